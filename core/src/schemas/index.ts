export * from './columns';
export * from './campaign';
export * from './contact';
export * from './touchpoint';
export * from './deal';
