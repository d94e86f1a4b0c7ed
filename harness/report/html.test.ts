import { Script } from 'node:vm';
import type { NormTrace } from '../compare/normalise.js';
import { VERDICTS } from '../compare/verdict.js';
import { syntheticResults } from './fixtures.js';
import { caseHash, escapeHtml, renderHtml, reportData, scriptJson, VERDICT_SYMBOLS, withScenarioMeta, type ReportData } from './html.js';
import { CaseResultSchema, ResultsSchema, type Results } from './results.js';

const EVIL = '</script><script>alert(1)</script><!-- & \'"\u2028';

function evilTrace(subject: string, recv: string): NormTrace {
  return {
    info: { scenario: 'x', subject, provider: 'local', otp: '25', otpVersion: '25.2.3', startedAt: '2026-11-26T00:00:00Z', durationMs: 9, variant: 'native' },
    steps: [
      { index: 0, op: 'listen', call: `listen(0, [${EVIL}])`, status: 'done', actor: 'server', side: 'peer', result: ['ok', { sock: 'L' }], t0: 0.5, t1: 0.7 },
      { index: 1, op: 'recv', call: 'recv(C, 0)', status: 'done', actor: 'client', side: 'subject', result: { bin: recv }, t0: 2, t1: 3.25 },
      { index: 2, op: 'recv', call: 'recv(C, 0)', status: 'pending', actor: 'client', side: 'subject', t0: 4 },
    ],
    mailboxes: { client: [{ t: 1.5, msg: ['tcp', { sock: 'C' }, { bin: 'x' }] }, { t: 2.5, msg: ['tcp_closed', { sock: 'C' }] }] },
    exits: [{ actor: 'client', t: 5, reason: 'normal' }],
    errors: [],
  };
}

/** Every verdict, two subjects, two OTP releases; one failing case with traces full of markup. */
function sample(): Results {
  const r = syntheticResults([
    { id: 'econnreset.a', verdict: 'match' },
    { id: 'econnreset.b', verdict: 'fail' },
    { id: 'econnreset.b', verdict: 'match', subject: 'ts:socket' },
    { id: 'backlog.c', verdict: 'error', subject: 'ts:socket' },
    { id: 'backlog.d', verdict: 'known-divergence' },
    { id: 'backlog.e', verdict: 'unsupported', otp: '27' },
    { id: 'backlog.f', verdict: 'match-alt' },
  ]);
  r.references.push({ provider: 'local', otp: '27', version: '27.3', where: 'erl on PATH', startMs: 300 });
  const fail = r.results[1]!;
  fail.referenceTrace = evilTrace('erlang:inet', 'a');
  fail.subjectTrace = evilTrace('ts:inet', EVIL);
  // Rows as diffLines(traceLines(..)) gives them: the second recv result and the second client message differ.
  fail.diff = [
    { left: `#0 server listen -> {ok,L}`, right: `#0 server listen -> {ok,L}`, mark: '=' },
    { left: '#1 client recv -> <<"a">>', right: `#1 client recv -> <<${JSON.stringify(EVIL)}>>`, mark: '≠' },
    { left: '#2 client recv -> pending', right: '#2 client recv -> pending', mark: '=' },
    { left: 'client <- {tcp,C,<<"x">>}', right: 'client <- {tcp,C,<<"x">>}', mark: '=' },
    { right: 'client <- {tcp_closed,C}', mark: '>' },
    { left: 'client exits: normal', mark: '<' },
  ];
  Object.assign(fail, { spec: { section: 'gen_tcp:recv/3 <b>', quote: `a quote with ${EVIL}` }, rationale: 'why & <how>' });
  return r;
}

function embedded(html: string): ReportData {
  const m = /<script type="application\/json" id="results-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as ReportData;
}

