const base = require('../jest.base.config');
module.exports = { ...base, displayName: 'sandbox', rootDir: __dirname, roots: ['<rootDir>/src'] };
