/**
 * The conformance suite through Jest: every scenario of every family (or those whose id starts
 * with one of GENTCP_ONLY's comma-separated prefixes) on each subject, against each reference.
 */
import { selectScenarios } from '../harness/runner/conformance.js';
import { allScenarios } from './index.js';
import { conformance } from './verify.js';

conformance(selectScenarios(allScenarios(), process.env.GENTCP_ONLY));
