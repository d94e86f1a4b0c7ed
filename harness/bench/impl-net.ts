/**
 * The workloads with Node's `net` alone, {packet,4} framing written by hand
 * the way a careful Node developer would: one Buffer per frame (header and
 * payload together), a frame that lies in one chunk handed on as a view,
 * partial frames kept as chunks and joined once when complete, writes that
 * respect backpressure ('drain'), callbacks rather than a promise per message.
 */
import net from 'node:net';
import { once } from 'node:events';
import { Tally, nowUs, type Impl, type ServerHandle } from './impl.js';
import { pct, type Params, type RunResult, type Workload } from './params.js';

const HOST = '127.0.0.1';

/** {packet,4} by hand. */
export class FrameReader {
  private parts: Buffer[] = [];
  private have = 0;
  /** Bytes the pending frame needs in all (4 while its header is incomplete). */
  private need = 4;

  constructor(private readonly onFrame: (frame: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.have > 0) {
      this.parts.push(chunk);
      this.have += chunk.length;
      if (this.have < this.need) return;
      chunk = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.have);
      this.parts = [];
      this.have = 0;
    }
    let off = 0;
    while (chunk.length - off >= 4) {
      const n = chunk.readUInt32BE(off);
      if (chunk.length - off - 4 < n) break;
      this.onFrame(chunk.subarray(off + 4, off + 4 + n));
      off += 4 + n;
    }
    if (off < chunk.length) {
      const rest = chunk.subarray(off);
      this.parts = [rest];
      this.have = rest.length;
      this.need = rest.length >= 4 ? 4 + rest.readUInt32BE(0) : 4;
    }
  }
}

function frameOf(payload: Buffer): Buffer {
  const f = Buffer.allocUnsafe(4 + payload.length);
  f.writeUInt32BE(payload.length, 0);
  payload.copy(f, 4);
  return f;
}

/** A server for one connection; `serve` gets it, the listener closes once it has come. */
async function oneConnection<T>(noDelay: boolean, serve: (s: net.Socket) => Promise<T>): Promise<{ port: number; done: Promise<T> }> {
  let got!: (s: net.Socket) => void;
  const conn = new Promise<net.Socket>((res) => (got = res));
  const server = net.createServer({ noDelay }, (s) => {
    server.close();
    got(s);
  });
  server.listen({ host: HOST, port: 0, backlog: 1024 });
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, done: conn.then(serve) };
}

function connect(port: number, noDelay = false): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: HOST, port, noDelay });
    s.once('connect', () => {
      s.off('error', reject);
      resolve(withEchoReader(s));
    });
    s.once('error', reject);
  });
}

