// A user's Jest config: one reference Erlang node for the whole run (GENTCP_REFERENCES, else auto).
export default {
  globalSetup: 'gentcp-conformance/jest/global-setup',
  globalTeardown: 'gentcp-conformance/jest/global-teardown',
  testEnvironment: 'node',
  transform: {},
  testTimeout: 60_000,
};
