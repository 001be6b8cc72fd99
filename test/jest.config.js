// Cross-package integration tests (the product end to end against the sandbox).
const base = require('../jest.base.config');
module.exports = { ...base, displayName: 'integration', rootDir: __dirname, roots: ['<rootDir>'], testMatch: ['<rootDir>/**/*.test.ts'] };
