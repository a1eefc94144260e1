/**
 * ESLint 9 flat config: @eslint/js recommended + typescript-eslint recommended (syntax-only, not
 * type-checked; docs/architecture.md "Lint" says why). `npm run lint`; .ci/run runs it.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The Node globals the .mjs scripts use (TypeScript files get theirs from @types/node via tsc). */
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'structuredClone'].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  // Generated or third-party: the bundle, fixture images and the test corpus.
  { ignores: ['dist/', 'build/', 'coverage/', 'node_modules/', '__tests__/corpus/', '__tests__/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: nodeGlobals },
    rules: {
      // The gate's job is to find and neutralise control characters in image text: regexes that
      // match them are the point (report/neutralise.ts and its tests), not a mistake.
      'no-control-regex': 'off',
      // `_name` marks a value destructured away on purpose (`{ path: _path, ...settings }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests match the text report's column layout literally: two spaces read better than ` {2}`.
    files: ['__tests__/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
);
