/**
 * `gentcp-conformance/jest`: what a user's Jest tests need to check scenarios.
 * Pair it with `globalSetup: 'gentcp-conformance/jest/global-setup'` and
 * `globalTeardown: 'gentcp-conformance/jest/global-teardown'`, which start and
 * stop one reference Erlang node for the run.
 */
export { expectConformance, verifyScenario, conformanceMatchers, ConformanceError, type VerifyOptions } from './verify.js';
export { explain } from '../report/explain.js';
export type { CaseResult } from '../runner/case.js';
export { scenario, until, bin, str, fill, list, path, raises, LOOPBACK, LOOPBACK6 } from '../../suites/builder.js';
