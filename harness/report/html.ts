/**
 * index.html: the conformance results as one self-contained page (inline CSS
 * and JS, no network), readable from disk. The matrix (scenario × subject ×
 * OTP) is rendered here; each case page is rendered in the browser, on demand,
 * from the data embedded as JSON.
 *
 * Contract for tests and tools (keep stable):
 *   filters   #filter-family  #filter-verdict  #filter-subject  #filter-otp  #search  #reset  #shown-count
 *   summary   #summary .sum[data-verdict]          legend  #legend
 *   matrix    table#matrix  tr.family-row[data-family]
 *             tr.case-row[data-id][data-family][data-title]
 *             td.cell[data-verdict][data-subject][data-otp][data-col] > a[href="#case/<id>/<subject>/<col>"]
 *             (data-verdict="none" where a scenario has no result for that column)
 *   case page section#case-page (hidden until location.hash is #case/…), #back, #case-id, #case-verdict[data-verdict],
 *             .timeline[data-side="reference"|"subject"] with tr.ev[data-mark] rows, table.diff, #rerun
 *   data      script#results-data (type application/json): the ReportData below
 */
import type { DiffRow } from '../compare/diff.js';
import { resultText } from '../compare/lines.js';
import type { NormTrace } from '../compare/normalise.js';
import { VERDICTS, type Verdict } from '../compare/verdict.js';
import { formatJson, type TermJson } from '../term/json.js';
import type { Results } from './results.js';
import type { CaseResult } from '../runner/case.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { rerunCommand } from './rerun.js';

export { withScenarioMeta } from './results.js';

export const VERDICT_SYMBOLS: Record<Verdict, string> = {
  match: '✓',
  'match-alt': '≈',
  'known-divergence': '⚑',
  fail: '✗',
  error: '!',
  unsupported: '–',
};

export const VERDICT_MEANINGS: Record<Verdict, string> = {
  match: 'same trace as real Erlang',
  'match-alt': 'differs only where real Erlang itself varies',
  'known-divergence': 'differs, for a registered reason',
  fail: 'differs from real Erlang',
  error: 'the run itself failed',
  unsupported: 'does not apply here',
};

type Mark = '≠' | '<' | '>';

/** One event of a timeline: [time ms or null, kind, actor, side, call, result, diff mark or '', start ms or null]. */
export type TimelineRow = [number | null, 'step' | 'msg' | 'exit', string, string, string, string, Mark | '', number | null];

export interface Timeline {
  title: string;
  rows: TimelineRow[];
  errors: string[];
}

/** A case as the page shows it: the result's own fields, and what the page adds. */
export interface CaseData extends Pick<CaseResult, 'id' | 'family' | 'title' | 'subject' | 'against' | 'otp' | 'otpVersion' | 'provider' | 'verdict' | 'reasons' | 'durationMs'> {
  col: string;
  divergence?: { reason: string; evidence: string };
  spec?: { section: string; quote: string };
  rationale?: string;
  /** The command that re-runs the case. */
  rerun: string;
  stability?: unknown;
  /** With --capture: each run's pcap (relative to the report) and its FIN/RST/SYN events. */
  capture?: { reference?: CaptureData; subject?: CaptureData };
  reference?: Timeline;
  subjectTimeline?: Timeline;
  /** [mark, reference line, subject line] */
  diff: Array<[DiffRow['mark'], string, string]>;
}

export interface CaptureData {
  pcap: string;
  packets: number;
  events: Array<{ t: number; from: string; to: string; flag: string }>;
}

/** What script#results-data holds. */
export interface ReportData {
  runId: string;
  startedAt: string;
  durationMs: number;
  subjects: string[];
  references: Results['references'];
  summary: Results['summary'];
  verdicts: Array<{ verdict: Verdict; symbol: string; meaning: string }>;
  cases: CaseData[];
}

/** Longest text shown for one result or message; longer ones are cut. */
const CLIP = 4000;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside <script>: no '<', '>' or '&' survive, so no </script> or <!-- can end it early. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The hash that opens a case page. */
export function caseHash(id: string, subject: string, col: string): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%3A/gi, ':');
  return `#case/${enc(id)}/${enc(subject)}/${enc(col)}`;
}

