/** The harness's end of the driver's control channel: {packet,4} frames of external terms. */
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { decode, encode } from '../term/etf.js';
import { ErlMap, List, isTagged, type Term } from '../vocabulary/term.js';

export interface DriverInfo {
  otp: string;
  version: string;
  osPid: string;
}

export class DriverError extends Error {}
/** The driver went away (killed, crashed, container stopped) while something waited on it. */
export class DriverGone extends DriverError {}
export class DriverTimeout extends DriverError {}

interface Pending {
  resolve: (t: Term) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  what: string;
}

export interface DriverEvents {
  event: [runId: number, event: Term];
  gone: [reason: string];
}

/** A connected, authenticated control channel. */
export class DriverClient extends EventEmitter<DriverEvents> {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private buf: Buffer = Buffer.alloc(0);
  private goneReason: string | undefined;

  private constructor(
    private readonly sock: net.Socket,
    readonly info: DriverInfo,
  ) {
    super();
  }

  /** Connects to a driver on host:port (127.0.0.1 by default) and presents the token. */
  static async connect(port: number, token: string, timeoutMs = 10_000, host = '127.0.0.1'): Promise<DriverClient> {
    const sock = net.connect({ host, port });
    sock.setNoDelay(true);
    const deadline = setTimeout(() => sock.destroy(new DriverTimeout(`no welcome from the driver on ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        sock.once('connect', resolve);
        sock.once('error', reject);
      });
      sock.write(frame(['hello', Buffer.from(token)]));
      const welcome = await readOneFrame(sock);
      if (!isTagged(welcome, 'welcome', 2) || !(welcome[1] instanceof ErlMap))
        throw new DriverError(`the driver refused the connection: ${JSON.stringify(String(welcome))}`);
      const m = new Map(welcome[1].entries.map(([k, v]) => [String(k), v]));
      const text = (k: string): string => {
        const v = m.get(k);
        return Buffer.isBuffer(v) ? v.toString() : '';
      };
      const client = new DriverClient(sock, { otp: text('otp'), version: text('version'), osPid: text('os_pid') });
      client.attach();
      return client;
    } catch (e) {
      sock.destroy();
      throw e instanceof DriverError ? e : new DriverError(`cannot reach the driver on ${host}:${port}: ${(e as Error).message}`);
    } finally {
      clearTimeout(deadline);
    }
  }

  /** Why the driver went away, or undefined while it is alive. */
  get goneWhy(): string | undefined {
    return this.goneReason;
  }

  get alive(): boolean {
    return this.goneReason === undefined;
  }

  /** Sends one request and waits for its reply, at most `timeoutMs` (undefined: no limit). */
  request(req: Term, what: string, timeoutMs?: number): Promise<Term> {
    if (this.goneReason !== undefined) return Promise.reject(new DriverGone(`driver is gone (${this.goneReason}); cannot ${what}`));
    const id = this.nextId++;
    return new Promise<Term>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.pending.delete(id);
              reject(new DriverTimeout(`${what}: no answer from the driver within ${timeoutMs} ms`));
            }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, what });
      this.sock.write(frame(['req', id, req]));
    });
  }

  close(): void {
    this.sock.end();
    this.sock.destroy();
  }

  private attach(): void {
    this.sock.on('data', (chunk) => this.onData(chunk));
    this.sock.on('error', (e) => this.gone(`control connection error: ${e.message}`));
    this.sock.on('close', () => this.gone('control connection closed'));
    this.sock.resume();
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < 4 + len) break;
      const body = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      this.dispatch(decode(body));
    }
  }

  private dispatch(t: Term): void {
    if (isTagged(t, 'resp', 3) && typeof t[1] === 'number') {
      const p = this.pending.get(t[1]);
      if (p === undefined) return;
      this.pending.delete(t[1]);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(t[2]!);
    } else if (isTagged(t, 'event', 3) && typeof t[1] === 'number') {
      this.emit('event', t[1], t[2]!);
    }
  }

  private gone(reason: string): void {
    if (this.goneReason !== undefined) return;
    this.goneReason = reason;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new DriverGone(`driver went away while waiting to ${p.what}: ${reason}`));
    }
    this.pending.clear();
    this.emit('gone', reason);
  }
}

function frame(t: Term): Buffer {
  const body = encode(t);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

function readOneFrame(sock: net.Socket): Promise<Term> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        cleanup();
        const len = buf.readUInt32BE(0);
        if (buf.length > 4 + len) sock.unshift(buf.subarray(4 + len));
        resolve(decode(buf.subarray(4, 4 + len)));
      }
    };
    const onEnd = (): void => {
      cleanup();
      reject(new DriverError('the driver closed the connection before welcoming us (wrong token?)'));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const cleanup = (): void => {
      sock.off('data', onData);
      sock.off('end', onEnd);
      sock.off('error', onError);
      sock.pause();
    };
    sock.on('data', onData);
    sock.on('end', onEnd);
    sock.on('error', onError);
  });
}

/** Marks atoms from scenario data, so the driver can decode requests with [safe]. */
export function wrapAtoms(t: Term): Term {
  if (typeof t === 'string') return ['$atom', Buffer.from(t, 'utf8')];
  if (Array.isArray(t)) return t.map(wrapAtoms);
  if (t instanceof List) return new List(t.items.map(wrapAtoms), t.tail === null ? null : wrapAtoms(t.tail));
  if (t instanceof ErlMap) return new ErlMap(t.entries.map(([k, v]) => [wrapAtoms(k), wrapAtoms(v)]));
  return t;
}
