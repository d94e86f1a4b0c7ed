/**
 * The workloads written with gentcp, the way gentcp_bench.erl writes them with
 * gen_tcp: a process per end, selective receive on {tcp, S, _}, {active, once}
 * re-armed with inet:setopts, a process per accepted connection in churn.
 */
import { pathToFileURL } from 'node:url';
import * as installed from 'gentcp';
import type { Option, Pid, Socket } from 'gentcp';

/** The library measured: the installed gentcp, or the build GENTCP_BENCH_LIBRARY names (`npm run bench -- --base`). */
const lib: typeof installed = process.env.GENTCP_BENCH_LIBRARY ? ((await import(pathToFileURL(process.env.GENTCP_BENCH_LIBRARY).href)) as typeof installed) : installed;
const { exit, gen_tcp, inet, receive, send, spawn } = lib;
import { Tally, nowUs, type Impl, type ServerHandle } from './impl.js';
import { pct, type Params, type RunResult, type Workload } from './params.js';

type Backend = 'inet' | 'socket';
const HOST: [number, number, number, number] = [127, 0, 0, 1];

/** Runs `fn` as a gentcp process; its value (or error) comes back as a promise. */
function proc<T>(fn: () => Promise<T>): { pid: Pid; result: Promise<T> } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const result = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  const pid = spawn(async () => {
    try {
      resolve(await fn());
    } catch (e) {
      reject(e);
      throw e;
    }
  });
  return { pid, result };
}

function ok<T>(r: readonly unknown[], what: string): T {
  if (r[0] !== 'ok') throw new Error(`${what}: ${JSON.stringify(r)}`);
  return r[1] as T;
}

async function listen(b: Backend, opts: Option[]): Promise<[Socket, number]> {
  const l = ok<Socket>(
    await gen_tcp.listen(0, [['inet_backend', b], 'binary', ['active', false], ['ip', HOST], ['reuseaddr', true], ['backlog', 1024], ...opts] as Option[]),
    'listen',
  );
  return [l, ok<number>(inet.port(l), 'port')];
}

async function connect(b: Backend, port: number, opts: Option[]): Promise<Socket> {
  return ok<Socket>(await gen_tcp.connect(HOST, port, [['inet_backend', b], 'binary', ...opts] as Option[]), 'connect');
}

const ofSocket = (s: Socket) => (m: unknown): boolean => Array.isArray(m) && m[1] === s;

/** Echoes each packet back, {active,once} re-armed after each, until the close. */
async function echo(s: Socket): Promise<void> {
  const mine = ofSocket(s);
  inet.setopts(s, [['active', 'once']]);
  for (;;) {
    const m = (await receive(mine)) as unknown[];
    if (m[0] !== 'tcp') break;
    okSend(await gen_tcp.send(s, m[2] as Buffer));
    inet.setopts(s, [['active', 'once']]);
  }
  await gen_tcp.close(s);
}

/** One round trip on a passive socket: {active,once}, send, the echo (`mine`: ofSocket(s), made once per socket). */
async function roundTrip(s: Socket, mine: (m: unknown) => boolean, msg: Buffer): Promise<void> {
  inet.setopts(s, [['active', 'once']]);
  okSend(await gen_tcp.send(s, msg));
  const m = (await receive(mine)) as unknown[];
  if (m[0] !== 'tcp') throw new Error(`round trip: ${String(m[0])}`);
}

/** An acceptor giving each connection to a new process running `serve`; kill it to stop. */
function acceptor(b: Backend, opts: Option[], serve: (s: Socket) => Promise<void>): { port: Promise<number>; pid: Pid; done: Promise<unknown> } {
  let portOf!: (port: number) => void;
  const port = new Promise<number>((res) => (portOf = res));
  const { pid, result } = proc(async () => {
    const [l, lp] = await listen(b, opts);
    portOf(lp);
    const isGo = (m: unknown): boolean => m === 'go';
    for (;;) {
      const r = await gen_tcp.accept(l);
      if (r[0] !== 'ok') break;
      const s = r[1];
      const handler = spawn(async () => {
        if ((await receive(isGo, 10_000)) === undefined) return;
        await serve(s);
      });
      ok([await gen_tcp.controlling_process(s, handler)], 'controlling_process');
      send(handler, 'go');
    }
    return {};
  });
  return { port, pid, done: result.catch(() => ({})) };
}

/** {active,true} receiver: counts messages and bytes until the close. */
async function countMessages(s: Socket): Promise<Partial<RunResult>> {
  const mine = ofSocket(s);
  const tally = new Tally();
  for (;;) {
    const m = (await receive(mine)) as unknown[];
    if (m[0] !== 'tcp') break;
    tally.add((m[2] as Buffer).length);
  }
  await gen_tcp.close(s);
  return tally.result();
}

async function sendBytes(s: Socket, chunk: Buffer, total: number): Promise<void> {
  for (let left = total; left > 0; left -= chunk.length) okSend(await gen_tcp.send(s, left >= chunk.length ? chunk : chunk.subarray(0, left)));
}

/** Round trips for `ms`, on each socket in turn: their count and latency percentiles. */
async function pingFor(socks: readonly Socket[], msg: Buffer, ms: number): Promise<Partial<RunResult>> {
  const mine = socks.map(ofSocket);
  const lat: number[] = [];
  const t0 = nowUs();
  const deadline = t0 + ms * 1000;
  for (let i = 0; ; i++) {
    const t = nowUs();
    if (t >= deadline) break;
    const k = i % socks.length;
    await roundTrip(socks[k]!, mine[k]!, msg);
    lat.push(nowUs() - t);
  }
  const t1 = nowUs();
  lat.sort((x, y) => x - y);
  return { count: lat.length, us: Math.round(t1 - t0), p50_us: pct(lat, 50), p99_us: pct(lat, 99) };
}

