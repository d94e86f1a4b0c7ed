/**
 * The options several commands share, each parsed and checked where commander reads it,
 * so that a bad value is a usage error naming the option (exit 2).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ReferenceChoice } from '../providers/types.js';
import { parseShard } from '../runner/sharing.js';
import { parseSubject, parseSubjects, SUBJECTS, type SubjectName } from '../vocabulary/subject.js';

export const OTPS = ['25', '27', '29'] as const;
const PROVIDERS = ['auto', 'container', 'local', 'recorded'] as const;

/** One reference node to run against: a provider, and the OTP release when one is asked for. */
export interface ReferenceTarget {
  provider: ReferenceChoice;
  otp?: string;
}

function checkOtp(o: string, what: string): string {
  if (!(OTPS as readonly string[]).includes(o)) throw new InvalidArgumentError(`${what} takes ${OTPS.join(', ')}, not "${o}".`);
  return o;
}

/** --otp 25,27: releases, each one of OTPS. */
export function parseOtps(value: string): string[] {
  return value.split(',').map((o) => checkOtp(o.trim(), '--otp'));
}

/** --otp 27: one release (run, record and repro start one reference). */
export function parseOneOtp(value: string): string {
  if (value.includes(',')) throw new InvalidArgumentError('run, record and repro start one reference: give one release (conformance takes several).');
  return checkOtp(value.trim(), '--otp');
}

/** --reference container:27,local: providers, each optionally with its own release. */
export function parseReferences(value: string): ReferenceTarget[] {
  return value.split(',').map((item) => {
    const [provider, otp, extra] = item.trim().split(':');
    if (!(PROVIDERS as readonly string[]).includes(provider!) || extra !== undefined)
      throw new InvalidArgumentError(`--reference takes ${PROVIDERS.join(', ')} (optionally :OTP), not "${item}".`);
    return { provider: provider as ReferenceChoice, ...(otp !== undefined ? { otp: checkOtp(otp, `--reference ${provider}:OTP`) } : {}) };
  });
}

/** --reference local: one provider. */
export function parseOneReference(value: string): ReferenceTarget {
  const refs = parseReferences(value);
  if (refs.length !== 1) throw new InvalidArgumentError('run, record and repro start one reference: give one (conformance takes several).');
  return refs[0]!;
}

/** The reference nodes to run against, in order: each --reference with its own OTP, else with each --otp. */
export function referenceTargets(refs: ReferenceTarget[], otps: string[] | undefined): ReferenceTarget[] {
  return refs.flatMap((r) => (r.otp !== undefined || otps === undefined ? [r] : otps.map((otp) => ({ ...r, otp }))));
}

/** --repeat N: a whole number from 1 to 1000. */
export function parseRepeat(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError(`--repeat takes a whole number from 1 to 1000, not "${value}".`);
  return n;
}

/** --workers N: 1 to 64. */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 64) throw new InvalidArgumentError(`--workers takes a whole number from 1 to 64, not "${value}".`);
  return n;
}

/** --shard i/n. */
export function parseShardOption(value: string): { index: number; total: number } {
  try {
    return parseShard(value);
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

/** --subjects ts:inet,ts:socket. */
export function parseSubjectList(value: string): SubjectName[] {
  try {
    return parseSubjects(value);
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

/** --subject S, one of the given subjects. */
export function subjectOption(choices: readonly SubjectName[], byDefault: SubjectName, what: string): Option {
  return new Option('--subject <subject>', what).choices(choices).default(byDefault);
}

/** --subject S: a built-in subject, module:<path>[@backend] or node:<host>:<port>[@backend] / node:cmd:<command>[@backend]. */
export function anySubjectOption(byDefault: SubjectName, what: string): Option {
  return new Option('--subject <subject>', `${what}: ${SUBJECTS.join(', ')}, module:<path>[@inet|@socket] or node:<host>:<port>[@…] / node:cmd:<command>[@…]`)
    .argParser(parseOneSubject)
    .default(byDefault);
}

export function parseOneSubject(value: string): SubjectName {
  try {
    return parseSubject(value).name;
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

export function againstOption(): Option {
  return new Option('--against <subject>', 'the backend to compare with (default: the Erlang backend of the subject\'s name)').choices(SUBJECTS);
}

/** Where run, record and repro find their one reference node. */
export function addOneReferenceOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--reference <provider[:otp]>', 'where the reference Erlang runs: auto, container or local, or recorded:<otp> (the recorded traces of real Erlang, no Erlang started)').argParser(parseOneReference).default({ provider: 'auto' }, 'auto'))
    .addOption(new Option('--otp <release>', `the OTP release of the reference (${OTPS.join(', ')})`).argParser(parseOneOtp))
    .addOption(new Option('--image <image>', 'the container image of the reference (default: localhost/gentcp/erlang:<otp>, or GENTCP_ERLANG_IMAGE)'));
}

/** One target from --reference and --otp, as run, record and repro take it. */
export function oneTarget(reference: ReferenceTarget, otp: string | undefined): ReferenceTarget {
  return referenceTargets([reference], otp === undefined ? undefined : [otp])[0]!;
}

/** --scenarios a,b --scenarios c (and --divergences): repeatable, each comma-separated; paths in the order given. */
export function collectPaths(value: string, previous: string[] | undefined): string[] {
  const items = value.split(',').map((x) => x.trim());
  if (items.some((x) => x === '')) throw new InvalidArgumentError(`takes file or directory paths, comma-separated, not "${value}".`);
  return [...(previous ?? []), ...items];
}