function clip(s: string): string {
  return s.length > CLIP ? `${s.slice(0, CLIP)}… (${s.length} chars)` : s;
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** The marks of one side's lines (diff rows' left or right), by the fact each line is about. */
function sideMarks(diff: DiffRow[], side: 'left' | 'right'): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  const seen = new Map<string, number>();
  for (const r of diff) {
    const text = r[side];
    if (text === undefined) continue;
    let key: string | undefined;
    let m: RegExpExecArray | null;
    if ((m = /^#(\d+) /.exec(text))) key = `step ${m[1]}`;
    else if ((m = /^(\S+) <- /.exec(text))) {
      const n = seen.get(m[1]!) ?? 0;
      seen.set(m[1]!, n + 1);
      key = `mailbox ${m[1]} ${n}`;
    } else if ((m = /^(\S+) exits: /.exec(text))) key = `exit ${m[1]}`;
    if (key && r.mark !== '=') marks.set(key, r.mark);
  }
  return marks;
}

function timeline(raw: unknown, title: string, marks: Map<string, Mark>): Timeline | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const t = raw as Partial<NormTrace>;
  const rows: TimelineRow[] = [];
  for (const s of t.steps ?? []) {
    const result =
      s.status === 'done' ? safe(() => resultText(s.result), '?') : s.status === 'error' ? `ERROR ${s.error ?? ''}` : 'still pending';
    const at = s.t1 ?? s.t0;
    rows.push([at ?? null, 'step', s.actor ?? 'runner', s.actor ? (s.side ?? '') : 'runner', clip(s.call ?? s.op), clip(result), marks.get(`step ${s.index}`) ?? '', s.t0 ?? null]);
  }
  for (const [actor, box] of Object.entries(t.mailboxes ?? {}))
    box.forEach((m, i) =>
      rows.push([m.t, 'msg', actor, '', 'message', clip(safe(() => formatJson(m.msg as TermJson), '?')), marks.get(`mailbox ${actor} ${i}`) ?? '', null]),
    );
  for (const e of t.exits ?? []) rows.push([e.t, 'exit', e.actor, '', 'exit', clip(safe(() => formatJson(e.reason as TermJson), '?')), marks.get(`exit ${e.actor}`) ?? '', null]);
  // Stable sort: events without a time go last, in their recorded order.
  rows.sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity));
  const variant = t.info?.variant ? ` (${t.info.variant})` : '';
  return { title: `${title}${variant}`, rows, errors: (t.errors ?? []).map(clip) };
}

interface Column {
  subject: string;
  otp: string;
  col: string;
  /** the first column of its subject's group */
  first: boolean;
}

/** Subjects × reference columns; a column key is the OTP release, with the provider when two references share a release. */
function columnsOf(r: Results): { cols: Column[]; refCols: Array<{ otp: string; col: string; label: string }>; colOf: (c: Results['results'][number]) => string } {
  const refs: Array<{ otp: string; provider: string; version?: string }> = [...r.references];
  for (const c of r.results) if (!refs.some((x) => x.otp === c.otp && x.provider === c.provider)) refs.push({ otp: c.otp, provider: c.provider, version: c.otpVersion });
  const dup = (otp: string): boolean => refs.filter((x) => x.otp === otp).length > 1;
  const key = (otp: string, provider: string): string => (dup(otp) ? `${otp}-${provider}` : otp);
  const uniq = new Map<string, { otp: string; col: string; label: string }>();
  for (const x of [...refs].sort((a, b) => Number(a.otp) - Number(b.otp) || a.provider.localeCompare(b.provider))) {
    const col = key(x.otp, x.provider);
    if (!uniq.has(col)) uniq.set(col, { otp: x.otp, col, label: dup(x.otp) ? `OTP ${x.otp} ${x.provider}` : `OTP ${x.otp}` });
  }
  const refCols = [...uniq.values()];
  const subjects = [...r.subjects];
  for (const c of r.results) if (!subjects.includes(c.subject)) subjects.push(c.subject);
  const cols = subjects.flatMap((subject) => refCols.map((rc, i) => ({ subject, otp: rc.otp, col: rc.col, first: i === 0 })));
  return { cols, refCols, colOf: (c) => key(c.otp, c.provider) };
}

const OK: Verdict[] = ['match', 'match-alt', 'known-divergence'];