/** Writes `total` bytes in `chunk`-byte writes, waiting for 'drain' when write() says so; then ends. */
async function writeBytes(s: net.Socket, chunk: Buffer, total: number): Promise<void> {
  for (let left = total; left > 0; left -= chunk.length) {
    if (!s.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await once(s, 'drain');
  }
  s.end();
  await once(s, 'close');
}

const noStop = async (): Promise<void> => undefined;

/**
 * Round trips for `ms` (or `limit` of them), on each socket in turn: write a frame, wait
 * for its echo. A socket's reader is made once and kept on it.
 */
async function pingFor(socks: readonly net.Socket[], msg: Buffer, ms: number, limit = Infinity): Promise<Partial<RunResult>> {
  const lat: number[] = [];
  const t0 = nowUs();
  const deadline = t0 + ms * 1000;
  let t = 0;
  let i = 0;
  await new Promise<void>((resolve) => {
    const ping = (): void => {
      t = nowUs();
      if (lat.length >= limit || (limit === Infinity && t >= deadline)) return resolve();
      socks[i++ % socks.length]!.write(msg);
    };
    for (const s of socks) echoes.set(s, () => {
      lat.push(nowUs() - t);
      ping();
    });
    ping();
  });
  const t1 = nowUs();
  lat.sort((x, y) => x - y);
  return { count: lat.length, us: Math.round(t1 - t0), p50_us: pct(lat, 50), p99_us: pct(lat, 99) };
}

/** What each client socket does with an echo: set by pingFor, read by the socket's one FrameReader. */
const echoes = new WeakMap<net.Socket, () => void>();

function withEchoReader(s: net.Socket): net.Socket {
  const reader = new FrameReader(() => echoes.get(s)?.());
  s.on('data', (c: Buffer) => reader.push(c));
  return s;
}

export const netImpl: Impl = {
  async server(w: Workload, p: Params): Promise<ServerHandle> {
    switch (w.kind) {
      case 'pingpong': {
        const { port, done } = await oneConnection(true, async (s) => {
          s.on('data', (c: Buffer) => reader.push(c));
          const reader = new FrameReader((f) => s.write(frameOf(f)));
          s.on('error', () => undefined);
          await once(s, 'close');
          return {};
        });
        return { port, done, stop: noStop };
      }
      case 'stream':
      case 'bulk': {
        const { port, done } = await oneConnection(false, (s) =>
          new Promise<Partial<RunResult>>((resolve) => {
            const tally = new Tally();
            const count = (b: Buffer): void => tally.add(b.length);
            if (w.kind === 'stream') {
              const reader = new FrameReader(count);
              s.on('data', (c: Buffer) => reader.push(c));
            } else s.on('data', count);
            s.on('end', () => {
              s.destroy();
              resolve(tally.result());
            });
          }),
        );
        return { port, done, stop: noStop };
      }
      case 'recv': {
        // The pull API: the async iterator reads only when asked (read() on 'readable').
        const { port, done } = await oneConnection(false, async (s) => {
          const tally = new Tally();
          for await (const c of s) tally.add((c as Buffer).length);
          s.destroy();
          return tally.result();
        });
        return { port, done, stop: noStop };
      }
      case 'churn':
      case 'idle': {
        const server = net.createServer({ noDelay: w.kind === 'idle' }, (s) => {
          s.on('error', () => undefined);
          const reader = new FrameReader(w.kind === 'idle' ? (f) => s.write(frameOf(f)) : () => s.destroy());
          s.on('data', (c: Buffer) => reader.push(c));
        });
        server.listen({ host: HOST, port: 0, backlog: 1024 });
        await once(server, 'listening');
        return {
          port: (server.address() as net.AddressInfo).port,
          done: Promise.resolve({}),
          stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
        };
      }
    }
  },

  async client(w: Workload, p: Params, port: number, heap: () => Promise<number>): Promise<Partial<RunResult>> {
    switch (w.kind) {
      case 'pingpong': {
        const s = await connect(port, true);
        const r = await pingFor([s], frameOf(Buffer.alloc(p.size!, 'p')), p.duration_ms!);
        s.destroy();
        return r;
      }
      case 'idle': {
        const msg = frameOf(Buffer.alloc(p.size!, 'i'));
        const heap0 = await heap();
        const socks: net.Socket[] = [];
        for (let i = 0; i < p.conns!; i++) socks.push(await connect(port, true));
        // Every connection served once: both ends exist and have read.
        for (const s of socks) await pingFor([s], msg, 0, 1);
        const conn_bytes = Math.round(((await heap()) - heap0) / p.conns!);
        const r = await pingFor(socks, msg, p.duration_ms!);
        for (const s of socks) s.destroy();
        return { ...r, conn_bytes };
      }
      case 'stream': {
        const s = await connect(port);
        const payload = Buffer.alloc(p.size!, 's');
        const deadline = nowUs() + p.duration_ms! * 1000;
        let n = 0;
        // delay_send's counterpart: writes of one tick corked, handed on together when it ends.
        let corked = false;
        const uncork = (): void => {
          corked = false;
          s.uncork();
        };
        while (!((n & 63) === 0 && nowUs() >= deadline)) {
          n++;
          if (p.delay_send && !corked) {
            corked = true;
            s.cork();
            process.nextTick(uncork);
          }
          if (!s.write(frameOf(payload))) await once(s, 'drain');
        }
        s.end();
        await once(s, 'close');
        return { sent: n };
      }
      case 'bulk':
      case 'recv': {
        const s = await connect(port);
        await writeBytes(s, Buffer.alloc(p.chunk!, 'b'), p.bytes!);
        return {};
      }
      case 'churn': {
        const t0 = nowUs();
        const deadline = t0 + p.duration_ms! * 1000;
        const msg = frameOf(Buffer.alloc(p.size!, 'c'));
        let started = 0;
        const one = (): Promise<void> =>
          new Promise((resolve, reject) => {
            const s = net.connect({ host: HOST, port }, () => s.write(msg));
            s.on('error', reject);
            s.on('data', () => undefined);
            s.on('close', () => resolve());
          });
        const loop = async (): Promise<number> => {
          let done = 0;
          while (started < p.conns! && nowUs() < deadline) {
            started++;
            await one();
            done++;
          }
          return done;
        };
        const done = (await Promise.all(Array.from({ length: p.clients! }, loop))).reduce((a, x) => a + x, 0);
        return { count: done, us: Math.round(nowUs() - t0) };
      }
    }
  },
};
