/**
 * A listening socket. Connections wait where the backlog keeps them until an
 * accept takes one; several processes may accept at once, served in order.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { ipToTuple } from '../address.js';
import type { SocketOptions } from '../options/types.js';
import type { KernelFlags } from '../options/kernel.js';
import type { Process } from '../process/process.js';
import type { Profile } from '../profile/profiles.js';
import type { TcpModule } from '../backend/module.js';
import { GenSocket, callerBound } from './base.js';
import type { Posix, Reason, Result } from '../erlang/reasons.js';
import { posixName } from './transport.js';
import type { Data } from './data.js';

/** Where accepted connections come from: the kernel's queue (native) or net.Server's (fallback). */
export interface ConnectionSource {
  /** A connection ready now, if any (it is ours from then on), or why the kernel would not hand one over (emfile: out of descriptors). */
  take(): net.Socket | undefined | { error: Reason };
  /** Calls back when take() may have something. */
  onReady(cb: () => void): void;
  /** Start or stop watching for connections (only while someone accepts). */
  watch(on: boolean): void;
  port: number;
  /** The listening fd, where the native addon made it (kernel options are set on it). */
  fd?: number;
  /** The kernel flags every fd it accepts inherits, where known. */
  acceptedFlags?: KernelFlags;
  address: { family: 'inet' | 'inet6' | 'local'; ip: string; path?: string };
  close(): void;
}

interface Acceptor {
  caller: Process;
  settle: (r: Result<net.Socket>) => void;
}

/** A listening socket: what listen returns. */
export class ListenSocket<D = Data> extends GenSocket<D> {
  readonly kind = 'listen' as const;
  closed = false;
  private readonly acceptors: Acceptor[] = [];
  /** shutdown was called on it (socket 27+): accept says einval from then on. */
  shutDown = false;
  /** Closed by a failed send (socket 27+), not by close/1: accept says closed. */
  failed = false;

  /** Made by the backend's module (listen, connect, accept). @internal */
  constructor(
    owner: Process,
    opts: SocketOptions,
    profile: Profile,
    module: TcpModule,
    readonly source: ConnectionSource,
  ) {
    super(owner, opts, profile, module);
    source.onReady(() => this.serve());
  }

  /** A connection was accepted on it (socket 25's inet:info/1 shows it in the listener's wstates). */
  hasAccepted = false;

  /** How many accepts wait on it (inet:info/1's num_acceptors). */
  get waitingAcceptors(): number {
    return this.acceptors.length;
  }

  /** What accept gets before a connection is looked for: einval after shutdown, closed or einval once closed. */
  acceptRefusal(): ['error', Reason] | undefined {
    if (this.shutDown && !this.closed) return ['error', 'einval'];
    if (this.closed) return ['error', this.failed ? 'closed' : this.profile.acceptOnClosed];
    return undefined;
  }

  /** A connection ready now, unless another accept waits for one first. */
  takeReady(): Result<net.Socket> {
    const c = this.acceptors.length > 0 ? undefined : this.source.take();
    if (c === undefined) return ['error', 'timeout'];
    if ('error' in c) return ['error', c.error];
    this.hasAccepted = true;
    return ['ok', c];
  }

  /** gen_tcp:accept/2, up to the point of a raw connection: waits its turn for one, up to `timeout` ms. */
  wait(caller: Process, timeout: number | 'infinity'): Promise<Result<net.Socket>> {
    return callerBound<Result<net.Socket>>(caller, (settle) => {
      let timer: NodeJS.Timeout | undefined;
      const a: Acceptor = {
        caller,
        settle: (r) => {
          if (timer) clearTimeout(timer);
          settle(r);
        },
      };
      this.acceptors.push(a);
      if (timeout !== 'infinity')
        timer = setTimeout(() => {
          this.drop(a);
          settle(['error', 'timeout']);
        }, timeout);
      this.serve();
      return () => {
        if (timer) clearTimeout(timer);
        this.drop(a);
      };
    });
  }

  /** recv on a listen socket: enotconn while open; once closed, as on a closed connection (closed, or einval on socket 27+). */
  recv(): ['error', Reason] {
    if (this.failed) return ['error', 'closed'];
    return ['error', this.closed ? this.profile.recvOnClosed : 'enotconn'];
  }

  /** gen_tcp:shutdown/2 on a listen socket: enotconn, or (socket 27+) ok once, after which accept says einval; closed once closed. */
  shutdown(): 'ok' | ['error', Reason] {
    if (this.closed) return ['error', 'closed'];
    if (this.profile.shutdownListen === 'enotconn' || this.shutDown) return ['error', 'enotconn'];
    this.shutDown = true;
    return 'ok';
  }

