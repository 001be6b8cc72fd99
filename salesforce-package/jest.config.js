const base = require('../jest.base.config');
module.exports = { ...base, displayName: 'salesforce-package', rootDir: __dirname, roots: ['<rootDir>/src'] };
