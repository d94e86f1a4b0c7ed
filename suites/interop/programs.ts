/**
 * The gentcp side of the interop runs: programs written the way a user of the library writes
 * them (src/examples/client-server.ts is the model): processes that own their sockets, messages
 * between them, {active, once} loops and passive recv, half-close handshakes. Every wait has a
 * timeout and every loop a bound.
 */
import { gen_tcp, inet, receive, self, send, spawn, type Option, type Pid, type Socket } from 'gentcp';
import { addPacket, addRaw, addSent, emptyTally, frame, gen, payload, prng, type Mode, type Read, type SinkResult, type SourceResult, type Summary, type Write } from './payload.js';

const STEP_TIMEOUT = 30_000;
const MAX_READS = 100_000_000;

let nextRef = 1;
/** A unique tag for one conversation between processes (make_ref()). */
const makeRef = (): number => nextRef++;

/** Waits for [tag, ref, value] in the caller's mailbox. */
async function await_(tag: string, ref: number, timeoutMs: number): Promise<unknown> {
  const m = await receive((x) => Array.isArray(x) && x[0] === tag && x[1] === ref, timeoutMs);
  if (m === undefined) throw new Error(`no ${tag} within ${timeoutMs} ms`);
  return (m as unknown[])[2];
}

/**
 * Runs f(i, ready) for i in 0..n-1 in n processes at once; every result, each within the
 * deadline. ready() is a barrier: it resolves 'go' once every process called it or ended.
 */
export async function parallel<T>(
  n: number,
  f: (i: number, ready: () => Promise<'go' | 'timeout'>) => Promise<T>,
  timeoutMs: number,
  onTimeout: (i: number) => T,
): Promise<T[]> {
  const me = self();
  const ref = makeRef();
  const ready = async (): Promise<'go' | 'timeout'> => {
    send(me, ['ready', ref, self()]);
    return (await receive((m) => Array.isArray(m) && m[0] === 'go' && m[1] === ref, STEP_TIMEOUT)) ? 'go' : 'timeout';
  };
  for (let i = 0; i < n; i++) spawn(async () => send(me, ['done', ref, i, await f(i, ready)]));
  const results = new Array<T>(n);
  const deadline = Date.now() + timeoutMs;
  const seen = new Set<number>();
  const waiting: Pid[] = [];
  let released = false;
  for (let k = 0; k < 2 * n && seen.size < n; k++) {
    if (!released && waiting.length + seen.size >= n) {
      for (const p of waiting) send(p, ['go', ref]);
      released = true;
    }
    const m = (await receive((x) => Array.isArray(x) && (x[0] === 'done' || x[0] === 'ready') && x[1] === ref, Math.max(0, deadline - Date.now()))) as unknown[] | undefined;
    if (m === undefined) break;
    if (m[0] === 'ready') {
      if (released) send(m[2] as Pid, ['go', ref]);
      else waiting.push(m[2] as Pid);
      continue;
    }
    const [, , i, r] = m as [string, number, number, T];
    results[i] = r;
    seen.add(i);
  }
  if (!released) for (const p of waiting) send(p, ['go', ref]);
  for (let i = 0; i < n; i++) if (!seen.has(i)) results[i] = onTimeout(i);
  return results;
}

interface ConnResult {
  ok: boolean;
  count: number;
  bytes: number;
  error?: unknown;
}

