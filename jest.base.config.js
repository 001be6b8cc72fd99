// Shared jest settings: every workspace's jest.config.js spreads this (apollo-server style).
// ts-jest only transpiles (isolatedModules in tsconfig.jest.json): `tsc -b` in `npm test` already
// type-checks the sources, so each test file compiles on its own, fast.
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.jest.json'), diagnostics: false }],
  },
  testMatch: ['**/__tests__/**/*.test.ts', '**/__tests__/**/*.test.tsx', '**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
