// One flat ESLint config for the TypeScript packages (typescript-eslint's recommended rules).
// Platform folders with their own vendor presets (LWC, HubSpot cards) extend theirs next to the code.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const NODE_GLOBALS = Object.fromEntries(
  ['require', 'module', 'exports', 'process', '__dirname', '__filename', 'console', 'Buffer', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'fetch', 'AbortController', 'structuredClone', 'queueMicrotask', 'global', 'globalThis'].map(
    (name) => [name, 'readonly'],
  ),
);

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'examples/**', '.sandbox/**', 'salesforce-package/force-app/**', 'hubspot-app/project/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
);
