module.exports = {
  projects: ['<rootDir>/core', '<rootDir>/sandbox', '<rootDir>/hubspot-app', '<rootDir>/salesforce-package', '<rootDir>/test'],
};
