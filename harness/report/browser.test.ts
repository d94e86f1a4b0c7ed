/**
 * index.html in a real browser: headless Chromium (Debian's, at /usr/bin/chromium)
 * driven by playwright-core. Opens the page from disk, filters, searches, opens a
 * case page, and leaves a screenshot in reports/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import playwright from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { diffLines } from '../compare/diff.js';
import { traceLines } from '../compare/lines.js';
import type { NormTrace } from '../compare/normalise.js';
import { VERDICTS, type Verdict } from '../compare/verdict.js';
import { projectRoot } from '../vocabulary/project.js';
import type { Scenario } from '../scenario/schema.js';
import { renderHtml } from './html.js';
import { RESULTS_VERSION, type Results } from './results.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const SUBJECTS = ['erlang:inet', 'erlang:socket', 'ts:inet', 'ts:socket'];
const OTPS = [
  { otp: '25', version: '25.2.3' },
  { otp: '27', version: '27.3.4' },
];
const FAMILIES: Record<string, string[]> = {
  'connect-listen': ['listen-any', 'connect-refused', 'accept-timeout', 'backlog-full', 'reuseaddr'],
  'send-recv': ['recv-exact', 'recv-zero', 'send-after-close', 'recv-timeout', 'big-binary'],
  econnreset: ['passive-show', 'active-noshow', 'send-after-reset'],
  shutdown: ['write-then-recv', 'read-write', 'half-close-active'],
};

const noScenario = { steps: [], messages: {} } as unknown as Scenario;

function trace(subject: string, otpVersion: string, recvResult: unknown, extraMsg: boolean, slow: number): NormTrace {
  return {
    info: { scenario: 'x', subject, provider: 'local', otp: otpVersion.split('.')[0]!, otpVersion, startedAt: '2026-11-26T00:00:00Z', durationMs: 40 },
    steps: [
      { index: 0, op: 'listen', call: 'listen(0, [binary,{active,false}])', status: 'done', actor: 'server', side: 'peer', result: ['ok', { sock: 'L' }], t0: 0.4, t1: 0.6 },
      { index: 1, op: 'connect', call: 'connect({127,0,0,1}, port(L), [binary,{active,false}])', status: 'done', actor: 'client', side: 'subject', result: ['ok', { sock: 'C' }], t0: 1.1, t1: 1.9 + slow },
      { index: 2, op: 'accept', call: 'accept(L, 2000)', status: 'done', actor: 'server', side: 'peer', result: ['ok', { sock: 'S' }], t0: 2.2, t1: 2.5 + slow },
      { index: 3, op: 'send', call: 'send(S, <<"hello">>)', status: 'done', actor: 'server', side: 'peer', result: 'ok', t0: 3, t1: 3.1 + slow },
      { index: 4, op: 'close', call: 'close(S)', status: 'done', actor: 'server', side: 'peer', result: 'ok', t0: 3.3, t1: 3.4 + slow },
      { index: 5, op: 'recv', call: 'recv(C, 10, 1000)', status: 'done', actor: 'client', side: 'subject', result: recvResult as NormTrace['steps'][number]['result'], t0: 4, t1: 5.2 + slow },
    ],
    mailboxes: { client: extraMsg ? [{ t: 6 + slow, msg: ['tcp_closed', { sock: 'C' }] }] : [], server: [] },
    exits: [],
    errors: [],
  };
}

/** A run of 17 scenarios × 4 subjects × 2 OTP releases with every verdict somewhere. */
function sampleResults(): Results {
  const results: Results['results'] = [];
  let k = 0;
  for (const [family, cases] of Object.entries(FAMILIES))
    for (const c of cases)
      for (const { otp, version } of OTPS)
        for (const subject of SUBJECTS) {
          const id = `${family}.${c}`;
          const against = `erlang:${subject.split(':')[1]}`;
          k++;
          let verdict: Verdict = 'match';
          if (subject.startsWith('ts:') && k % 7 === 0) verdict = 'fail';
          else if (subject.startsWith('ts:') && k % 11 === 0) verdict = 'known-divergence';
          else if (k % 13 === 0) verdict = 'match-alt';
          else if (k % 29 === 0) verdict = 'error';
          else if (family === 'shutdown' && subject.endsWith(':socket') && otp === '25') verdict = 'unsupported';
          const base = { id, family, title: `${c.replace(/-/g, ' ')}: what gen_tcp does <exactly> & "why"`, subject, against, otp, otpVersion: version, provider: 'local' };
          const spec = { section: 'gen_tcp:recv/3', quote: 'If Length > 0, exactly Length bytes are returned, or an error.' };
          const rationale = `the ${c} requirement, in one line`;
          if (verdict === 'unsupported' || verdict === 'error') {
            results.push({ ...base, verdict, reasons: [verdict === 'error' ? 'reference: driver timed out after 5000 ms' : 'the socket backend does not apply before OTP 26'], durationMs: 3, diff: [], spec, rationale });
            continue;
          }
          const ref = trace(against, version, ['ok', { bin: 'hello' }], false, 0);
          const differs = verdict === 'fail' || verdict === 'known-divergence';
          const sub = trace(subject, version, differs ? ['error', 'closed'] : ['ok', { bin: 'hello' }], differs, 0.7);
          const diff = diffLines(traceLines(ref, noScenario), traceLines(sub, noScenario));
          const reasons =
            verdict === 'fail'
              ? ['#5 client recv: reference {ok,<<"hello">>}, subject {error,closed}']
              : verdict === 'known-divergence'
                ? ['known divergence: Node cannot see the RST before the data is read', '#5 client recv differs']
                : verdict === 'match-alt'
                  ? ['the traces differ only at steps whose alternatives real Erlang itself shows']
                  : [];
          results.push({
            ...base,
            verdict,
            reasons,
            durationMs: 40 + (k % 17),
            diff,
            subjectTrace: sub,
            referenceTrace: ref,
            spec,
            rationale,
            ...(verdict === 'known-divergence' ? { divergence: { scenario: id, reason: 'Node cannot see the RST before the data is read', evidence: 'strace of libuv, see docs' } } : {}),
          });
        }
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length])) as Results['summary'];
  return {
    version: RESULTS_VERSION,
    runId: '2026-11-26T02-03-19-429Z',
    startedAt: '2026-11-26T02:03:19.429Z',
    durationMs: 79_300,
    subjects: SUBJECTS,
    references: OTPS.map((o) => ({ provider: 'local' as const, otp: o.otp, version: o.version, where: 'erl on PATH', startMs: 600 })),
    summary,
    results,
  };
}

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the HTML report test needs it. Install it with \`apt-get install -y chromium\` (Debian), then run this test again.`,
    );
  return playwright.chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** What the page functions use of the browser (tsconfig has no DOM library). */
