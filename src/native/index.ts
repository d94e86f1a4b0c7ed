/**
 * Optional native helpers (Linux only) for what Node's `net` cannot do:
 * an exact listen backlog with lazy accept, SHUT_RD, socket options
 * (SO_RCVBUF/SO_SNDBUF/SO_LINGER/IP_TOS/SO_PRIORITY/...), SIOCOUTQ/SIOCINQ,
 * and cancellable non-blocking sends with a writability wait that works on
 * fds a `net.Socket` also owns.
 *
 * The package ships it prebuilt for linux-x64 (prebuilds/<platform>-<arch>/,
 * the prebuildify layout) and as source (native/): `npm explore gentcp -- npm
 * run build:native` builds it elsewhere. In the repository `npm run
 * build:native` builds src/native/build/Release. `loadNative()` returns
 * `{ native: undefined, reason }` when the addon is missing, fails to load,
 * or is disabled with env `GENTCP_NATIVE=0`, so callers can fall back to `net`.
 * `GENTCP_NATIVE_PATH` overrides the addon path.
 *
 * Error convention: every function throws a `NativeError` (an `Error` with
 * `.code` = 'EADDRINUSE' | 'EBADF' | ..., `.errno` = negative errno as in Node,
 * `.syscall`), EXCEPT the expected "would block" outcomes, which are values:
 * `accept` -> null, `trySend` -> 0, `tryRecv` -> null (0 = EOF).
 * Bad argument types throw TypeError / RangeError (code ERR_INVALID_ARG_TYPE /
 * ERR_OUT_OF_RANGE).
 *
 * File descriptors are plain integers. An fd from `listen`/`accept` may be
 * handed to Node with `new net.Socket({ fd, readable: true, writable: true })`
 * (TCP or unix-domain; Node's guessHandleType picks TCP/PIPE); from then on
 * Node owns it and closes it, so never call `close(fd)` on it. The fd of a
 * socket or server Node created is `(sock as any)._handle.fd` (see `socketFd`).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as net from 'node:net';

export type Family = 'inet' | 'inet6' | 'local';
export type PollEvents = 'r' | 'w' | 'rw';
export type ShutdownHow = 'read' | 'write' | 'read_write';

export interface ListenOptions {
  family: Family;
  /** IP literal ('127.0.0.1', '::1', 'fe80::1%2'); '' or omitted = any. For 'local', used as path when `path` is absent. */
  address?: string;
  /** 0 = ephemeral. Ignored for 'local'. */
  port?: number;
  /** Passed to listen(2) unchanged (0 allowed; the kernel caps it at net.core.somaxconn). */
  backlog: number;
  /** SO_REUSEADDR (ignored for 'local'). */
  reuseaddr?: boolean;
  /** 'local' only: filesystem path, or abstract name starting with '\0'. A Buffer is taken byte for byte. */
  path?: string | Buffer;
  /** 'inet6' only: IPV6_V6ONLY; left at the system default when omitted. */
  ipv6Only?: boolean;
}

export interface SockName {
  family: Family | 'unspec';
  address?: string;
  /** 0 for 'local'. */
  port?: number;
  /** 'local' only; latin1-decoded bytes, abstract names keep their leading '\0'. */
  path?: string;
}

export interface NativeError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

/** Poll callback: status is 0 or a negative errno; events is a POLL_READABLE|POLL_WRITABLE mask. */
export type PollCallback = (status: number, events: number) => void;

/**
 * A libuv `uv_poll_t` on an fd that libuv does NOT already watch (e.g. a
 * listen fd from `listen`). Constructing it on an fd owned by a net.Socket
 * throws EEXIST. A started Poller keeps the process alive (unless `unref()`ed)
 * and keeps itself from being garbage-collected; a stopped one does neither.
 * `close()` releases the handle (idempotent); the fd itself is not closed.
 */
export interface Poller {
  start(events?: PollEvents): void;
  stop(): void;
  close(): void;
  ref(): void;
  unref(): void;
  hasRef(): boolean;
  readonly fd: number;
  readonly active: boolean;
  readonly closed: boolean;
}

export interface PollerConstructor {
  new (fd: number, events: PollEvents, callback: PollCallback): Poller;
}

