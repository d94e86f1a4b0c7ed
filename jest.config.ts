import type { Config } from 'jest';

/** What both projects share: ts-jest in ESM, and the library resolved from source. */
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  // The harness imports the library by its package name; tests run it from source.
  moduleNameMapper: { '^gentcp$': '<rootDir>/src/index.ts', '^gentcp/testing$': '<rootDir>/src/testing.ts', '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
} satisfies Config;

/**
 * Harness tests that run real Erlang (a driver they start themselves, or the published reference):
 * they belong to the conformance project. Every other test under src/ and harness/ is a unit test.
 */
const ERLANG_HARNESS_TESTS = [
  'harness/runner/driver.test.ts',
  'harness/runner/driver-killed.test.ts',
  'harness/repro/bundle.test.ts',
  'harness/cli/session.test.ts',
  'harness/cli/interrupt.test.ts',
  'harness/cli/shard-merge.test.ts',
];

/**
 * One reference driver serves a whole run (harness/testing/global-*.ts). Jest runs a project's
 * globalSetup only when at least one of its tests is selected, so the unit project never starts it.
 */
const referenceNodes = {
  globalSetup: '<rootDir>/harness/testing/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/harness/testing/jest-global-teardown.mjs',
};

const config: Config = {
  projects: [
    {
      ...common,
      // No Erlang, no Docker, no reference node: `npx jest --selectProjects unit`.
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/harness/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...ERLANG_HARNESS_TESTS.map((p) => `<rootDir>/${p}`)],
    },
    {
      ...common,
      displayName: 'conformance',
      testMatch: ['<rootDir>/suites/**/*.test.ts', ...ERLANG_HARNESS_TESTS.map((p) => `<rootDir>/${p}`)],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/suites/interop/'],
      ...referenceNodes,
    },
    {
      ...common,
      // Real Erlang programs against gentcp programs, under load of their own: a run of their own,
      // after the conformance cases (which run several at once), so neither is the other's load.
      displayName: 'interop',
      testMatch: ['<rootDir>/suites/interop/**/*.test.ts'],
      ...referenceNodes,
    },
  ],
  // Jest 30 takes the timeout from the top level only (a project's own testTimeout is not applied).
  testTimeout: 120_000,
  // Two workers by default. npm run test:conformance runs one (GENTCP_JEST_WORKERS=1): the conformance
  // cases (suites/conformance.test.ts, one worker pool of their own) then have the machine to
  // themselves, so the cases that must run alone do.
  maxWorkers: Number(process.env.GENTCP_JEST_WORKERS ?? 2),
};

export default config;
