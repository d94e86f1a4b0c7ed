/**
 * Listening through the native addon: the kernel keeps connections in the
 * listen backlog until an accept takes one, as inet_drv and the socket NIF do
 * ({backlog, B} lets exactly B+1 connects complete). Node's net.Server would
 * accept them all at once.
 */
import net from 'node:net';
import { getNative, isNativeError, type SockName } from '../native/index.js';
import type { Posix } from '../erlang/reasons.js';
import type { ConnectionSource } from './listener.js';
import { onreadOptions, posixName, type Transport } from './transport.js';

export interface ListenWhere {
  family: 'inet' | 'inet6' | 'local';
  host?: string;
  port: number;
  path?: string;
  backlog: number;
  reuseaddr: boolean;
}

/** A socket made from an accepted fd, reading in onread mode; gen_tcp attaches its Transport. */
export type AcceptedSocket = net.Socket & { gentcpOnread?: boolean; gentcpTransport?: Transport; gentcpPeer?: SockName };

/** A native listening source, or undefined when the addon is not available (the caller falls back). */
export async function nativeSource(where: ListenWhere): Promise<ConnectionSource | ['error', Posix] | undefined> {
  const native = getNative();
  if (!native) return undefined;
  let fd: number;
  let port: number;
  try {
    ({ fd, port } = native.listen({
      family: where.family,
      ...(where.host ? { address: where.host } : {}),
      port: where.port,
      backlog: where.backlog,
      reuseaddr: where.reuseaddr,
      ...(where.path ? { path: where.path } : {}),
      ...(where.family === 'inet6' ? { ipv6Only: true } : {}),
    }));
  } catch (e) {
    return ['error', isNativeError(e) ? posixName(e.code) : 'eio'];
  }
  let ready: () => void = () => undefined;
  let closed = false;
  const poller = new native.Poller(fd, 'r', () => ready());
  let watching = false;
  let stopping = false;
  const address = where.family === 'local' ? { family: where.family, ip: '', path: where.path ?? '' } : { family: where.family, ip: native.sockname(fd).address ?? '' };
  return {
    take: () => {
      if (closed) return undefined;
      let got: { fd: number; peer: SockName } | null;
      try {
        got = native.accept(fd);
      } catch (e) {
        return { error: isNativeError(e) ? posixName(e.code) : 'eio' };
      }
      if (got === null) return undefined;
      const sock: AcceptedSocket = new net.Socket({
        fd: got.fd,
        readable: true,
        writable: true,
        pauseOnCreate: true,
        ...onreadOptions(() => sock.gentcpTransport),
      } as net.SocketConstructorOpts);
      sock.gentcpOnread = true;
      sock.gentcpPeer = got.peer;
      return sock;
    },
    onReady: (cb) => void (ready = cb),
    watch: (on) => {
      if (closed) return;
      // An acceptor loop asks again within the same turn: the poller stays armed until the
      // turn's check phase instead of an epoll_ctl off and on per connection. Unseen: the
      // poller takes nothing, it only says the backlog has something.
      if (!on) {
        if (watching && !stopping) {
          stopping = true;
          setImmediate(() => {
            if (!stopping) return;
            stopping = false;
            watching = false;
            if (!closed) poller.stop();
          });
        }
        return;
      }
      stopping = false;
      if (watching) return;
      watching = true;
      poller.start();
    },
    port,
    fd,
    address,
    ...(where.family === 'local' ? {} : { acceptedFlags: { nodelay: false, keepalive: false, reuseaddr: where.reuseaddr } }),
    close: () => {
      if (closed) return;
      closed = true;
      poller.close();
      native.close(fd);
    },
  };
}
