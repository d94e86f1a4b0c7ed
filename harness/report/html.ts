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

export interface CaseData {
  id: string;
  family: string;
  title: string;
  subject: string;
  against: string;
  otp: string;
  col: string;
  otpVersion: string;
  provider: string;
  verdict: Verdict;
  reasons: string[];
  durationMs: number;
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
<style>${CSS}</style>
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
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}

const CSS = String.raw`
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--accent:#0969da;
--match:#1a7f37;--match-bg:#dafbe1;--alt:#0a6c74;--alt-bg:#d3f3f1;--kd:#7d4e00;--kd-bg:#fff3c4;
--fail:#cf222e;--fail-bg:#ffebe9;--error:#a4420a;--error-bg:#ffe2cc;--uns:#6e7781;--uns-bg:#eef1f4}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
code,pre,.mono,.timeline td,.diff td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
a{color:var(--accent)}
.muted{color:var(--muted)}
header.top{padding:16px 24px 8px;border-bottom:1px solid var(--line);background:var(--soft)}
h1{font-size:20px;margin:0 0 4px}
.meta{margin:2px 0;color:var(--fg)}
#summary{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 6px}
.sum{display:flex;align-items:baseline;gap:6px;border:1px solid var(--line);border-radius:8px;padding:6px 12px;background:#fff;font:inherit;cursor:pointer;min-width:92px}
.sum.total{cursor:default;background:#fff}
.sum .n{font-size:18px;font-weight:600}
.sum .sym{font-weight:700}
.sum .lbl{color:var(--muted)}
.sum:not(.total):hover{border-color:var(--accent)}
.sum.active{outline:2px solid var(--accent)}
.v-match{color:var(--match);background:var(--match-bg)}
.v-match-alt{color:var(--alt);background:var(--alt-bg)}
.v-known-divergence{color:var(--kd);background:var(--kd-bg)}
.v-fail{color:var(--fail);background:var(--fail-bg)}
.v-error{color:var(--error);background:var(--error-bg)}
.v-unsupported{color:var(--uns);background:var(--uns-bg)}
.v-none{color:#8c959f;background:#fff}
.sum.v-match,.sum.v-match-alt,.sum.v-known-divergence,.sum.v-fail,.sum.v-error,.sum.v-unsupported{border-color:transparent}
.sum.zero{opacity:.55}
#matrix-page{padding:12px 24px 24px}
.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:0 0 12px;padding:10px 12px;border:1px solid var(--line);border-radius:8px;background:var(--soft)}
.filters label{display:flex;align-items:center;gap:6px;color:var(--muted)}
.filters select,.filters input,.filters button{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--fg)}
.filters .grow{flex:1 1 220px}
.filters .grow input{flex:1;min-width:160px}
#shown-count{color:var(--muted);margin-left:auto}
.table-wrap{overflow:auto;max-height:calc(100vh - 40px);border:1px solid var(--line);border-radius:8px}
#matrix{border-collapse:separate;border-spacing:0;width:max-content;min-width:100%}
#matrix th,#matrix td{border-bottom:1px solid #eaeef2;padding:3px 6px}
#matrix thead th{position:sticky;background:#fff;z-index:2;font-weight:600;text-align:center;white-space:nowrap}
#matrix thead tr:first-child th{top:0;height:30px}
#matrix thead tr:nth-child(2) th{top:30px;font-weight:500;color:var(--muted);font-size:12px;border-bottom:1px solid var(--line)}
#matrix thead .scen-h{left:0;z-index:3;text-align:left;vertical-align:bottom;border-bottom:1px solid var(--line)}
.subj-h{border-left:2px solid var(--line);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.col-h .stat{display:block;font-size:11px;color:var(--muted);font-weight:400}
th.scen{position:sticky;left:0;background:#fff;z-index:1;text-align:left;font-weight:400;white-space:nowrap;max-width:560px;overflow:hidden;text-overflow:ellipsis}
.sid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;font-weight:600;margin-right:10px}
.stitle{color:var(--muted);font-size:12.5px}
tr.family-row th,tr.family-row td{background:#eef2f6;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}
tr.family-row th{position:sticky;left:0;z-index:1;text-align:left;font-weight:600;padding:6px}
.fam-count{display:inline-block;margin-left:8px;font-weight:400;color:var(--muted);font-size:12px}
td.fam-cell{text-align:center;font-size:11.5px;color:var(--muted)}
td.fam-cell.has-bad{color:var(--fail);font-weight:600}
td.cell{text-align:center;min-width:64px;padding:0;font-weight:700;font-size:15px}
td.cell a{display:block;padding:3px 0;color:inherit;text-decoration:none}
td.cell a:hover,td.cell a:focus{outline:2px solid var(--accent);outline-offset:-2px}
td.cell.dim{opacity:.18}
.case-row:hover th.scen,.case-row:hover td{filter:brightness(.96)}
#matrix .grp{border-left:2px solid var(--line)}
.hide{display:none!important}
#empty{padding:16px;color:var(--muted)}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:12px 0 0;color:var(--muted)}
.legend b{color:var(--fg);font-weight:600;margin-right:4px}
.chip{display:inline-block;min-width:22px;text-align:center;border-radius:4px;font-weight:700;margin-right:6px;padding:0 4px}
#case-page{padding:16px 24px 32px;max-width:1600px}
#case-page h2{font-size:18px;margin:8px 0 2px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#case-page h3{font-size:15px;margin:20px 0 6px}
#case-page .title{font-size:16px;margin:0 0 10px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600}
.facts{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:6px 0 10px}
blockquote{margin:6px 0;padding:6px 12px;border-left:4px solid var(--line);background:var(--soft);color:#3a4048}
.reasons li{margin:2px 0;white-space:pre-wrap;word-break:break-word}
.div-box{border:1px solid #e9c46a;background:#fffbea;border-radius:8px;padding:8px 12px;margin:10px 0}
pre.cmd{background:#24292f;color:#f6f8fa;padding:10px 12px;border-radius:6px;overflow:auto;margin:4px 0}
.others{display:flex;flex-wrap:wrap;gap:6px}
.others a{text-decoration:none;border-radius:6px;padding:2px 8px;font-size:12.5px}
.others a.current{outline:2px solid var(--accent)}
.timelines{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;align-items:start}
.timeline{border:1px solid var(--line);border-radius:8px;overflow:auto}
.timeline h4{margin:0;padding:8px 10px;background:var(--soft);border-bottom:1px solid var(--line);font-size:13.5px}
.timeline table,.diff{border-collapse:collapse;width:100%;table-layout:fixed}
.timeline col.mk,.diff col.mk{width:26px}
.timeline col.t{width:58px}
.timeline col.who{width:112px}
.timeline col.call{width:40%}
.timeline th,.diff th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;padding:4px 8px;border-bottom:1px solid var(--line)}
.timeline td,.diff td{padding:2px 8px;vertical-align:top;border-bottom:1px solid #f0f2f4;white-space:pre-wrap;overflow-wrap:anywhere}
.timeline td.t{text-align:right;color:var(--muted);white-space:nowrap}
.timeline td.who{overflow-wrap:normal}
.timeline td.mk,.diff td.mk{width:1.6em;text-align:center;font-weight:700}
.side{display:inline-block;font-size:10.5px;padding:0 4px;border-radius:3px;margin-left:4px;background:#eaeef2;color:var(--muted);font-family:inherit}
.side.subject{background:#ddf4ff;color:#0550ae}
tr.ev.msg td.call,tr.ev.exit td.call{color:var(--muted);font-style:italic}
tr.ev.pending td.res{color:var(--kd)}
tr.ev.err td.res{color:var(--error)}
tr[data-mark="≠"] td{background:#fff5d6}
tr[data-mark="<"] td{background:#ffebe9}
tr[data-mark=">"] td{background:#e6f4ff}
tr[data-mark="≠"] td.mk{color:var(--kd)}
tr[data-mark="<"] td.mk{color:var(--fail)}
tr[data-mark=">"] td.mk{color:#0550ae}
.capture{padding:6px 10px;border-top:1px solid var(--line);font-size:12.5px;color:var(--muted)}
.capture ul{margin:4px 0 0;padding-left:18px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.errors{color:var(--error);padding:6px 10px;margin:0}
.none{padding:10px;color:var(--muted)}
details summary{cursor:pointer;font-weight:600;margin:16px 0 6px}
.marks-key{color:var(--muted);font-size:12.5px;margin:4px 0}
.back{display:inline-block;margin-bottom:6px}
`;