export function reportData(r: Results): ReportData {
  const { colOf } = columnsOf(r);
  const cases = r.results.map((c): CaseData => {
    const diff = c.diff ?? [];
    const ref = timeline(c.referenceTrace, `reference: ${c.against}, OTP ${c.otpVersion}`, sideMarks(diff, 'left'));
    const sub = timeline(c.subjectTrace, `subject: ${c.subject}`, sideMarks(diff, 'right'));
    return {
      id: c.id,
      family: c.family,
      title: c.title,
      subject: c.subject,
      against: c.against,
      otp: c.otp,
      col: colOf(c),
      otpVersion: c.otpVersion,
      provider: c.provider,
      verdict: c.verdict,
      reasons: c.reasons.map(clip),
      durationMs: c.durationMs,
      ...(c.divergence ? { divergence: { reason: c.divergence.reason, evidence: c.divergence.evidence } } : {}),
      ...(c.spec ? { spec: c.spec } : {}),
      ...(c.rationale ? { rationale: c.rationale } : {}),
      rerun: c.rerun ?? rerunCommand(c),
      ...(c.stability ? { stability: c.stability } : {}),
      ...(c.capture && (c.capture.reference || c.capture.subject) ? { capture: c.capture as CaseData['capture'] } : {}),
      ...(ref ? { reference: ref } : {}),
      ...(sub ? { subjectTimeline: sub } : {}),
      diff: diff.map((d) => [d.mark, clip(d.left ?? ''), clip(d.right ?? '')]),
    };
  });
  return {
    runId: r.runId,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    subjects: r.subjects,
    references: r.references,
    summary: r.summary,
    verdicts: VERDICTS.map((v) => ({ verdict: v, symbol: VERDICT_SYMBOLS[v], meaning: VERDICT_MEANINGS[v] })),
    cases,
  };
}

function fmtDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function fmtDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The whole report: one HTML file. */
export function renderHtml(r: Results): string {
  const e = escapeHtml;
  const data = reportData(r);
  const { cols, refCols } = columnsOf(r);
  const subjects = [...new Set(cols.map((c) => c.subject))];

  // Scenarios in run order, grouped by family.
  const families = new Map<string, Map<string, { title: string; cells: Map<string, CaseData> }>>();
  for (const c of data.cases) {
    const fam = families.get(c.family) ?? families.set(c.family, new Map()).get(c.family)!;
    const sc = fam.get(c.id) ?? fam.set(c.id, { title: c.title, cells: new Map() }).get(c.id)!;
    sc.cells.set(`${c.subject}\u0000${c.col}`, c);
  }
  const scenarioCount = [...families.values()].reduce((n, f) => n + f.size, 0);

  const colStats = (pred: (c: CaseData) => boolean): string => {
    const all = data.cases.filter(pred);
    const ok = all.filter((c) => OK.includes(c.verdict)).length;
    return `${ok}/${all.length}`;
  };

  const head1 = subjects.map((s) => `<th class="subj-h" colspan="${refCols.length}" data-subject="${e(s)}">${e(s)}</th>`).join('');
  const head2 = cols
    .map((c) => {
      const label = refCols.find((x) => x.col === c.col)!.label;
      const stats = colStats((x) => x.subject === c.subject && x.col === c.col);
      return `<th class="col-h${c.first ? ' grp' : ''}" data-subject="${e(c.subject)}" data-otp="${e(c.otp)}" data-col="${e(c.col)}" title="${e(`${c.subject} ${label}: ${stats} match, match-alt or known divergence`)}">${e(label)}<span class="stat">${e(stats)}</span></th>`;
    })
    .join('');

  const body: string[] = [];
  for (const [family, scenarios] of families) {
    const famCells = cols
      .map((c) => {
        const all = [...scenarios.values()].map((s) => s.cells.get(`${c.subject}\u0000${c.col}`)).filter((x): x is CaseData => !!x);
        const bad = all.filter((x) => x.verdict === 'fail' || x.verdict === 'error').length;
        const ok = all.filter((x) => OK.includes(x.verdict)).length;
        const text = all.length === 0 ? '' : bad ? `✗ ${bad}` : `${ok}/${all.length}`;
        return `<td class="fam-cell${bad ? ' has-bad' : ''}${c.first ? ' grp' : ''}" data-subject="${e(c.subject)}" data-otp="${e(c.otp)}" data-col="${e(c.col)}">${e(text)}</td>`;
      })
      .join('');
    body.push(
      `<tr class="family-row" data-family="${e(family)}"><th class="fam-name" scope="rowgroup">${e(family)}<span class="fam-count">${scenarios.size}</span></th>${famCells}</tr>`,
    );
    for (const [id, sc] of scenarios) {
      const short = id.startsWith(`${family}.`) ? id.slice(family.length + 1) : id;
      const cells = cols
        .map((c) => {
          const x = sc.cells.get(`${c.subject}\u0000${c.col}`);
          const grp = c.first ? ' grp' : '';
          const attrs = `data-subject="${e(c.subject)}" data-otp="${e(c.otp)}" data-col="${e(c.col)}"`;
          if (!x) return `<td class="cell v-none${grp}" data-verdict="none" ${attrs} title="not run">·</td>`;
          const tip = `${c.subject} OTP ${x.otpVersion}: ${x.verdict}${x.reasons[0] ? ` — ${x.reasons[0].slice(0, 200)}` : ''}`;
          return `<td class="cell v-${x.verdict}${grp}" data-verdict="${x.verdict}" ${attrs}><a href="${e(caseHash(id, c.subject, c.col))}" title="${e(tip)}" aria-label="${e(`${x.verdict}: ${id} on ${c.subject} OTP ${c.otp}`)}">${VERDICT_SYMBOLS[x.verdict]}</a></td>`;
        })
        .join('');
      body.push(
        `<tr class="case-row" data-id="${e(id)}" data-family="${e(family)}" data-title="${e(sc.title)}"><th class="scen" scope="row"><span class="sid">${e(short)}</span><span class="stitle" title="${e(sc.title)}">${e(sc.title)}</span></th>${cells}</tr>`,
      );
    }
  }

  const total = data.cases.length;
  const summary = VERDICTS.map(
    (v) =>
      `<button type="button" class="sum v-${v}" data-verdict="${v}" title="${e(VERDICT_MEANINGS[v])}"><span class="sym">${VERDICT_SYMBOLS[v]}</span><span class="n">${r.summary[v] ?? 0}</span><span class="lbl">${v}</span></button>`,
  ).join('');
  const legend = VERDICTS.map((v) => `<li><span class="chip v-${v}">${VERDICT_SYMBOLS[v]}</span><b>${v}</b> ${e(VERDICT_MEANINGS[v])}</li>`).join('');
  const refsText = r.references.length
    ? r.references.map((x) => `OTP ${e(x.version)} <span class="muted">(${e(x.provider)}: ${e(x.where)}, ready in ${x.startMs} ms)</span>`).join(', ')
    : '<span class="muted">none recorded</span>';
  const opt = (v: string, label = v): string => `<option value="${e(v)}">${e(label)}</option>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>gentcp conformance — ${e(r.runId)}</title>
<style>${pageFile('report.css')}</style>
</head>
<body>
<header class="top">
  <h1>gentcp conformance</h1>
  <p class="meta">Run <code id="run-id">${e(r.runId)}</code> · started <time datetime="${e(r.startedAt)}">${e(fmtDate(r.startedAt))}</time> · took ${e(fmtDuration(r.durationMs))} · ${scenarioCount} scenarios, ${total} cases</p>
  <p class="meta">Reference${r.references.length === 1 ? '' : 's'}: ${refsText}</p>
  <div id="summary" role="group" aria-label="verdict counts (click to filter)"><div class="sum total"><span class="n">${total}</span><span class="lbl">cases</span></div>${summary}</div>
</header>
<section id="matrix-page">
  <form id="filters" class="filters" onsubmit="return false">
    <label>Family <select id="filter-family">${opt('', 'all families')}${[...families.keys()].map((f) => opt(f)).join('')}</select></label>
    <label>Verdict <select id="filter-verdict">${opt('', 'all verdicts')}${opt('problems', 'fail or error')}${VERDICTS.map((v) => opt(v, `${VERDICT_SYMBOLS[v]} ${v}`)).join('')}</select></label>
    <label>Subject <select id="filter-subject">${opt('', 'all subjects')}${subjects.map((s) => opt(s)).join('')}</select></label>
    <label>OTP <select id="filter-otp">${opt('', 'all')}${refCols.map((c) => opt(c.col, c.label)).join('')}</select></label>
    <label class="grow">Search <input id="search" type="search" placeholder="scenario id or title" autocomplete="off"></label>
    <button type="button" id="reset">Reset</button>
    <span id="shown-count" aria-live="polite">${scenarioCount} of ${scenarioCount} scenarios</span>
  </form>
  <div class="table-wrap">
  <table id="matrix">
    <thead>
      <tr><th class="scen-h" rowspan="2">Scenario</th>${head1}</tr>
      <tr>${head2}</tr>
    </thead>
    <tbody>
${body.join('\n')}
    </tbody>
  </table>
  <p id="empty" hidden>No scenario matches these filters.</p>
  </div>
  <ul id="legend" class="legend">${legend}<li><span class="chip v-none">·</span><b>not run</b> no result for this column</li></ul>
</section>
<section id="case-page" hidden></section>
<script type="application/json" id="results-data">${scriptJson(data)}</script>
<script>${pageFile('report.js')}</script>
</body>
</html>
`;
}

/** The page's style and script: real files (harness/report/page/) that the lint checks, read once. */
const pageFiles = new Map<string, string>();
function pageFile(name: 'report.css' | 'report.js'): string {
  let text = pageFiles.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(projectRoot(), 'harness', 'report', 'page', name), 'utf8');
    pageFiles.set(name, text);
  }
  return text;
}