function okSend(r: unknown): void {
  if (r !== 'ok') throw new Error(`send: ${JSON.stringify(r)}`);
}

export function gentcpImpl(b: Backend): Impl {
  return {
    async server(w: Workload, p: Params): Promise<ServerHandle> {
      let portOf!: (port: number) => void;
      const port = new Promise<number>((res) => (portOf = res));
      const noStop = async (): Promise<void> => undefined;
      switch (w.kind) {
        case 'pingpong': {
          const { result } = proc(async () => {
            const [l, lp] = await listen(b, [['packet', 4], ['nodelay', true]]);
            portOf(lp);
            const s = ok<Socket>(await gen_tcp.accept(l), 'accept');
            await gen_tcp.close(l);
            await echo(s);
            return {};
          });
          return { port: await port, done: result, stop: noStop };
        }
        case 'stream':
        case 'bulk': {
          const { result } = proc(async () => {
            const [l, lp] = await listen(b, [['packet', w.kind === 'stream' ? 4 : 'raw']]);
            portOf(lp);
            const s = ok<Socket>(await gen_tcp.accept(l), 'accept');
            await gen_tcp.close(l);
            inet.setopts(s, [['active', true]]);
            return countMessages(s);
          });
          return { port: await port, done: result, stop: noStop };
        }
        case 'recv': {
          const { result } = proc(async () => {
            const [l, lp] = await listen(b, [['packet', 'raw']]);
            portOf(lp);
            const s = ok<Socket>(await gen_tcp.accept(l), 'accept');
            await gen_tcp.close(l);
            const tally = new Tally();
            for (;;) {
              const r = await gen_tcp.recv(s, 0);
              if (r[0] !== 'ok') break;
              tally.add((r[1] as Buffer).length);
            }
            await gen_tcp.close(s);
            return tally.result();
          });
          return { port: await port, done: result, stop: noStop };
        }
        case 'churn':
        case 'idle': {
          const serve =
            w.kind === 'idle'
              ? echo
              : async (s: Socket): Promise<void> => {
                  await gen_tcp.recv(s, 0, 5000);
                  await gen_tcp.close(s);
                };
          const a = acceptor(b, [['packet', 4], ...(w.kind === 'idle' ? [['nodelay', true] as Option] : [])], serve);
          return {
            port: await a.port,
            done: a.done.then(() => ({})),
            stop: async () => {
              exit(a.pid, 'kill');
              await a.done;
            },
          };
        }
      }
    },

    async client(w: Workload, p: Params, port: number, heap: () => Promise<number>): Promise<Partial<RunResult>> {
      switch (w.kind) {
        case 'pingpong':
          return proc(async () => {
            const s = await connect(b, port, [['packet', 4], ['active', false], ['nodelay', true]]);
            const r = await pingFor([s], Buffer.alloc(p.size!, 'p'), p.duration_ms!);
            await gen_tcp.close(s);
            return r;
          }).result;
        case 'idle':
          return proc(async () => {
            const msg = Buffer.alloc(p.size!, 'i');
            const heap0 = await heap();
            const socks: Socket[] = [];
            for (let i = 0; i < p.conns!; i++) socks.push(await connect(b, port, [['packet', 4], ['active', false], ['nodelay', true]]));
            // Every connection served once: both ends and the server's process exist.
            for (const s of socks) await roundTrip(s, ofSocket(s), msg);
            const conn_bytes = Math.round(((await heap()) - heap0) / p.conns!);
            const r = await pingFor(socks, msg, p.duration_ms!);
            for (const s of socks) await gen_tcp.close(s);
            return { ...r, conn_bytes };
          }).result;
        case 'stream':
          return proc(async () => {
            const s = await connect(b, port, [['packet', 4], ['active', false], ...(p.delay_send ? [['delay_send', true] as Option] : [])]);
            const msg = Buffer.alloc(p.size!, 's');
            const deadline = nowUs() + p.duration_ms! * 1000;
            let n = 0;
            while (!((n & 63) === 0 && nowUs() >= deadline)) {
              okSend(await gen_tcp.send(s, msg));
              n++;
            }
            await gen_tcp.close(s);
            return { sent: n };
          }).result;
        case 'bulk':
        case 'recv':
          return proc(async () => {
            const s = await connect(b, port, [['packet', 'raw'], ['active', false]]);
            await sendBytes(s, Buffer.alloc(p.chunk!, 'b'), p.bytes!);
            await gen_tcp.close(s);
            return {};
          }).result;
        case 'churn': {
          const t0 = nowUs();
          const deadline = t0 + p.duration_ms! * 1000;
          const msg = Buffer.alloc(p.size!, 'c');
          let started = 0;
          const clients = Array.from({ length: p.clients! }, () =>
            proc(async () => {
              let done = 0;
              while (started < p.conns! && nowUs() < deadline) {
                started++;
                const s = await connect(b, port, [['packet', 4], ['active', false]]);
                okSend(await gen_tcp.send(s, msg));
                const r = await gen_tcp.recv(s, 0, 5000);
                if (r[0] !== 'error') throw new Error(`churn: expected the close, got ${JSON.stringify(r)}`);
                await gen_tcp.close(s);
                done++;
              }
              return done;
            }).result,
          );
          const done = (await Promise.all(clients)).reduce((a, x) => a + x, 0);
          return { count: done, us: Math.round(nowUs() - t0) };
        }
      }
    },
  };
}
