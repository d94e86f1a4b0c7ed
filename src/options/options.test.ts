/**
 * Option parsing and setopts/getopts rules per profile, without a kernel socket. Each
 * expectation is one a scenario of suites/options pins down against real Erlang (its id
 * is in the test's name).
 */
import { ErlangError, ErlangExit } from '../erlang/errors.js';
import { Process } from '../process/process.js';
import { profileFor, type Backend, type OtpRelease } from '../profile/profiles.js';
import { InetStream } from '../backend/inet_stream.js';
import { tcpModule } from '../backend/select.js';
import { SocketStream } from '../backend/socket_stream.js';
import type { StreamSocket } from '../socket/stream.js';
import type { Transport } from '../socket/transport.js';
import { parseCreateOptions } from './parse.js';
import { getoptsOn, setoptsOn } from './socket-options.js';

type Profiled = [Backend, OtpRelease];
const ALL: Profiled[] = [['inet', '25'], ['inet', '27'], ['inet', '29'], ['socket', '25'], ['socket', '27'], ['socket', '29']];
const each = (list: Profiled[] = ALL) => test.each(list.map((p) => [`${p[0]} ${p[1]}`, p] as const));

/** A connected socket on a transport that does nothing: only the option rules run. */
function connected([backend, otp]: Profiled, options: unknown[]): StreamSocket {
  const profile = profileFor(backend, otp);
  const module = tcpModule(backend);
  const parsed = parseCreateOptions('connect', options, profile, module.options);
  if (Array.isArray(parsed)) throw new Error(`refused: ${JSON.stringify(parsed)}`);
  const noop = (): void => undefined;
  const transport = { attach: noop, readNow: noop, setReading: noop, setNoDelay: noop, setKeepAlive: noop, fd: undefined, destroyed: false, queued: 0 };
  const Stream = backend === 'inet' ? InetStream : SocketStream;
  return new Stream(new Process(), parsed.opts, profile, module, transport as unknown as Transport);
}

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    if (e instanceof ErlangExit || e instanceof ErlangError) return [e.class, e.reason];
    throw e;
  }
  return 'returned';
};

describe('parseCreateOptions', () => {
  each()('options.bad-listen (%s): {buffer,0} is taken by inet, refused by socket', (_, prof) => {
    const r = parseCreateOptions('listen', [['buffer', 0]], profileFor(...prof), tcpModule(prof[0]).options);
    if (prof[0] === 'inet') expect(Array.isArray(r)).toBe(false);
    else expect(r).toEqual(['error', prof[1] === '25' ? ['invalid', ['socket_option', ['otp', 'rcvbuf'], 0]] : 'einval']);
  });

  each()('options.inet-backend-placement (%s): {inet_backend,_} anywhere but first exits badarg', (_, prof) => {
    const profile = profileFor(...prof);
    const dialect = tcpModule(prof[0]).options;
    expect(Array.isArray(parseCreateOptions('listen', [['inet_backend', 'inet'], 'binary'], profile, dialect))).toBe(false);
    expect(thrown(() => parseCreateOptions('listen', ['binary', ['inet_backend', 'inet']], profile, dialect))).toEqual(['exit', 'badarg']);
  });
});

describe('setopts and getopts', () => {
  each()('options.bad-setopts (%s): a bad value is einval; inet applies nothing, socket what came before it', (_, prof) => {
    const s = connected(prof, ['binary', ['active', false]]);
    expect(setoptsOn(s, [['packet', 2], ['active', 'maybe']] as never)).toEqual(['error', 'einval']);
    expect(getoptsOn(s, ['packet'])).toEqual(['ok', [['packet', prof[0] === 'inet' ? 0 : 2]]]);
  });

  each()('options.bad-setopts (%s): not a list raises bad_generator (inet) or function_clause (socket)', (_, prof) => {
    const s = connected(prof, ['binary', ['active', false]]);
    expect(thrown(() => setoptsOn(s, 'binary' as never))).toEqual(['error', prof[0] === 'inet' ? ['bad_generator', 'binary'] : 'function_clause']);
  });

  each([['inet', '25'], ['inet', '27'], ['inet', '29'], ['socket', '25']])('options.bad-setopts (%s): a bare unknown atom is einval (inet), exit badarg (socket 25)', (_, prof) => {
    const s = connected(prof, ['binary', ['active', false]]);
    const set = (): unknown => setoptsOn(s, [['nodelay', true], 'foo'] as never);
    if (prof[0] === 'inet') expect(set()).toEqual(['error', 'einval']);
    else expect(thrown(set)).toEqual(['exit', 'badarg']);
  });
});

describe('busy message queue limits', () => {
  each([['inet', '25'], ['inet', '27'], ['inet', '29']])('options.watermark-bounds (%s): the value wraps to 32 bits; 0 and -1 refused, other negatives capped', (_, prof) => {
    const s = connected(prof, ['binary', ['active', false]]);
    const high = (v: number): unknown => [setoptsOn(s, [['high_msgq_watermark', v]]), getoptsOn(s, ['high_msgq_watermark'])];
    expect(high(0)).toEqual([['error', 'einval'], ['ok', [['high_msgq_watermark', 8192]]]]);
    expect(high(2147483648)).toEqual(['ok', ['ok', [['high_msgq_watermark', 2147483647]]]]);
    expect(high(4294967295)).toEqual([['error', 'einval'], ['ok', [['high_msgq_watermark', 2147483647]]]]);
    expect(high(4294967296 + 5)).toEqual(['ok', ['ok', [['high_msgq_watermark', 5]]]]);
  });
});
