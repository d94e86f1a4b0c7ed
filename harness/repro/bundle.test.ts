/**
 * A repro bundle must really reproduce its case: record real cases with the
 * harness, write their bundles, run their escript (the driver's own modules on
 * the local OTP) and repro.mjs (gentcp alone, on this repository's sources),
 * read what they print with readPrintedTrace and compare with traceLines:
 * the escript's trace must be the recorded reference's (or, run with the
 * subject's backend, an erlang subject's), the mjs's the recorded ts subject's.
 */
import { execFile } from 'node:child_process';
import pLimit from 'p-limit';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { traceLines } from '../compare/lines.js';
import type { NormTrace } from '../compare/normalise.js';
import { loadDivergences } from '../compare/divergences.js';
import { projectRoot } from '../vocabulary/project.js';
import { runCase, type CaseResult } from '../runner/case.js';
import { weight } from '../runner/matrix.js';
import type { RunContext } from '../runner/run.js';
import type { Scenario } from '../scenario/schema.js';
import { connectReference, publishedReferences } from '../testing/references.js';
import { LOOPBACK, path as sockPath, scenario, until } from '../../suites/builder.js';
import { backlog } from '../../suites/backlog/index.js';
import { closeDelivery } from '../../suites/close-delivery/index.js';
import { econnreset } from '../../suites/econnreset/index.js';
import { sendRecv } from '../../suites/send-recv/index.js';
import { erlangDir } from '../providers/paths.js';
import { compareOutput, readPrintedTrace, REPLAY_MODULES, writeReproBundle } from './bundle.js';

const run = promisify(execFile);
const root = projectRoot();

const byId = (list: Scenario[], id: string): Scenario => {
  const s = list.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
};

/** The peer's fill helper, which no suite scenario uses yet: a bounded fill the subject reads back. */
const fillOp = scenario(
  'send-recv.repro-fill-helper',
  {
    title: 'peer fill helper, read back by the subject',
    section: 'gen_tcp:send/2',
    quote: 'Sends a packet on a socket.',
    rationale: 'the fill helper sends chunk-byte packets up to its maximum; the subject receives every byte',
  },
  (b) => {
    const { client, server } = b.cast({ client: 'subject', server: 'peer' });
    const L = server.listen('L', 0, ['binary', ['active', false]]);
    const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', true]]);
    const S = server.accept('S', L, 2000);
    server.fill(S, 1000, 5000);
    b.await(client, until.data(C, 5000), 2000);
    client.port(C);
    server.port(L);
    client.peername(C);
    server.close(S);
    b.await(client, until.closed(C), 2000);
  },
);

/** Runner ops and placeholders the suites use rarely: spawn, exit, kill, a unix socket path, an unbound socket. */
const lifecycle = scenario(
  'controlling-process.repro-lifecycle',
  {
    title: 'a socket handed to a spawned actor that exits; its first owner killed',
    section: 'gen_tcp:controlling_process/2',
    quote: 'Assigns a new controlling process Pid to Socket.',
    rationale: 'the new owner gets the data; its exit closes the socket; a step on a socket no step bound is not made',
  },
  (b) => {
    const { server, client } = b.cast({ server: 'peer', client: 'subject' });
    const other = b.subject('other', { spawn: true });
    const L = server.listen('L', 0, [['ifaddr', sockPath('lc')], 'binary', ['active', false]]);
    server.sockname(L);
    const C = client.connect('C', sockPath('lc'), 0, ['local', 'binary', ['active', true]], 1000);
    const S = server.accept('S', L, 1000);
    b.spawn(other);
    client.controlling_process(C, other);
    server.send(S, 'hello');
    b.await(other, until.data(C, 5), 1000);
    const X = other.connect('X', sockPath('nobody'), 0, ['local', 'binary'], 1000);
    other.send(X, 'never');
    other.exit('normal');
    server.recv(S, 0, 1000);
    b.kill(client, 'kill');
  },
);

interface Case {
  scenario: Scenario;
  subject: string;
  against: string;
}

