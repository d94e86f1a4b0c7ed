/**
 * A Node implementation's cell kept alive for a workload's whole round of runs
 * (harness/bench/cell.ts forked with an IPC channel): it warms up once, then
 * makes one measured run each time it is asked, so the bench can alternate the
 * implementations run by run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { ImplName } from './impl.js';
import type { RunResult, Workload } from './params.js';

type Reply = { ready: true } | { run: RunResult } | { error: string };

export class NodeCell {
  private child: ChildProcess | undefined;
  private stderr = '';
  private pending: ((r: Reply) => void) | undefined;
  /** Why the cell stopped working, if it did; its later runs are not asked for. */
  error: string | undefined;

  constructor(
    readonly impl: ImplName,
    private readonly w: Workload,
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
    /** The name its results go by (a baseline build's cells: gentcp-inet@base). */
    readonly label: string = impl,
  ) {}

  /** Forks the cell and waits for its warm-up run. */
  async start(): Promise<void> {
    const child = fork(this.script, [this.impl, this.w.name, '0'], { cwd: this.cwd, env: this.env, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    child.stderr!.on('data', (d: Buffer) => void (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    child.on('message', (m: Reply) => {
      const p = this.pending;
      this.pending = undefined;
      p?.(m);
    });
    child.on('exit', (code, signal) => {
      const p = this.pending;
      this.pending = undefined;
      p?.({ error: `the cell exited (${signal ?? code}) ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
    const r = await this.ask(undefined, this.w.warm.cap_ms + 30_000, 'warm-up');
    if ('error' in r) this.error = r.error;
  }

  /** One measured run, or undefined when the cell failed (its error says why). */
  async run(): Promise<RunResult | undefined> {
    if (this.error !== undefined) return undefined;
    const r = await this.ask({ run: true }, this.w.params.cap_ms + 30_000, 'run');
    if ('run' in r) return r.run;
    this.error = 'error' in r ? r.error : 'no result';
    return undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((res) => child.once('exit', () => res()));
    if (child.connected) child.send({ run: false });
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(kill);
  }

  /** Sends `msg` (or nothing, for the warm-up's ready) and waits for the reply, at most `ms`. */
  private ask(msg: { run: boolean } | undefined, ms: number, what: string): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.child?.kill('SIGKILL');
        resolve({ error: `${this.impl} ${this.w.name}: the ${what} took longer than ${ms} ms; abandoned` });
      }, ms);
      this.pending = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      if (msg) this.child!.send(msg);
    });
  }
}