export interface NativeConstants {
  readonly SOL_SOCKET: number;
  readonly IPPROTO_IP: number;
  readonly IPPROTO_TCP: number;
  readonly IPPROTO_IPV6: number;
  readonly SO_RCVBUF: number;
  readonly SO_SNDBUF: number;
  readonly SO_KEEPALIVE: number;
  readonly SO_PRIORITY: number;
  readonly SO_ERROR: number;
  readonly SO_REUSEADDR: number;
  readonly SO_REUSEPORT: number;
  readonly SO_LINGER: number;
  readonly SO_TYPE: number;
  readonly SO_ACCEPTCONN: number;
  readonly SO_RCVLOWAT: number;
  readonly SO_SNDLOWAT: number;
  readonly IP_TOS: number;
  readonly IP_TTL: number;
  readonly IPV6_TCLASS: number;
  readonly IPV6_V6ONLY: number;
  readonly TCP_NODELAY: number;
  readonly TCP_KEEPIDLE: number;
  readonly TCP_KEEPINTVL: number;
  readonly TCP_KEEPCNT: number;
  readonly TCP_CORK: number;
  readonly TCP_USER_TIMEOUT: number;
  readonly POLL_READABLE: number;
  readonly POLL_WRITABLE: number;
  readonly EPOLLOUT: number;
  readonly EPOLLERR: number;
  readonly EPOLLHUP: number;
}

/** Opaque handle of a pending writability wait. */
export type WaitHandle = { readonly __waitHandle: unique symbol };

/** The raw addon, exactly as exported by gentcp_native.c: the typed API, but waitWritable takes a callback and is cancelled by handle. */
export interface NativeBinding extends Omit<GentcpNative, 'waitWritable' | 'binding'> {
  /** result: 1 writable (or error/hangup pending), 0 timeout, -1 cancelled; epollEvents as reported by epoll. */
  waitWritable(fd: number, timeoutMs: number, cb: (result: 1 | 0 | -1, epollEvents: number) => void): WaitHandle;
  cancelWait(handle: WaitHandle): void;
}

export interface WaitWritableOptions {
  signal?: AbortSignal;
}

/** The typed API the library uses. */
export interface GentcpNative {
  /** socket(NONBLOCK|CLOEXEC) + SO_REUSEADDR? + bind + listen(backlog exactly). */
  listen(opts: ListenOptions): { fd: number; port: number };
  /** accept4(NONBLOCK|CLOEXEC): the new fd and the peer's address accept4 wrote (no getpeername needed); null when nothing is pending (EAGAIN). */
  accept(fd: number): { fd: number; peer: SockName } | null;
  /** close(2), for fds never handed to Node. */
  close(fd: number): void;
  Poller: PollerConstructor;
  /**
   * Resolves true once `fd` is writable (also when an error/hangup is pending:
   * the next trySend reports it), false on timeout. timeoutMs < 0 or Infinity =
   * no timeout. Safe on fds owned by a net.Socket (private epoll instance).
   * Rejects with the signal's reason when aborted.
   */
  waitWritable(fd: number, timeoutMs: number, opts?: WaitWritableOptions): Promise<boolean>;
  /** send(MSG_DONTWAIT|MSG_NOSIGNAL): bytes the kernel took; 0 on EAGAIN; throws EPIPE/ECONNRESET/... */
  trySend(fd: number, buf: Uint8Array, offset?: number, length?: number): number;
  /** recv(MSG_DONTWAIT): bytes read; 0 = EOF; null on EAGAIN; throws ECONNRESET/... */
  tryRecv(fd: number, buf: Uint8Array, offset?: number, length?: number): number | null;
  shutdown(fd: number, how: ShutdownHow): void;
  setsockoptInt(fd: number, level: number, name: number, value: number): void;
  getsockoptInt(fd: number, level: number, name: number): number;
  setLinger(fd: number, on: boolean, seconds: number): void;
  getLinger(fd: number): [on: boolean, seconds: number];
  /** SIOCOUTQ: bytes in the send queue not yet acknowledged by the peer. */
  outq(fd: number): number;
  /** SIOCINQ: bytes received and not yet read. */
  inq(fd: number): number;
  sockname(fd: number): SockName;
  peername(fd: number): SockName;
  constants: NativeConstants;
  /** The raw binding (callback-style waitWritable, cancelWait). */
  binding: NativeBinding;
}

export type LoadResult = { native: GentcpNative; path: string; origin: NativeOrigin; reason?: undefined } | { native: undefined; reason: string };

const ADDON = 'gentcp_native.node';

/** Where a loaded addon came from: shipped prebuilt, built from the shipped source, or named by GENTCP_NATIVE_PATH. */
export type NativeOrigin = 'prebuilt' | 'source' | 'override';

interface Candidate {
  path: string;
  origin: NativeOrigin;
}

