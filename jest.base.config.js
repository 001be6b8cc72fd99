// Shared jest settings: every workspace's jest.config.js spreads this (apollo-server style).
// ts-jest transpiles only (isolatedModules): `tsc -b` in `npm test` already type-checks the sources.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
