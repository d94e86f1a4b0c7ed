import { coloursFor, wantsColour } from './colour.js';
import { etaMs, formatDuration, progressLine, type Progress } from './progress.js';

const ANSI = /\x1b\[/;
const plain = coloursFor({ isTTY: false }, {});
const coloured = coloursFor({ isTTY: true }, {});
const at = (p: Partial<Progress>): Progress => ({ n: 3, total: 12, elapsedMs: 6_000, verdict: 'match', id: 'econnreset.active-show', subject: 'ts:inet', otp: '25', ...p });

describe('progress lines', () => {
  test('durations read as seconds, minutes and hours', () => {
    expect([0, 1_400, 59_000, 65_000, 3_600_000 + 120_000].map(formatDuration)).toEqual(['0s', '1s', '59s', '1m05s', '1h02m']);
  });

  test('the ETA is the mean case time so far times the cases left', () => {
    expect(etaMs(6_000, 3, 9)).toBe(18_000);
    expect(etaMs(0, 0, 12)).toBe(0);
  });

  test('a line shows the count, elapsed time, ETA, verdict, case and release', () => {
    expect(progressLine(at({}), plain)).toBe('[ 3/12]     6s elapsed, ETA 18s    ✓ match            econnreset.active-show ts:inet OTP 25');
  });

  test('a fail carries its first reason on the next line', () => {
    const line = progressLine(at({ verdict: 'fail', reason: 'reference #3 ... vs subject #3 ...' }), plain);
    expect(line.split('\n')).toEqual([expect.stringContaining('✗ fail'), '      reference #3 ... vs subject #3 ...']);
  });

  test('fail and error lines are coloured when colour is on, and differ from each other', () => {
    const fail = progressLine(at({ verdict: 'fail' }), coloured);
    const error = progressLine(at({ verdict: 'error' }), coloured);
    expect(fail).toMatch(ANSI);
    expect(error).toMatch(ANSI);
    expect(fail.slice(0, fail.indexOf('[ 3/12]'))).not.toBe(error.slice(0, error.indexOf('[ 3/12]')));
    expect(progressLine(at({ verdict: 'match' }), coloured)).not.toMatch(ANSI);
  });

  test('with colour off no line has an escape', () => {
    for (const verdict of ['match', 'match-alt', 'known-divergence', 'fail', 'error', 'unsupported'] as const)
      expect(progressLine(at({ verdict, reason: 'why' }), plain)).not.toMatch(ANSI);
  });
});

describe('when to colour', () => {
  test.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{}, { CI: 'true' }, false],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, true],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, true],
    [{ isTTY: true }, { TERM: 'dumb' }, false],
  ])('stream %j, env %j: %s', (stream, env, want) => {
    expect(wantsColour(stream, env)).toBe(want);
  });
});