/** The page's script: filters and the case pages. Plain ES2020, no template literals (this file holds it in one). */
const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var $ = function (s, root) { return (root || document).querySelector(s); };
  var $$ = function (s, root) { return Array.prototype.slice.call((root || document).querySelectorAll(s)); };
  var data = null;
  function getData() {
    if (!data) data = JSON.parse(document.getElementById('results-data').textContent);
    return data;
  }
  // Small DOM builder: text always goes in as text, never as HTML.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === undefined || attrs[k] === null || attrs[k] === false) continue;
      if (k === 'text') el.textContent = attrs[k];
      else if (k === 'cls') el.className = attrs[k];
      else el.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  // ---- filters ----
  var fFamily = $('#filter-family'), fVerdict = $('#filter-verdict'), fSubject = $('#filter-subject'), fOtp = $('#filter-otp'), fSearch = $('#search');
  var rows = $$('#matrix tr.case-row');
  var famRows = $$('#matrix tr.family-row');
  var colEls = $$('#matrix [data-col]');
  var subjHeads = $$('#matrix th.subj-h');
  function verdictOk(v, want) {
    if (!want) return true;
    if (want === 'problems') return v === 'fail' || v === 'error';
    return v === want;
  }
  function apply() {
    var fam = fFamily.value, ver = fVerdict.value, subj = fSubject.value, otp = fOtp.value;
    var q = fSearch.value.trim().toLowerCase();
    colEls.forEach(function (el) {
      var show = (!subj || el.getAttribute('data-subject') === subj) && (!otp || el.getAttribute('data-col') === otp);
      el.classList.toggle('hide', !show);
    });
    var nOtp = $$('#matrix thead th.col-h').filter(function (th) { return !th.classList.contains('hide'); }).length;
    subjHeads.forEach(function (th) {
      var s = th.getAttribute('data-subject');
      var visible = $$('#matrix thead th.col-h').filter(function (c) { return c.getAttribute('data-subject') === s && !c.classList.contains('hide'); }).length;
      th.classList.toggle('hide', visible === 0);
      th.colSpan = Math.max(1, visible);
    });
    var shown = 0, famShown = {};
    rows.forEach(function (tr) {
      var ok = (!fam || tr.getAttribute('data-family') === fam);
      if (ok && q) ok = tr.getAttribute('data-id').toLowerCase().indexOf(q) >= 0 || tr.getAttribute('data-title').toLowerCase().indexOf(q) >= 0;
      var any = false;
      tr.querySelectorAll('td.cell').forEach(function (td) {
        if (td.classList.contains('hide')) return;
        var m = verdictOk(td.getAttribute('data-verdict'), ver);
        td.classList.toggle('dim', !!ver && !m);
        if (m) any = true;
      });
      if (ver && !any) ok = false;
      tr.classList.toggle('hide', !ok);
      if (ok) { shown++; famShown[tr.getAttribute('data-family')] = true; }
    });
    famRows.forEach(function (tr) { tr.classList.toggle('hide', !famShown[tr.getAttribute('data-family')]); });
    $('#shown-count').textContent = shown + ' of ' + rows.length + ' scenarios' + (nOtp < $$('#matrix thead th.col-h').length ? ', ' + nOtp + ' columns' : '');
    $('#empty').hidden = shown > 0;
    $$('#summary .sum[data-verdict]').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-verdict') === ver); });
  }
  [fFamily, fVerdict, fSubject, fOtp].forEach(function (el) { el.addEventListener('change', apply); });
  fSearch.addEventListener('input', apply);
  $('#reset').addEventListener('click', function () { fFamily.value = fVerdict.value = fSubject.value = fOtp.value = fSearch.value = ''; apply(); });
  $$('#summary .sum[data-verdict]').forEach(function (b) {
    if (b.querySelector('.n').textContent === '0') b.classList.add('zero');
    b.addEventListener('click', function () {
      var v = b.getAttribute('data-verdict');
      fVerdict.value = fVerdict.value === v ? '' : v;
      apply();
    });
  });

  // ---- case pages ----
  var matrixPage = $('#matrix-page'), casePage = $('#case-page');
  var matrixScroll = 0, fromMatrix = false;
  function enc(s) { return encodeURIComponent(s).replace(/%3A/gi, ':'); }
  function hashOf(c) { return '#case/' + enc(c.id) + '/' + enc(c.subject) + '/' + enc(c.col); }
  function findCase(id, subject, col) {
    var cs = getData().cases;
    for (var i = 0; i < cs.length; i++) if (cs[i].id === id && cs[i].subject === subject && cs[i].col === col) return cs[i];
    return null;
  }
  function symbol(v) {
    var vs = getData().verdicts;
    for (var i = 0; i < vs.length; i++) if (vs[i].verdict === v) return vs[i].symbol;
    return '?';
  }
  function fmtT(t) { return t === null || t === undefined ? '?' : t.toFixed(1); }
  function captureEl(cap) {
    if (!cap || !cap.pcap) return null;
    var ev = (cap.events || []).map(function (e) { return fmtT(e.t) + ' ms ' + e.flag + ' ' + e.from + ' → ' + e.to; });
    return h('div', { cls: 'capture' }, 'pcap: ', /^[a-z][a-z0-9+.-]*:/i.test(cap.pcap) ? h('code', { text: cap.pcap }) : h('a', { href: cap.pcap, text: cap.pcap }), ' (' + cap.packets + ' packets)',
      ev.length ? h('ul', null, ev.map(function (x) { return h('li', { text: x }); })) : null);
  }
  function timelineEl(tl, side, cap) {
    var box = h('div', { cls: 'timeline', 'data-side': side });
    if (!tl) {
      box.appendChild(h('h4', { text: side === 'reference' ? 'reference' : 'subject' }));
      box.appendChild(h('p', { cls: 'none', text: 'No trace was recorded.' }));
      return box;
    }
    box.appendChild(h('h4', { text: tl.title }));
    var tb = h('tbody');
    tl.rows.forEach(function (r) {
      var t = r[0], kind = r[1], actor = r[2], sd = r[3], call = r[4], res = r[5], mark = r[6], t0 = r[7];
      var cls = 'ev ' + kind + (res === 'still pending' ? ' pending' : '') + (res.indexOf('ERROR ') === 0 ? ' err' : '');
      var tip = kind === 'step' && t0 !== null && t !== null ? 'started ' + fmtT(t0) + ' ms, ended ' + fmtT(t) + ' ms (' + (t - t0).toFixed(1) + ' ms)' : null;
      var who = h('td', { cls: 'who' }, actor, kind === 'step' && sd && sd !== 'runner' ? h('span', { cls: 'side ' + sd, text: sd === 'subject' ? 'subj' : sd }) : null, kind === 'msg' ? ' \u2190' : null);
      tb.appendChild(h('tr', { cls: cls, 'data-mark': mark || '=' },
        h('td', { cls: 'mk', text: mark || '' }),
        h('td', { cls: 't', title: tip, text: fmtT(t) }),
        who,
        h('td', { cls: 'call', text: call }),
        h('td', { cls: 'res', text: res })));
    });
    var cg = h('colgroup', null, ['mk', 't', 'who', 'call', 'res'].map(function (c) { return h('col', { cls: c }); }));
    box.appendChild(h('table', null, cg, h('thead', null, h('tr', null, h('th', { text: '' }), h('th', { text: 'ms' }), h('th', { text: 'actor' }), h('th', { text: 'call' }), h('th', { text: 'result / message' }))), tb));
    if (tl.errors && tl.errors.length) box.appendChild(h('ul', { cls: 'errors' }, tl.errors.map(function (e) { return h('li', { text: e }); })));
    var ce = captureEl(cap);
    if (ce) box.appendChild(ce);
    return box;
  }
  function showCase(id, subject, col) {
    var c = findCase(id, subject, col);
    casePage.textContent = '';
    var back = h('a', { href: '#', id: 'back', cls: 'back', text: '\u2190 Back to the matrix' });
    back.addEventListener('click', function (ev) { ev.preventDefault(); goMatrix(); });
    casePage.appendChild(back);
    if (!c) {
      casePage.appendChild(h('p', { text: 'No case ' + id + ' for ' + subject + ' OTP ' + col + ' in this run.' }));
      return;
    }
    casePage.appendChild(h('h2', { id: 'case-id', text: c.id }));
    casePage.appendChild(h('p', { cls: 'title', text: c.title }));
    casePage.appendChild(h('div', { cls: 'facts' },
      h('span', { id: 'case-verdict', cls: 'badge v-' + c.verdict, 'data-verdict': c.verdict, text: symbol(c.verdict) + ' ' + c.verdict }),
      h('span', null, 'subject ', h('code', { text: c.subject }), ' against ', h('code', { text: c.against })),
      h('span', { text: 'OTP ' + c.otpVersion + ' (' + c.provider + ')' }),
      h('span', { cls: 'muted', text: c.durationMs + ' ms' })));
    if (c.spec) {
      casePage.appendChild(h('h3', { text: 'Spec' }));
      casePage.appendChild(h('div', { id: 'case-spec' }, h('div', { cls: 'muted', text: c.spec.section }), h('blockquote', { text: c.spec.quote })));
    }
    if (c.rationale) {
      casePage.appendChild(h('h3', { text: 'Rationale' }));
      casePage.appendChild(h('p', { id: 'case-rationale', text: c.rationale }));
    }
    if (c.reasons && c.reasons.length) {
      casePage.appendChild(h('h3', { text: 'Reasons' }));
      casePage.appendChild(h('ul', { cls: 'reasons', id: 'case-reasons' }, c.reasons.map(function (r) { return h('li', { text: r }); })));
    }
    if (c.divergence) {
      casePage.appendChild(h('div', { cls: 'div-box', id: 'case-divergence' },
        h('div', null, h('b', { text: '\u2691 Registered divergence: ' }), c.divergence.reason),
        h('div', { cls: 'muted' }, 'Evidence: ', c.divergence.evidence)));
    }
    if (c.stability) {
      var st = c.stability;
      casePage.appendChild(h('h3', { text: 'Stability' }));
      casePage.appendChild(h('p', { text: st.distinct + ' distinct subject trace(s) in ' + st.runs + ' runs' }));
      if (st.counts) casePage.appendChild(h('ul', null, st.counts.map(function (x) { return h('li', { text: x.count + '\u00d7 ' + x.verdict + (x.firstLine ? ': ' + x.firstLine : '') }); })));
    }
    casePage.appendChild(h('h3', { text: 'Re-run' }));
    casePage.appendChild(h('pre', { cls: 'cmd', id: 'rerun', text: c.rerun }));
    var others = getData().cases.filter(function (x) { return x.id === c.id; });
    if (others.length > 1) {
      casePage.appendChild(h('h3', { text: 'This scenario elsewhere' }));
      casePage.appendChild(h('div', { cls: 'others' }, others.map(function (x) {
        return h('a', { href: hashOf(x), cls: 'v-' + x.verdict + (x === c ? ' current' : ''), title: x.verdict, text: symbol(x.verdict) + ' ' + x.subject + ' OTP ' + x.col });
      })));
    }
    casePage.appendChild(h('h3', { text: 'Traces' }));
    casePage.appendChild(h('p', { cls: 'marks-key', text: 'Differing lines are marked: \u2260 changed, < only in the reference, > only in the subject. Times are ms from the start of each run.' }));
    casePage.appendChild(h('div', { cls: 'timelines' }, timelineEl(c.reference, 'reference', c.capture && c.capture.reference), timelineEl(c.subjectTimeline, 'subject', c.capture && c.capture.subject)));
    if (c.diff && c.diff.length) {
      var dt = h('tbody');
      c.diff.forEach(function (d) {
        dt.appendChild(h('tr', { 'data-mark': d[0] }, h('td', { cls: 'mk', text: d[0] === '=' ? '' : d[0] }), h('td', { text: d[1] }), h('td', { text: d[2] })));
      });
      var det = h('details', { open: c.verdict === 'match' ? null : 'open' },
        h('summary', { text: 'Compared lines (' + c.diff.filter(function (d) { return d[0] !== '='; }).length + ' differ of ' + c.diff.length + ')' }),
        h('table', { cls: 'diff' }, h('colgroup', null, h('col', { cls: 'mk' }), h('col'), h('col')), h('thead', null, h('tr', null, h('th', { text: '' }), h('th', { text: 'reference' }), h('th', { text: 'subject' }))), dt));
      casePage.appendChild(det);
    }
  }
  function goMatrix() {
    if (fromMatrix) history.back();
    else location.hash = '';
  }
  function route() {
    var m = /^#case\/([^/]*)\/([^/]*)\/([^/]*)$/.exec(location.hash);
    if (m) {
      if (!matrixPage.hidden) { matrixScroll = window.scrollY; fromMatrix = true; }
      showCase(decodeURIComponent(m[1]), decodeURIComponent(m[2]), decodeURIComponent(m[3]));
      matrixPage.hidden = true;
      casePage.hidden = false;
      window.scrollTo(0, 0);
    } else {
      casePage.hidden = true;
      casePage.textContent = '';
      if (matrixPage.hidden) { matrixPage.hidden = false; window.scrollTo(0, matrixScroll); }
      fromMatrix = false;
    }
  }
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && !casePage.hidden) goMatrix(); });
  apply();
  route();
})();
`;