describe('renderHtml', () => {
  const results = sample();
  const html = renderHtml(results);

  test('is one self-contained document: no network, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link\b|\bsrc=|@import|\bfetch\(|XMLHttpRequest|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  test('escapes scenario text and trace strings: nothing in the data can close the script or add markup', () => {
    // Only the page's own two scripts close.
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<!-- &');
    expect(html).not.toContain('<with & "markup">');
    expect(html).toContain('title of econnreset.a &lt;with &amp; &quot;markup&quot;&gt;');
    expect(html).not.toContain('\u2028');
  });

  test('the embedded data round-trips exactly, markup included', () => {
    const data = embedded(html);
    expect(data.runId).toBe('test-run');
    expect(data.cases).toHaveLength(results.results.length);
    const c = data.cases.find((x) => x.id === 'econnreset.b' && x.subject === 'ts:inet')!;
    expect(c.title).toBe('title of econnreset.b <with & "markup">');
    expect(c.spec?.quote).toBe(`a quote with ${EVIL}`);
    expect(c.rationale).toBe('why & <how>');
    expect(c.reference!.rows[0]![4]).toBe(`listen(0, [${EVIL}])`);
    expect(c.subjectTimeline!.rows.some((r) => r[5] === `<<${JSON.stringify(EVIL)}>>`)).toBe(true);
    expect(c.diff[1]).toEqual(['≠', '#1 client recv -> <<"a">>', `#1 client recv -> <<${JSON.stringify(EVIL)}>>`]);
  });

  test('every verdict appears in the matrix with its symbol, and in the legend and summary', () => {
    for (const v of VERDICTS) {
      expect(html).toMatch(new RegExp(`<td class="cell v-${v}[^"]*" data-verdict="${v}"[^>]*><a [^>]*>${VERDICT_SYMBOLS[v]}</a></td>`));
      expect(html).toContain(`<button type="button" class="sum v-${v}" data-verdict="${v}"`);
      expect(html).toContain(`<span class="chip v-${v}">${VERDICT_SYMBOLS[v]}</span><b>${v}</b>`);
    }
    expect(new Set(Object.values(VERDICT_SYMBOLS)).size).toBe(VERDICTS.length);
  });

  test('rows, family headers, columns and cells carry the documented attributes', () => {
    expect(html.match(/<tr class="case-row" data-id="[^"]+" data-family="[^"]+"/g)).toHaveLength(6);
    expect(html).toContain('<tr class="family-row" data-family="econnreset">');
    expect(html).toContain('<tr class="family-row" data-family="backlog">');
    // 6 scenarios × 2 subjects × 2 OTP columns, the ones not run marked as such.
    expect(html.match(/<td class="cell /g)).toHaveLength(24);
    expect(html.match(/data-verdict="none"/g)).toHaveLength(24 - results.results.length);
    expect(html).toContain(`href="${caseHash('econnreset.b', 'ts:inet', '25')}"`);
    expect(caseHash('econnreset.b', 'ts:inet', '25')).toBe('#case/econnreset.b/ts:inet/25');
    for (const id of ['filter-family', 'filter-verdict', 'filter-subject', 'filter-otp', 'search', 'summary', 'legend', 'matrix', 'case-page'])
      expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<option value="backlog">backlog</option>');
    expect(html).toContain('<option value="ts:socket">ts:socket</option>');
  });

  test('the header names the run and its references', () => {
    expect(html).toContain('<code id="run-id">test-run</code>');
    expect(html).toContain('2026-11-26 00:00:00 UTC');
    expect(html).toContain('OTP 25.2.3 <span class="muted">(local: erl on PATH, ready in 300 ms)</span>');
    expect(html).toContain('OTP 27.3');
  });

  test('the inline script is valid JavaScript', () => {
    const m = /<script>([\s\S]*?)<\/script>/.exec(html);
    expect(() => new Script(m![1]!)).not.toThrow();
  });
});

describe('reportData', () => {
  const data = reportData(sample());
  const c = data.cases.find((x) => x.id === 'econnreset.b' && x.subject === 'ts:inet')!;

  test('timelines are in time order, with actor, side, call and result', () => {
    const ref = c.reference!;
    expect(ref.title).toBe('reference: erlang:inet, OTP 25.2.3 (native)');
    expect(ref.rows.map((r) => r[0])).toEqual([0.7, 1.5, 2.5, 3.25, 4, 5]);
    expect(ref.rows[0]).toEqual([0.7, 'step', 'server', 'peer', `listen(0, [${EVIL}])`, '{ok,L}', '', 0.5]);
    expect(ref.rows[1]).toEqual([1.5, 'msg', 'client', '', 'message', '{tcp,C,<<"x">>}', '', null]);
    expect(ref.rows[4]![5]).toBe('still pending');
    expect(ref.rows[5]).toEqual([5, 'exit', 'client', '', 'exit', 'normal', '<', null]);
  });

  test('the diff rows mark the lines that differ, on each side', () => {
    const marks = (rows: NonNullable<typeof c.reference>['rows']): string[] => rows.map((r) => `${r[1]}:${r[6] || '='}`);
    expect(marks(c.reference!.rows)).toEqual(['step:=', 'msg:=', 'msg:=', 'step:≠', 'step:=', 'exit:<']);
    expect(marks(c.subjectTimeline!.rows)).toEqual(['step:=', 'msg:=', 'msg:>', 'step:≠', 'step:=', 'exit:=']);
  });

  test('a known divergence keeps its registered reason', () => {
    const kd = data.cases.find((x) => x.verdict === 'known-divergence')!;
    expect(kd.divergence?.reason).toBe('cannot on Node because …');
  });

  test('scriptJson leaves no <, > or & in the text, and parses back', () => {
    const v = { s: EVIL };
    const j = scriptJson(v);
    expect(j).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(j)).toEqual(v);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('withScenarioMeta', () => {
  test('adds the spec and rationale, which results.json then keeps', () => {
    const r = sample().results[0]!;
    const scenario = { spec: { section: 'gen_tcp:recv/3', quote: 'exactly Length bytes' }, rationale: 'recv returns what was asked' };
    const m = withScenarioMeta(r as Parameters<typeof withScenarioMeta>[0], scenario);
    expect(m.spec).toEqual(scenario.spec);
    expect(m.rationale).toBe(scenario.rationale);
    expect(CaseResultSchema.parse(m)).toMatchObject({ spec: scenario.spec, rationale: scenario.rationale });
    expect(() => ResultsSchema.parse({ ...sample(), results: [m] })).not.toThrow();
  });
});

describe('scale', () => {
  test('250 scenarios × 4 subjects × 3 OTP releases render a cell each, case pages left to the browser', () => {
    const subjects = ['erlang:inet', 'erlang:socket', 'ts:inet', 'ts:socket'];
    const cases = [];
    for (let i = 0; i < 250; i++)
      for (const subject of subjects)
        for (const otp of ['25', '27', '29']) cases.push({ id: `fam${i % 12}.case-${i}`, subject, otp, verdict: VERDICTS[(i + otp.length) % 6]! });
    const big = syntheticResults(cases);
    for (const r of big.results) {
      r.referenceTrace = evilTrace('erlang:inet', 'a');
      r.subjectTrace = evilTrace(r.subject, 'b');
    }
    const out = renderHtml(big);
    expect(out.match(/<td class="cell /g)).toHaveLength(3000);
    // Case pages are not rendered up front: no timeline markup in the page itself.
    expect(out).not.toContain('class="timeline"');
  });
});