function summarise(results: ConnResult[], t0: number): Summary {
  const failed = results.filter((r) => !r.ok);
  return {
    connections: results.length,
    ok: results.length - failed.length,
    messages: results.reduce((a, r) => a + r.count, 0),
    bytes: results.reduce((a, r) => a + r.bytes, 0),
    failures: failed.slice(0, 5),
    ms: Date.now() - t0,
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Clients of the manual's pool ({packet, 2}): each sends messages of random sizes up to the
// {packet, 2} limit and checks every answer (the Erlang pool answers the packet reversed).

export async function poolClients(port: number, o: { clients: number; messages: number; maxSize: number; seed: number; rampMs?: number; timeoutMs: number }): Promise<Summary> {
  const t0 = Date.now();
  const results = await parallel(o.clients, (i, ready) => poolClient(port, i, o.messages, o.maxSize, o.seed, o.rampMs ?? 1, ready), o.timeoutMs, () => ({ ok: false, count: 0, bytes: 0, error: 'timeout' }));
  return summarise(results, t0);
}

/**
 * One client: connects (one per rampMs: the manual's listen backlog is 5), waits until every
 * client is connected, then sends its messages one at a time, each answer checked.
 */
async function poolClient(port: number, i: number, messages: number, maxSize: number, seed: number, rampMs: number, ready: () => Promise<'go' | 'timeout'>): Promise<ConnResult> {
  await sleep(i * rampMs);
  const r = await gen_tcp.connect('localhost', port, [['active', false], ['packet', 2], 'binary'], STEP_TIMEOUT);
  if (r[0] === 'error') return { ok: false, count: 0, bytes: 0, error: ['connect', r[1]] };
  const sock = r[1];
  if ((await ready()) !== 'go') {
    await gen_tcp.close(sock);
    return { ok: false, count: 0, bytes: 0, error: 'barrier_timeout' };
  }
  const rnd = prng(seed * 100_003 + i);
  const res: ConnResult = { ok: true, count: 0, bytes: 0 };
  try {
    for (let k = 0; k < messages; k++) {
      // The first two are the limits: an empty message and the biggest {packet, 2} allows.
      const size = k === 0 ? 0 : k === 1 ? maxSize : Math.floor(rnd() * (maxSize + 1));
      const msg = gen('bin', i * 1000 + k, size);
      const s = await gen_tcp.send(sock, msg);
      if (s !== 'ok') return { ...res, ok: false, error: ['send', k, s[1]] };
      const a = await gen_tcp.recv(sock, 0, STEP_TIMEOUT);
      if (a[0] === 'error') return { ...res, ok: false, error: ['recv', k, a[1]] };
      const answer = a[1] as Buffer;
      if (!answer.equals(Buffer.from(msg).reverse())) return { ...res, ok: false, error: ['bad_answer', k, size, answer.length] };
      res.count += 1;
      res.bytes += size;
    }
    return res;
  } finally {
    await gen_tcp.close(sock);
  }
}

/**
 * 2. The reverse: the port of the manual's pool (src/examples/client-server.ts `start`) run by an
 * owner process, so that stopping it (the owner exits) closes the listen socket and the
 * acceptors get {error, closed}.
 */
export async function startPool(startFn: (num: number, lport: number, process: (d: Buffer) => Buffer) => Promise<number>, num: number): Promise<{ port: number; stop: () => void }> {
  const me = self();
  const ref = makeRef();
  const owner = spawn(async () => {
    const port = await startFn(num, 0, (d) => Buffer.from(d).reverse());
    send(me, ['pool', ref, port]);
    await receive((m) => m === 'stop', 15 * 60_000);
  });
  const port = (await await_('pool', ref, STEP_TIMEOUT)) as number;
  return { port, stop: () => void send(owner, 'stop') };
}

// ---------------------------------------------------------------------------------------------
// 3. Sinks and sources for every packet mode.

export function packetOption(mode: Mode): Option {
  if (mode === 'raw') return ['packet', 'raw'];
  if (mode === 'line') return ['packet', 'line'];
  if (mode === 'http_request' || mode === 'http_response') return ['packet', 'http_bin'];
  return ['packet', mode];
}

/**
 * A sink: a process that listens, accepts `connections` connections, hands each to a reader
 * process, and sends the readers' results to the caller. Resolves to the port and the results.
 */
export async function sink(mode: Mode, read: Read, connections = 1, timeoutMs = 120_000): Promise<{ port: number; results: Promise<SinkResult[]> }> {
  const me = self();
  const ref = makeRef();
  spawn(async () => {
    const l = await gen_tcp.listen(0, ['binary', ['active', false], ['exit_on_close', false], ['backlog', 1024], packetOption(mode)]);
    if (l[0] === 'error') return void send(me, ['sink', ref, ['error', l[1]]]);
    const lsock = l[1];
    const p = inet.port(lsock);
    send(me, ['sink', ref, p[0] === 'ok' ? p[1] : 0]);
    const collector = self();
    const readers: Pid[] = [];
    for (let i = 0; i < connections; i++) {
      const a = await gen_tcp.accept(lsock, timeoutMs);
      if (a[0] === 'error') {
        send(collector, ['read', { ok: false, end: ['accept', a[1]], count: 0, bytes: 0, crc: 0 }]);
        continue;
      }
      const s = a[1];
      const reader = spawn(async () => {
        await receive((m) => m === 'go', STEP_TIMEOUT);
        send(collector, ['read', await readAll(s, mode, read)]);
      });
      readers.push(reader);
      await gen_tcp.controlling_process(s, reader);
      send(reader, 'go');
    }
    await gen_tcp.close(lsock);
    const results: SinkResult[] = [];
    for (let i = 0; i < connections; i++) {
      const m = await receive<['read', SinkResult]>((x) => Array.isArray(x) && x[0] === 'read', timeoutMs);
      if (m === undefined) break;
      results.push(m[1]);
    }
    send(me, ['sink_results', ref, results]);
  });
  const port = await await_('sink', ref, STEP_TIMEOUT);
  if (typeof port !== 'number') throw new Error(`sink: ${String(port)}`);
  return { port, results: await_('sink_results', ref, timeoutMs + 5000) as Promise<SinkResult[]> };
}

/** Reads to the peer's end; then closes, which is what the peer's half-close waits for. */
export async function readAll(s: Socket, mode: Mode, read: Read): Promise<SinkResult> {
  const t = emptyTally();
  let end: unknown;
  if (mode === 'http_request' || mode === 'http_response') end = await readHttp(s, t);
  else {
    if (read === true) inet.setopts(s, [['active', true]]);
    for (let n = 0; ; n++) {
      if (n >= MAX_READS) {
        end = 'too_many_reads';
        break;
      }
      const r = await readOne(s, read);
      if (r[0] === 'end') {
        end = r[1];
        break;
      }
      if (mode === 'raw') addRaw(t, r[1]);
      else addPacket(t, r[1]);
    }
  }
  await gen_tcp.close(s);
  return { ...t, end, ok: end === 'closed' };
}

async function readOne(s: Socket, read: Read): Promise<['data', Buffer] | ['end', unknown]> {
  if (read === 'passive') {
    const r = await gen_tcp.recv(s, 0, STEP_TIMEOUT);
    return r[0] === 'ok' ? ['data', r[1] as Buffer] : ['end', r[1]];
  }
  if (read === 'once') inet.setopts(s, [['active', 'once']]);
  const m = (await receive((x) => Array.isArray(x) && x[1] === s, STEP_TIMEOUT)) as unknown[] | undefined;
  if (m === undefined) return ['end', 'timeout'];
  if (m[0] === 'tcp') return ['data', m[2] as Buffer];
  if (m[0] === 'tcp_closed') return ['end', 'closed'];
  return ['end', m[2]];
}

/** http_bin packets, then Content-Length bytes of body in raw mode, then http_bin again. */
async function readHttp(s: Socket, t: ReturnType<typeof emptyTally>): Promise<unknown> {
  let len = 0;
  const add = (text: Buffer | string): void => {
    const b = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    addRaw(t, b);
    t.bytes -= b.length; // bytes counts the bodies only
  };
  for (let n = 0; n < MAX_READS; n++) {
    const r = await gen_tcp.recv(s, 0, STEP_TIMEOUT);
    if (r[0] === 'error') return r[1];
    const p = r[1];
    if (p === 'http_eoh') {
      add('\r\n');
      if (len > 0) {
        inet.setopts(s, [['packet', 'raw']]);
        const b = await gen_tcp.recv(s, len, STEP_TIMEOUT);
        if (b[0] === 'error') return ['body', b[1]];
        addRaw(t, b[1] as Buffer);
        inet.setopts(s, [['packet', 'http_bin']]);
      }
      len = 0;
      continue;
    }
    const pk = p as unknown[];
    if (pk[0] === 'http_header') {
      if (pk[2] === 'Content-Length') len = Number((pk[4] as Buffer).toString('latin1'));
      add(Buffer.concat([pk[3] as Buffer, Buffer.from(': '), pk[4] as Buffer, Buffer.from('\r\n')]));
    } else if (pk[0] === 'http_request' || pk[0] === 'http_response') {
      add(canonicalStart(pk));
      t.count += 1;
    } else return p; // {http_error, ...}
  }
  return 'too_many_reads';
}

const text = (x: unknown): string => (Buffer.isBuffer(x) ? x.toString('latin1') : String(x));

function canonicalStart(p: unknown[]): string {
  if (p[0] === 'http_response') {
    const [ma, mi] = p[1] as [number, number];
    return `HTTP/${ma}.${mi} ${p[2] as number} ${text(p[3])}\r\n`;
  }
  const [ma, mi] = p[3] as [number, number];
  return `${text(p[1])} ${uri(p[2])} HTTP/${ma}.${mi}\r\n`;
}

function uri(u: unknown): string {
  if (u === '*') return '*';
  if (!Array.isArray(u)) return text(u);
  if (u[0] === 'abs_path') return text(u[1]);
  if (u[0] === 'absoluteURI') return `${u[1]}://${text(u[2])}${u[3] === 'undefined' ? '' : `:${u[3]}`}${text(u[4])}`;
  if (u[0] === 'scheme') return `${text(u[1])}:${text(u[2])}`;
  return String(u);
}

/**
 * A source: connects, writes packets first.. of `sizes`, then shutdown(write) and waits for the
 * peer's close. whole: one send per packet (the socket frames it); coalesced: `group` frames per
 * send in raw mode; split: each frame in pieces in raw mode, pausing after the first few.
 */
export async function source(port: number, o: { mode: Mode; sizes: number[]; write: Write; group?: number; first?: number }): Promise<SourceResult> {
  const { mode, sizes, write } = o;
  const first = o.first ?? 0;
  const group = Math.max(1, o.group ?? 8);
  const c = await gen_tcp.connect([127, 0, 0, 1], port, ['binary', ['active', false], ['nodelay', true], ['exit_on_close', false], packetOption(mode)], STEP_TIMEOUT);
  if (c[0] === 'error') return { count: 0, bytes: 0, crc: 0, error: ['connect', c[1]] };
  const s = c[1];
  const t = emptyTally();
  const result = (extra: Partial<SourceResult>): SourceResult => ({ ...t, ...extra });
  const http = mode === 'http_request' || mode === 'http_response';
  try {
    if (write === 'whole' && !http) {
      for (let i = 0; i < sizes.length; i++) {
        const k = first + i;
        // {packet, line} does not frame what is sent: a line is its text and its newline.
        const data = mode === 'line' ? frame(mode, k, sizes[i]!) : payload(mode, k, sizes[i]!);
        const r = await gen_tcp.send(s, data);
        if (r !== 'ok') return result({ error: ['send', k, r[1]] });
        addSent(t, mode, k, sizes[i]!);
      }
    } else {
      inet.setopts(s, [['packet', 'raw']]);
      if (write === 'split') {
        for (let i = 0; i < sizes.length; i++) {
          const k = first + i;
          const f = frame(mode, k, sizes[i]!);
          let at = 0;
          for (const cut of cuts(f.length)) {
            const r = await gen_tcp.send(s, f.subarray(at, at + cut));
            if (r !== 'ok') return result({ error: ['send', k, r[1]] });
            at += cut;
            if (i < 8 && at < f.length) await sleep(2);
          }
          addSent(t, mode, k, sizes[i]!);
        }
      } else {
        for (let i = 0; i < sizes.length; i += group) {
          const ks = sizes.slice(i, i + group).map((n, j) => [first + i + j, n] as const);
          // iodata: a list of the frames, as a user would pass it.
          const r = await gen_tcp.send(s, ks.map(([k, n]) => frame(mode, k, n)));
          if (r !== 'ok') return result({ error: ['send', first + i, r[1]] });
          for (const [k, n] of ks) addSent(t, mode, k, n);
        }
      }
    }
    return result({ handshake: await handshake(s) });
  } finally {
    await gen_tcp.close(s);
  }
}

/** Where a frame is cut: after its first byte, in the header, in the body, and the rest. */
function cuts(len: number): number[] {
  if (len <= 2) return len ? [len] : [];
  const a = 1;
  const b = Math.min(len - a, 2);
  const c = Math.floor((len - a - b) / 2);
  return [a, b, c, len - a - b - c].filter((x) => x > 0);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** shutdown(write), then read until the peer closes (the sinks send nothing back). */
async function handshake(s: Socket): Promise<unknown> {
  const sh = await gen_tcp.shutdown(s, 'write');
  if (sh !== 'ok') return ['shutdown', sh[1]];
  inet.setopts(s, [['packet', 'raw']]);
  let extra = 0;
  for (let n = 0; n < 1_000_000; n++) {
    const r = await gen_tcp.recv(s, 0, STEP_TIMEOUT);
    if (r[0] === 'ok') extra += (r[1] as Buffer).length;
    else return r[1] === 'closed' && extra === 0 ? 'closed' : [r[1], extra];
  }
  return ['too_much_data', extra];
}

// ---------------------------------------------------------------------------------------------
// 4. Raw echo with half-close handshakes, for the load runs.

/**
 * An echo server: `acceptors` processes accept on one listen socket (the manual's pool) and hand
 * each connection to a handler process; a handler echoes what it reads and, at the client's end,
 * shuts down its write side and closes. stop() returns what the handlers counted.
 */
export async function echoServer(acceptors: number, backlog = 1024): Promise<{ port: number; stop: () => Promise<Summary> }> {
  const me = self();
  const ref = makeRef();
  const t0 = Date.now();
  const owner = spawn(async () => {
    const l = await gen_tcp.listen(0, ['binary', ['active', false], ['packet', 'raw'], ['exit_on_close', false], ['backlog', backlog]]);
    if (l[0] === 'error') return void send(me, ['echo', ref, ['error', l[1]]]);
    const lsock = l[1];
    const p = inet.port(lsock);
    const collector = self();
    for (let i = 0; i < acceptors; i++) spawn(() => echoAcceptor(lsock, collector));
    send(me, ['echo', ref, p[0] === 'ok' ? p[1] : 0]);
    const results: ConnResult[] = [];
    for (let n = 0; n < 10_000_000; n++) {
      const m = (await receive((x) => Array.isArray(x) && (x[0] === 'echoed' || x[0] === 'stop'), 15 * 60_000)) as unknown[] | undefined;
      if (m === undefined) break;
      if (m[0] === 'echoed') results.push(m[1] as ConnResult);
      else {
        await gen_tcp.close(lsock);
        // Reports already on their way.
        for (;;) {
          const late = (await receive((x) => Array.isArray(x) && x[0] === 'echoed', 200)) as unknown[] | undefined;
          if (late === undefined) break;
          results.push(late[1] as ConnResult);
        }
        send(m[1] as Pid, ['echo_stats', m[2] as number, summarise(results, t0)]);
        return;
      }
    }
  });
  const port = await await_('echo', ref, STEP_TIMEOUT);
  if (typeof port !== 'number') throw new Error(`echo server: ${String(port)}`);
  return {
    port,
    stop: async () => {
      const r = makeRef();
      send(owner, ['stop', self(), r]);
      return (await await_('echo_stats', r, 20_000)) as Summary;
    },
  };
}

async function echoAcceptor(lsock: Socket, collector: Pid): Promise<void> {
  for (;;) {
    const a = await gen_tcp.accept(lsock);
    if (a[0] === 'error') return; // {error, closed}: the server stopped
    const s = a[1];
    const handler = spawn(async () => {
      await receive((m) => m === 'go', STEP_TIMEOUT);
      send(collector, ['echoed', await echo(s)]);
    });
    await gen_tcp.controlling_process(s, handler);
    send(handler, 'go');
  }
}

async function echo(s: Socket): Promise<ConnResult & { crc: number }> {
  const t = emptyTally();
  let end: unknown = 'too_many_reads';
  for (let n = 0; n < MAX_READS; n++) {
    const r = await gen_tcp.recv(s, 0, STEP_TIMEOUT);
    if (r[0] === 'error') {
      end = r[1];
      break;
    }
    const data = r[1] as Buffer;
    const w = await gen_tcp.send(s, data);
    if (w !== 'ok') {
      end = ['send', w[1]];
      break;
    }
    addRaw(t, data);
  }
  const sh = await gen_tcp.shutdown(s, 'write');
  await gen_tcp.close(s);
  return { ok: end === 'closed' && sh === 'ok', count: 1, bytes: t.bytes, crc: t.crc, ...(end === 'closed' ? {} : { error: end }) };
}

/**
 * `clients` connections at once; each writes `bytes` in `chunk` writes from a sender process
 * while its owner reads the echo with {active, once}; when the sender is done the owner
 * half-closes and reads until the server's close, then checks the echo against what was sent.
 */
export async function echoClients(port: number, o: { clients: number; bytes: number; chunk: number; timeoutMs: number }): Promise<Summary> {
  const t0 = Date.now();
  const results = await parallel(o.clients, (i, ready) => echoClient(port, i, o.bytes, o.chunk, ready), o.timeoutMs, () => ({ ok: false, count: 0, bytes: 0, error: 'timeout' }));
  return summarise(results, t0);
}

async function echoClient(port: number, i: number, bytes: number, chunk: number, ready: () => Promise<'go' | 'timeout'>): Promise<ConnResult> {
  const c = await gen_tcp.connect([127, 0, 0, 1], port, ['binary', ['active', false], ['packet', 'raw'], ['exit_on_close', false]], STEP_TIMEOUT);
  if (c[0] === 'error') return { ok: false, count: 0, bytes: 0, error: ['connect', c[1]] };
  const s = c[1];
  // Every connection is open before the first byte goes out.
  await ready();
  const me = self();
  const sender = spawn(async () => {
    const t = emptyTally();
    for (let k = 0, left = bytes; left > 0; k++) {
      const data = gen('bin', i * 100_000 + k, Math.min(chunk, left));
      const r = await gen_tcp.send(s, data);
      if (r !== 'ok') return void send(me, ['sent', ['error', r[1]]]);
      addRaw(t, data);
      left -= data.length;
    }
    send(me, ['sent', ['ok', t.crc]]);
  });
  const got = emptyTally();
  let sentCrc: number | undefined;
  try {
    for (let n = 0; n < MAX_READS; n++) {
      inet.setopts(s, [['active', 'once']]);
      const m = (await receive((x) => Array.isArray(x) && (x[1] === s || x[0] === 'sent'), STEP_TIMEOUT)) as unknown[] | undefined;
      if (m === undefined) return { ok: false, count: 1, bytes: got.bytes, error: 'timeout' };
      if (m[0] === 'tcp') addRaw(got, m[2] as Buffer);
      else if (m[0] === 'sent') {
        const [tag, v] = m[1] as [string, unknown];
        if (tag !== 'ok') return { ok: false, count: 1, bytes: got.bytes, error: ['send', v] };
        sentCrc = v as number;
        // Our half of the handshake: the server's close ends the read.
        const sh = await gen_tcp.shutdown(s, 'write');
        if (sh !== 'ok') return { ok: false, count: 1, bytes: got.bytes, error: ['shutdown', sh[1]] };
      } else if (m[0] === 'tcp_closed') {
        const ok = sentCrc === got.crc && got.bytes === bytes;
        return { ok, count: 1, bytes: got.bytes, ...(ok ? {} : { error: ['mismatch', got.bytes, got.crc, sentCrc] }) };
      } else return { ok: false, count: 1, bytes: got.bytes, error: m[2] };
    }
    return { ok: false, count: 1, bytes: got.bytes, error: 'too_many_reads' };
  } finally {
    void sender;
    await gen_tcp.close(s);
  }
}