  private drop(a: Acceptor): void {
    const i = this.acceptors.indexOf(a);
    if (i >= 0) this.acceptors.splice(i, 1);
    this.source.watch(this.acceptors.length > 0);
  }

  private serve(): void {
    while (!this.closed && this.acceptors.length > 0) {
      const c = this.source.take();
      if (!c) break;
      // inet_drv and the socket NIF answer the accept with the error (emfile), leaving the connection queued.
      if ('error' in c) {
        this.acceptors.shift()!.settle(['error', c.error]);
        continue;
      }
      this.hasAccepted = true;
      this.acceptors.shift()!.settle(['ok', c]);
    }
    this.source.watch(!this.closed && this.acceptors.length > 0);
  }

  /** gen_tcp:close/1 on a listening socket: waiting accepts get {error, closed}. */
  async close(): Promise<'ok' | ['error', 'closed']> {
    if (this.closed) return this.profile.closeAgain === 'ok' ? 'ok' : ['error', 'closed'];
    this.closeNow();
    return 'ok';
  }

  closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner.disown(this);
    for (const a of this.acceptors.splice(0)) a.settle(['error', 'closed']);
    this.source.close();
    this.wentDown();
  }
}

/**
 * The fallback source: net.Server accepts every connection at once (Node has no
 * way to leave them in the kernel), so the backlog is not the kernel's. Registered
 * as a known divergence where the native addon is not used.
 */
export async function serverSource(opts: { host?: string; port: number; path?: string; backlog: number; family: 'inet' | 'inet6' | 'local'; reuseaddr: boolean }): Promise<ConnectionSource | ['error', Posix]> {
  // libuv binds with SO_REUSEADDR whatever is asked: a port held only by a TIME_WAIT connection must still refuse.
  if (!opts.reuseaddr && opts.port !== 0 && opts.family !== 'local' && portHeld(opts.family, opts.host, opts.port)) return ['error', 'eaddrinuse'];
  const queue: net.Socket[] = [];
  let ready: () => void = () => undefined;
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (c) => {
    queue.push(c);
    c.on('error', () => undefined);
    ready();
  });
  const listened = await new Promise<Posix | undefined>((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => resolve(posixName(e.code)));
    if (opts.family === 'local') server.listen({ path: opts.path!, backlog: Math.max(1, opts.backlog) }, () => resolve(undefined));
    else server.listen({ host: opts.host ?? (opts.family === 'inet6' ? '::' : '0.0.0.0'), port: opts.port, backlog: Math.max(1, opts.backlog), ipv6Only: opts.family === 'inet6' }, () => resolve(undefined));
  });
  if (listened) return ['error', listened];
  const addr = server.address();
  return {
    take: () => queue.shift(),
    onReady: (cb) => void (ready = cb),
    watch: () => undefined,
    port: typeof addr === 'object' && addr ? addr.port : 0,
    address: { family: opts.family, ip: typeof addr === 'object' && addr ? addr.address : '', ...(opts.path ? { path: opts.path } : {}) },
    close: () => {
      server.close();
      for (const c of queue.splice(0)) c.destroy();
    },
  };
}

/**
 * Whether the kernel's socket table (/proc/net/tcp, tcp6) shows a socket of
 * any state bound to `port` on an address overlapping `host`: what a bind
 * without SO_REUSEADDR refuses. The fallback's way to tell, as libuv always
 * sets SO_REUSEADDR; false where there is no such table.
 */
export function portHeld(family: 'inet' | 'inet6', host: string | undefined, port: number): boolean {
  let text: string;
  try {
    text = readFileSync(family === 'inet' ? '/proc/net/tcp' : '/proc/net/tcp6', 'latin1');
  } catch {
    return false;
  }
  const want = host === undefined ? undefined : procAddress(host);
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of text.split('\n').slice(1)) {
    const [addr, p] = (line.trim().split(/\s+/)[1] ?? '').split(':');
    if (p !== portHex || addr === undefined) continue;
    if (want === undefined || /^0+$/.test(addr) || /^0+$/.test(want) || addr === want) return true;
  }
  return false;
}

/** An address as /proc/net/tcp writes it: each 32-bit word in host (little-endian) order, in hex. */
function procAddress(host: string): string {
  const bytes = net.isIPv4(host) ? host.split('.').map(Number) : ipToTuple(host).flatMap((w) => [w >> 8, w & 255]);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) out += bytes.slice(i, i + 4).reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
  return out.toUpperCase();
}
