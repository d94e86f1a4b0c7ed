/**
 * gentcp-conformance as a library: the scenario builder and format, to write
 * scenarios in TypeScript and save them as the JSON files `gentcp run` and
 * `gentcp conformance` take.
 */
export { scenario, until, bin, str, fill, list, path, LOOPBACK, LOOPBACK6, Builder, Actor, Sock, type Meta } from '../suites/builder.js';
export type { Scenario, TermIn } from './scenario/schema.js';
export { validateScenario, loadScenarioFile, ScenarioError } from './scenario/validate.js';
export { allScenarios, families } from '../suites/index.js';
export { familyOf, isScenarioId } from './scenario/ids.js';
export { loadScenarioSources, uniqueScenarios, type SourcedScenario } from './scenario/sources.js';
