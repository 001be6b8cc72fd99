const base = require('../jest.base.config');
module.exports = { ...base, displayName: 'core', rootDir: __dirname, roots: ['<rootDir>/src', '<rootDir>/test'] };
