/** Jest globalTeardown for users' projects (`gentcp-conformance/jest/global-teardown`): stops what globalSetup started. */
export { default } from '../testing/global-teardown.js';
