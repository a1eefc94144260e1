/**
 * Jest runs the TypeScript sources as ESM through ts-jest. ts-jest only transpiles (tsconfig has
 * isolatedModules: true, so no type-checker per worker); type-checking is `npm run build`.
 *
 * Two tiers, chosen by the test file's NAME so the choice is visible where the test lives
 * (see __tests__/README.md):
 * - fast (`npm test`): every `*.test.ts` except `*.slow.test.ts`: unit and in-process pipeline
 *   tests over src/, no bundle, no service; under 2 minutes on 2 cores.
 * - slow (`npm run test:slow`): `*.slow.test.ts`: mutation/fuzz and whole-corpus sweeps, blob
 *   tests against Azurite, the bundled CLI and action (dist/), memory bounds.
 * `npx jest <path>` runs any test file of either tier.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }] },
  // Transpiled modules are cached inside the clone, so a second run skips most of ts-jest's cost.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

export default {
  // Jest's default is one worker less than the cores (1 on a 2-core runner); test files are independent.
  maxWorkers: '100%',
  // Global, not per project: jest 30 ignores testTimeout inside a project's config.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'fast', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'] },
    { ...shared, displayName: 'slow', testMatch: ['**/*.slow.test.ts'] },
  ],
};