const CASES: Case[] = [
  // a listener, accept, {active,once} messages and a peer reset
  { scenario: byId(econnreset, 'econnreset.active-show'), subject: 'ts:inet', against: 'erlang:inet' },
  // send_splits with {fill, N} chunks, {active,true}: raw-mode data merged by normalise
  { scenario: byId(closeDelivery, 'close-delivery.active-data-before-closed'), subject: 'ts:inet', against: 'erlang:inet' },
  // nowait accepts in a pool of actors, join, wait
  { scenario: byId(backlog, 'backlog.concurrent-acceptors'), subject: 'ts:inet', against: 'erlang:inet' },
  // an erlang subject on the other backend: the escript reproduces both sides of the case
  { scenario: byId(econnreset, 'econnreset.active-show'), subject: 'erlang:socket', against: 'erlang:inet' },
  // the peer's fill op, inet:port and peername naming of port numbers
  { scenario: fillOp, subject: 'ts:socket', against: 'erlang:socket' },
  // spawn, exit, kill, a unix socket path and a socket no step bound
  { scenario: lifecycle, subject: 'ts:inet', against: 'erlang:inet' },
  // the loop rearm_active on {active, N} and tcp_passive, beside nowait send_splits and a join
  { scenario: byId(sendRecv, 'send-recv.loop-rearm-active-n'), subject: 'ts:inet', against: 'erlang:inet' },
  // recv_until_closed after send_splits with a {fill, N} chunk
  { scenario: byId(sendRecv, 'send-recv.loop-recv-until-closed'), subject: 'ts:socket', against: 'erlang:socket' },
  // send_until_error of 64 KiB fills until send_timeout, compared by shape
  { scenario: byId(sendRecv, 'send-recv.loop-send-until-timeout'), subject: 'ts:inet', against: 'erlang:inet' },
];

const lines = (t: NormTrace, s: Scenario): string[] => traceLines(t, s).map((l) => l.text);

