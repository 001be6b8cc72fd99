const base = require('../jest.base.config');
module.exports = { ...base, displayName: 'hubspot-app', rootDir: __dirname, roots: ['<rootDir>/src'] };