/** glibc or musl: prebuildify's libc tag (a glibc build does not load on musl). */
function libc(): 'glibc' | 'musl' {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/**
 * The prebuildify / node-gyp-build layout: prebuilds/<platform>-<arch>/node.napi[.<libc>].node
 * at the package root, two levels above dist/native/index.js.
 */
function prebuilt(): Candidate[] {
  const dir = fileURLToPath(new URL(`../../prebuilds/${process.platform}-${process.arch}/`, import.meta.url));
  return [`node.napi.${libc()}.node`, 'node.napi.node'].map((n) => ({ path: `${dir}${n}`, origin: 'prebuilt' as const }));
}

function candidatePaths(): Candidate[] {
  const override = process.env.GENTCP_NATIVE_PATH;
  if (override) return [{ path: override, origin: 'override' }];
  return [
    ...prebuilt(),
    // Built from the shipped source (npm explore gentcp -- npm run build:native).
    { path: fileURLToPath(new URL(`../../native/build/Release/${ADDON}`, import.meta.url)), origin: 'source' },
    // In the repository: src/native/index.ts (tsx, jest) beside node-gyp's output.
    { path: fileURLToPath(new URL(`./build/Release/${ADDON}`, import.meta.url)), origin: 'source' },
  ];
}

function wrap(binding: NativeBinding): GentcpNative {
  return {
    listen: binding.listen,
    accept: binding.accept,
    close: binding.close,
    Poller: binding.Poller,
    trySend: binding.trySend,
    tryRecv: binding.tryRecv,
    shutdown: binding.shutdown,
    setsockoptInt: binding.setsockoptInt,
    getsockoptInt: binding.getsockoptInt,
    setLinger: binding.setLinger,
    getLinger: binding.getLinger,
    outq: binding.outq,
    inq: binding.inq,
    sockname: binding.sockname,
    peername: binding.peername,
    constants: binding.constants,
    binding,
    waitWritable(fd, timeoutMs, opts) {
      const signal = opts?.signal;
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<boolean>((resolve, reject) => {
        let onAbort: (() => void) | undefined;
        const handle = binding.waitWritable(fd, timeoutMs, (result) => {
          if (onAbort) signal?.removeEventListener('abort', onAbort);
          if (result < 0) reject(signal?.reason ?? new Error('waitWritable cancelled'));
          else resolve(result === 1);
        });
        if (signal) {
          onAbort = () => binding.cancelWait(handle);
          signal.addEventListener('abort', onAbort, { once: true });
        }
      });
    },
  };
}

let cached: LoadResult | undefined;

/** Loads the addon once; never throws. */
export function loadNative(): LoadResult {
  if (cached) return cached;
  cached = doLoad();
  return cached;
}

function doLoad(): LoadResult {
  if (process.env.GENTCP_NATIVE === '0') return { native: undefined, reason: 'disabled by GENTCP_NATIVE=0' };
  if (process.platform !== 'linux') return { native: undefined, reason: `no addon for ${process.platform}: it uses Linux socket calls` };
  const candidates = candidatePaths();
  const found = candidates.find((c) => existsSync(c.path));
  if (!found)
    return {
      native: undefined,
      reason: `no prebuilt addon for ${process.platform}-${process.arch} and none built from source (looked for ${candidates.map((c) => c.path).join(', ')}); build it with: npm explore gentcp -- npm run build:native`,
    };
  try {
    const require = createRequire(import.meta.url);
    return { native: wrap(require(found.path) as NativeBinding), path: found.path, origin: found.origin };
  } catch (e) {
    return { native: undefined, reason: `failed to load ${found.path}: ${(e as Error).message}` };
  }
}

/** The addon, or undefined (see `nativeUnavailableReason()`). */
export function getNative(): GentcpNative | undefined {
  return loadNative().native;
}

export function nativeUnavailableReason(): string | undefined {
  return loadNative().reason;
}

/**
 * The OS fd behind a Node socket or server: the internal `_handle.fd`
 * (TCPWrap/PipeWrap; -1 or undefined when not open, always -1 on Windows).
 */
export function socketFd(sock: net.Socket | net.Server): number | undefined {
  const handle = (sock as unknown as { _handle?: { fd?: unknown } | null })._handle;
  const fd = handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/**
 * True for an error thrown by the addon (optionally with the given code).
 * Duck-typed on purpose: the addon's errors belong to the realm that loaded it,
 * so `instanceof Error` is false inside vm contexts such as Jest's.
 */
export function isNativeError(e: unknown, code?: string): e is NativeError {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Partial<NativeError>;
  return (
    typeof x.code === 'string' &&
    typeof x.errno === 'number' &&
    typeof x.syscall === 'string' &&
    typeof x.message === 'string' &&
    (code === undefined || x.code === code)
  );
}