async function escript(dir: string, backend?: string): Promise<string> {
  const r = await run('escript', [path.join(dir, 'repro.escript'), ...(backend ? [backend] : [])], { cwd: dir, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  return r.stdout;
}

async function mjs(dir: string): Promise<string> {
  // From the checkout, so --import tsx resolves; gentcp from its sources.
  const env: NodeJS.ProcessEnv = { ...process.env, GENTCP_MODULE: path.join(root, 'src', 'index.ts') };
  delete env.NODE_OPTIONS;
  const r = await run(process.execPath, ['--import', 'tsx', path.join(dir, 'repro.mjs')], { cwd: root, env, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  return r.stdout;
}

describe('bundle files', () => {
  test('the scripts are the repository\'s own files, copied, and replay.json is data', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'gentcp-repro-files-'));
    try {
      const s = byId(econnreset, 'econnreset.active-show');
      const b = writeReproBundle({ scenario: s, subject: 'ts:socket', otp: '27', outDir: tmp });
      const same = (a: string, b: string): void => expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
      same(b.files['repro.escript']!, path.join(erlangDir(), 'gentcp_driver.escript'));
      for (const m of REPLAY_MODULES) same(b.files[`src/${m}`]!, path.join(erlangDir(), 'src', m));
      same(b.files['repro.mjs']!, path.join(root, 'harness', 'runner', 'standalone', 'replay.mjs'));
      same(b.files['steps.mjs']!, path.join(root, 'harness', 'runner', 'standalone', 'steps.mjs'));
      const plan = JSON.parse(readFileSync(b.files['replay.json']!, 'utf8')) as { scenario: string; otp: string; erlangBackend: string; tsBackend: string };
      expect([plan.scenario, plan.otp, plan.erlangBackend, plan.tsBackend]).toEqual([s.id, '27', 'socket', 'socket']);
      expect(b.files['reference-trace.json']).toBeUndefined();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

const local = (() => {
  try {
    return publishedReferences().find((r) => r.provider === 'local');
  } catch {
    return undefined;
  }
})();

// Without a local erl the bundles' escripts cannot run; on CI (which installs erl) that fails instead of skipping.
if (!local && process.env.CI === 'true')
  test('a local erl reference is published on CI', () => {
    throw new Error('no local reference in GENTCP_REFERENCES: the repro bundles cannot be run');
  });

(local ? describe : describe.skip)('repro bundles reproduce their cases', () => {
  let ctx: RunContext;
  let close: () => void = () => undefined;
  const tmp = mkdtempSync(path.join(tmpdir(), 'gentcp-repro-test-'));
  const divergences = loadDivergences();

  /** What one case's bundle gave: the recorded result, and what its two scripts printed. */
  interface Reproduced {
    result: CaseResult;
    dir: string;
    bundle: ReturnType<typeof writeReproBundle>;
    refOut: string;
    subOut: string;
  }
  // Light cases a few at once (each mostly waits on sockets and on its scripts' processes); the
  // ones that claim timing, move bulk data or bind a fixed port after them, one at a time.
  const atOnce = pLimit(3);
  const reproduced = new Map<number, Promise<Reproduced>>();
  async function reproduce(k: number, c: (typeof CASES)[number]): Promise<Reproduced> {
    const result: CaseResult = await runCase(c.scenario, c.subject, c.against, ctx, { divergences });
    if (!result.referenceTrace || !result.subjectTrace) throw new Error(`the case did not record both traces: ${result.verdict} ${result.reasons.join('; ')}`);
    const dir = path.join(tmp, `case${k}`);
    const bundle = writeReproBundle({ scenario: c.scenario, subject: c.subject, against: c.against, otp: ctx.reference.otp, result, outDir: dir });
    const subjectBackend = c.subject.split(':')[1]!;
    const [refOut, subOut] = await Promise.all([escript(dir), c.subject.startsWith('ts:') ? mjs(dir) : escript(dir, subjectBackend)]);
    return { result, dir, bundle, refOut, subOut };
  }

  beforeAll(async () => {
    ({ ctx, close } = await connectReference(local!));
    const light = [...CASES.entries()].filter(([, c]) => weight(c.scenario) === 'light');
    for (const [k, c] of light) reproduced.set(k, atOnce(() => reproduce(k, c)));
    let previous: Promise<unknown> = Promise.allSettled([...reproduced.values()]);
    for (const [k, c] of CASES.entries())
      if (!reproduced.has(k)) {
        const p = previous.then(() => reproduce(k, c));
        reproduced.set(k, p);
        previous = p.catch(() => undefined);
      }
    // Each outcome is judged by its own test.
    for (const p of reproduced.values()) p.catch(() => undefined);
  });
  afterAll(async () => {
    await Promise.allSettled(reproduced.values());
    close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const [k, c] of CASES.entries()) {
    test(`${c.scenario.id} [${c.subject} vs ${c.against}]`, async () => {
      const { result, dir, bundle, refOut, subOut } = await reproduced.get(k)!;
      for (const f of ['scenario.json', 'repro.escript', 'repro.mjs', 'reference-trace.json', 'subject-trace.json', 'diff.txt', 'README.md'])
        expect(existsSync(path.join(bundle.dir, f))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8'))).toEqual(c.scenario);
      expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(c.scenario.spec.quote.slice(0, 40));

      const s = c.scenario;
      const isTs = c.subject.startsWith('ts:');
      const subjectBackend = c.subject.split(':')[1]!;
      const ref = compareOutput(s, refOut, result.referenceTrace!, ['recorded reference', 'repro.escript']);
      if (!ref.same) throw new Error(`repro.escript does not reproduce the reference trace:\n${ref.text}`);
      expect(lines(readPrintedTrace(refOut, s), s)).toEqual(lines(result.referenceTrace!, s));

      // The comparison is real: a changed result is a difference.
      const tampered = refOut.replace(/"step":0,"status":"done","result":\[("ok")/, '"step":0,"status":"done","result":["error"');
      expect(tampered).not.toBe(refOut);
      expect(compareOutput(s, tampered, result.referenceTrace!).same).toBe(false);

      const sub = compareOutput(s, subOut, result.subjectTrace!, ['recorded subject', isTs ? 'repro.mjs' : `repro.escript ${subjectBackend}`]);
      if (!sub.same) throw new Error(`${isTs ? 'repro.mjs' : 'repro.escript'} does not reproduce the subject trace:\n${sub.text}`);
      expect(lines(readPrintedTrace(subOut, s), s)).toEqual(lines(result.subjectTrace!, s));
    });
  }
});
