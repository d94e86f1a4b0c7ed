/**
 * gentcp-conformance as a library: the scenario builder and format, to write
 * scenarios in TypeScript and save them as the JSON files `gentcp run` and
 * `gentcp conformance` take, and to check them from Jest (also at `gentcp-conformance/jest`).
 */
export { scenario, until, bin, str, fill, list, path, raises, LOOPBACK, LOOPBACK6, Builder, Actor, Sock, type Meta, type PairSpec, type Pair, type Where } from '../suites/builder.js';
export type { Scenario, TermIn } from './scenario/schema.js';
export { validateScenario, loadScenarioFile, ScenarioError } from './scenario/validate.js';
export { allScenarios, families } from '../suites/index.js';
export { familyOf, isScenarioId } from './vocabulary/ids.js';
export { loadScenarioSources, uniqueScenarios, type SourcedScenario } from './scenario/sources.js';
export { expectConformance, verifyScenario, conformanceMatchers, ConformanceError, type VerifyOptions } from './jest/verify.js';
export type { CaseResult } from './runner/case.js';
export { parseSubject, SUBJECTS, type Subject, type SubjectName } from './vocabulary/subject.js';
