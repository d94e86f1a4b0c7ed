/** gentcp doctor: what this machine runs and has — the library's variant, Node, versions, Erlang, Docker. */
import { native } from 'gentcp';
import { DEFAULT_OTP, defaultImage } from '../providers/container.js';
import { dockerAnswers } from '../providers/auto.js';
import { imageTags } from '../providers/images.js';
import { localOtp } from '../providers/local.js';
import { subjectsFromEnv } from '../vocabulary/subject.js';
import { coloursFor } from './colour.js';
import { libraryVersion, suiteVersion } from './version.js';

export async function doctorCommand(): Promise<number> {
  const c = coloursFor(process.stdout);
  const line = (what: string, value: string): void => console.log(`${what.padEnd(20)} ${value}`);
  const info = native();
  line('gentcp', `${libraryVersion() ?? c.red('not found')}`);
  line('  variant', info.variant === 'native'
    ? `native (${info.origin ?? 'unknown origin'}: ${info.path ?? '?'})`
    : c.yellow(`fallback, pure TypeScript (${info.reason ?? 'no reason given'}); the fallback's known divergences apply`));
  line('  platform', info.platform);
  line('gentcp-conformance', suiteVersion());
  line('node', process.version);
  // erl's start and Docker's answer each take a moment: ask both at once.
  const [otp, docker] = await Promise.all([localOtp(), dockerAnswers()]);
  line('erl on PATH', otp === undefined ? c.yellow('none (--reference local needs one: apt-get install erlang-nox)') : `OTP ${otp}`);
  line('docker', docker ? 'answers' : c.yellow('does not answer (--reference container needs it)'));
  if (docker) {
    const tags = await imageTags();
    line('erlang images', tags.length ? tags.join(', ') : c.yellow(`none (erlang/image/build.sh --otp ${DEFAULT_OTP} builds ${defaultImage(DEFAULT_OTP)})`));
  }
  line('subjects', `${subjectsFromEnv().join(',')}${process.env.GENTCP_SUBJECTS ? ' (from GENTCP_SUBJECTS)' : ' (the default)'}`);
  if (process.env.GENTCP_ERLANG_IMAGE) line('GENTCP_ERLANG_IMAGE', process.env.GENTCP_ERLANG_IMAGE);
  return 0;
}