interface BrowserGlobals {
  getComputedStyle(e: unknown): { backgroundColor: string };
}

/** 'rgb(1, 2, 3)' (a computed colour) as [1, 2, 3]. */
function rgbOf(css: string): number[] {
  const m = /^rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const same = (a: number[], b: number[]): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's screenshots are): its size and pixels. */
function decodePng(file: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unexpected PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? out[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`PNG filter ${filter}`);
      out[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return { width, height, pixel: (x, y) => [...out.subarray(y * stride + x * channels, y * stride + x * channels + 3)] };
}

const scenarioCount = Object.values(FAMILIES).reduce((n, c) => n + c.length, 0);

describe('index.html in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  const results = sampleResults();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gentcp-html-')), 'index.html');
  writeFileSync(file, renderHtml(results));

  beforeAll(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const visibleRows = (): Promise<number> => page.locator('tr.case-row:visible').count();
  const reset = async (): Promise<void> => {
    await page.click('#reset');
    expect(await visibleRows()).toBe(scenarioCount);
  };

  test('the matrix renders a row per scenario and a cell per subject × OTP', async () => {
    expect(await page.locator('tr.case-row').count()).toBe(scenarioCount);
    expect(await visibleRows()).toBe(scenarioCount);
    expect(await page.locator('tr.family-row:visible').count()).toBe(Object.keys(FAMILIES).length);
    expect(await page.locator('td.cell').count()).toBe(scenarioCount * SUBJECTS.length * OTPS.length);
    expect(await page.locator('td.cell[data-subject="ts:inet"][data-otp="27"]').count()).toBe(scenarioCount);
    expect(await page.locator('#shown-count').textContent()).toContain(`${scenarioCount} of ${scenarioCount}`);
    for (const v of VERDICTS) expect(await page.locator(`td.cell[data-verdict="${v}"]`).count()).toBe(results.summary[v]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  test('the screenshot shows the matrix: not blank, each verdict cell in its own colour', async () => {
    const dir = path.join(projectRoot(), 'reports', 'screenshots');
    mkdirSync(dir, { recursive: true });
    const png = decodePng(await page.screenshot({ path: path.join(dir, 'report.png') }));
    expect([png.width, png.height]).toEqual([1400, 900]);
    // Not blank: a good share of the pixels differ from the page's background.
    const bg = rgbOf(String(await page.evaluate('getComputedStyle(document.body).backgroundColor')));
    let other = 0;
    for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (!same(png.pixel(x, y), bg)) other++;
    expect(other / (png.width * png.height)).toBeGreaterThan(0.05);
    // Each verdict's first visible cell: a pixel by its left edge (off the border and the centred symbol) is its colour.
    const colours = new Map<string, string>();
    for (const v of VERDICTS) {
      const cell = page.locator(`td.cell[data-verdict="${v}"]`).first();
      const box = await cell.boundingBox();
      if (!box || box.y + box.height > png.height) continue;
      const want = rgbOf(await cell.evaluate((td) => (globalThis as unknown as BrowserGlobals).getComputedStyle(td).backgroundColor));
      const got = png.pixel(Math.floor(box.x) + 5, Math.floor(box.y + box.height / 2));
      expect({ verdict: v, rgb: got }).toEqual({ verdict: v, rgb: want });
      colours.set(v, want.join(','));
    }
    // The sample puts match, fail and error cells on the first screen, each a colour of its own.
    for (const v of ['match', 'fail', 'error']) expect(colours.has(v)).toBe(true);
    expect(new Set(colours.values()).size).toBe(colours.size);
  });

  test('the family filter narrows the matrix to one family', async () => {
    await page.selectOption('#filter-family', 'econnreset');
    expect(await visibleRows()).toBe(FAMILIES.econnreset!.length);
    expect(await page.locator('tr.case-row:visible').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-family') === 'econnreset'))).toBe(true);
    expect(await page.locator('tr.family-row:visible').count()).toBe(1);
    await reset();
  });

  test('the verdict filter keeps only scenarios with such a cell', async () => {
    await page.selectOption('#filter-verdict', 'fail');
    const failing = new Set(results.results.filter((r) => r.verdict === 'fail').map((r) => r.id));
    expect(failing.size).toBeGreaterThan(0);
    expect(failing.size).toBeLessThan(scenarioCount);
    expect(await visibleRows()).toBe(failing.size);
    expect(await page.locator('tr.case-row:visible td.cell[data-verdict="fail"]:not(.dim)').count()).toBe(results.summary.fail);
    await reset();
  });

  test('the subject filter hides the other subjects’ columns', async () => {
    await page.selectOption('#filter-subject', 'ts:socket');
    expect(await page.locator('td.cell:visible').count()).toBe(scenarioCount * OTPS.length);
    expect(await page.locator('td.cell[data-subject="ts:inet"]:visible').count()).toBe(0);
    expect(await page.locator('th.subj-h:visible').count()).toBe(1);
    await reset();
  });

  test('the search box narrows by scenario id', async () => {
    await page.fill('#search', 'recv-');
    const ids = await page.locator('tr.case-row:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids.sort()).toEqual(['send-recv.recv-exact', 'send-recv.recv-timeout', 'send-recv.recv-zero']);
    await page.fill('#search', 'no-such-scenario');
    expect(await visibleRows()).toBe(0);
    expect(await page.locator('#empty').isVisible()).toBe(true);
    await page.fill('#search', '');
    await reset();
  });

  test('clicking a cell opens its case page with both traces, the differences marked', async () => {
    const failing = results.results.find((r) => r.verdict === 'fail')!;
    const cell = page.locator(`tr.case-row[data-id="${failing.id}"] td.cell[data-subject="${failing.subject}"][data-otp="${failing.otp}"] a`);
    await cell.click();
    await page.locator('#case-page').waitFor({ state: 'visible' });
    expect(await page.locator('#matrix-page').isVisible()).toBe(false);
    expect(page.url()).toContain(`#case/${failing.id}/${failing.subject}/${failing.otp}`);
    expect(await page.locator('#case-id').textContent()).toBe(failing.id);
    expect(await page.locator('#case-verdict').getAttribute('data-verdict')).toBe('fail');
    const ref = page.locator('.timeline[data-side="reference"]');
    const sub = page.locator('.timeline[data-side="subject"]');
    expect(await ref.isVisible()).toBe(true);
    expect(await sub.isVisible()).toBe(true);
    expect(await ref.locator('tr.ev').count()).toBe(6);
    expect(await sub.locator('tr.ev').count()).toBe(7);
    // recv differs on both sides; the subject's extra tcp_closed exists only there.
    expect(await ref.locator('tr.ev[data-mark="≠"]').count()).toBe(1);
    expect(await sub.locator('tr.ev[data-mark="≠"]').count()).toBe(1);
    expect(await sub.locator('tr.ev[data-mark=">"]').count()).toBe(1);
    expect(await ref.locator('tr.ev[data-mark="≠"] td.res').textContent()).toBe('{ok,<<"hello">>}');
    expect(await page.locator('#case-spec blockquote').textContent()).toContain('exactly Length bytes');
    expect(await page.locator('#rerun').textContent()).toBe(`gentcp run ${failing.id} --subject ${failing.subject} --against ${failing.against} --reference ${failing.provider} --otp ${failing.otp}`);
    expect(await page.locator('#case-page h2 + .title').textContent()).toContain('<exactly> & "why"');
    await page.locator('#case-page').screenshot({ path: path.join(projectRoot(), 'reports', 'screenshots', 'report-case.png') });

    await page.click('#back');
    await page.locator('#matrix-page').waitFor({ state: 'visible' });
    expect(await page.locator('#case-page').isVisible()).toBe(false);
    expect(await visibleRows()).toBe(scenarioCount);
  });

  test('a known divergence shows its registered reason', async () => {
    const kd = results.results.find((r) => r.verdict === 'known-divergence')!;
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#case/${kd.id}/${kd.subject}/${kd.otp}`);
    await page.locator('#case-divergence').waitFor({ state: 'visible' });
    expect(await page.locator('#case-divergence').textContent()).toContain('Node cannot see the RST');
    await page.click('#back');
    await page.locator('#matrix-page').waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
