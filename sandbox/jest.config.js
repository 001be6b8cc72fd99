const base = require('../jest.base.config');

// jsforce 3.10.26 requires undici ^8, which cannot load on Node 20; the sandbox's tests use the
// undici 7.16.0 installed with this workspace instead (see src/compat/undiciCompat.ts).
const nodeMajor = Number(process.versions.node.split('.')[0]);
const undiciMapper = nodeMajor < 22 ? { '^undici$': require.resolve('undici', { paths: [__dirname] }) } : {};

module.exports = { ...base, displayName: 'sandbox', rootDir: __dirname, roots: ['<rootDir>/src'], moduleNameMapper: undiciMapper };
