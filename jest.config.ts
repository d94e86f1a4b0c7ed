import type { Config } from 'jest';

const config: Config = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/harness', '<rootDir>/suites'],
  testMatch: ['**/*.test.ts'],
  // The harness imports the library by its package name; tests run it from source.
  moduleNameMapper: { '^gentcp$': '<rootDir>/src/index.ts', '^gentcp/testing$': '<rootDir>/src/testing.ts', '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  // One reference driver serves the whole run (harness/testing/global-*.ts).
  globalSetup: '<rootDir>/harness/testing/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/harness/testing/jest-global-teardown.mjs',
  testTimeout: 120_000,
  // Scenario files wait on sockets more than on the CPU: two workers halve a run on two cores.
  maxWorkers: Number(process.env.GENTCP_JEST_WORKERS ?? 2),
};

export default config;
