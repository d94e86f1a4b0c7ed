/**
 * Tests and measurements for the optional native addon (src/native).
 * Run: npm run build:native && NODE_OPTIONS=--experimental-vm-modules GENTCP_REFERENCES=local npx jest src/native
 * Loopback only; every test is bounded by explicit timers and a jest timeout.
 * Measured findings are printed at the end (console.log) and the stable ones asserted.
 */
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadNative, socketFd, isNativeError, type GentcpNative } from './index.js';

const loaded = loadNative();
const native = loaded.native as GentcpNative;
const d = loaded.native ? describe : describe.skip;
// Where the addon may be missing (a dev machine without a compiler) its cases are skipped; on CI that
// would hide a broken build, so it fails here instead.
if (!loaded.native && process.env.CI === 'true')
  test('the native addon is loaded on CI', () => {
    throw new Error(`gentcp_native did not load: ${loaded.reason ?? 'unknown reason'}`);
  });
const T = 10_000;

const findings: string[] = [];
const note = (s: string): void => {
  findings.push(s);
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Waits here are on events and conditions, never on time: the test's own timeout (T) bounds each one.
function once<T = unknown>(emitter: NodeJS.EventEmitter, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, (v: T) => resolve(v)));
}

/** The first of `events` the emitter emits, by name (from the moment of the call). */
function first(emitter: NodeJS.EventEmitter, events: string[]): Promise<string> {
  return new Promise((resolve) => {
    for (const e of events) emitter.once(e, () => resolve(e));
  });
}

/** Resolves once `cond` holds, looking again every few milliseconds. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(5);
}

/**
 * Whether the peer's reset has reached fd, asked without taking the pending error (SO_ERROR would):
 * a reset socket is in CLOSE, where getpeername(2) fails with ENOTCONN (EBADF once Node has closed it).
 */
function resetArrived(fd: number): boolean {
  try {
    native.peername(fd);
    return false;
  } catch {
    return true;
  }
}

/** `client` and `s` (the accepted end) exchange ping and pong; then `s` ends and the client sees the FIN. */
async function pingPongThenEnd(client: net.Socket, s: net.Socket): Promise<void> {
  const got = once<Buffer>(s, 'data');
  client.write('ping');
  expect((await got).toString()).toBe('ping');
  const back = once<Buffer>(client, 'data');
  s.write('pong');
  expect((await back).toString()).toBe('pong');
  const clientEnd = once(client, 'end');
  s.end();
  await clientEnd;
}

let seq = 0;
function localPath(): string {
  return path.join(os.tmpdir(), `gentcp-native-${process.pid}-${++seq}.sock`);
}

const toClose: number[] = [];
const toDestroy: net.Socket[] = [];
const toUnlink: string[] = [];

afterEach(() => {
  for (const s of toDestroy.splice(0)) s.destroy();
  for (const fd of toClose.splice(0)) {
    try {
      native.close(fd);
    } catch {
      /* already closed */
    }
  }
  for (const p of toUnlink.splice(0)) rmSync(p, { force: true });
});

afterAll(() => {
  if (!loaded.native) console.log(`native addon unavailable: ${loaded.reason}`);
  else console.log(`native addon findings:\n  ${findings.join('\n  ')}`);
});

function listenTcp(backlog = 8): { fd: number; port: number } {
  const l = native.listen({ family: 'inet', address: '127.0.0.1', port: 0, backlog, reuseaddr: true });
  toClose.push(l.fd);
  return l;
}

/** A Node client connected to a native listener, and the accepted native fd (not owned by Node). */
async function tcpPair(allowHalfOpen = false): Promise<{ client: net.Socket; fd: number }> {
  const l = listenTcp(1);
  const client = net.connect({ port: l.port, host: '127.0.0.1', allowHalfOpen });
  client.on('error', () => {}); // tests that care add their own listener
  toDestroy.push(client);
  await once(client, 'connect');
  const fd = native.accept(l.fd)?.fd;
  expect(typeof fd).toBe('number');
  toClose.push(fd as number);
  return { client, fd: fd as number };
}

/** Removes fd from the cleanup list once it has been handed to Node. */
function handOver(fd: number): number {
  const i = toClose.indexOf(fd);
  if (i >= 0) toClose.splice(i, 1);
  return fd;
}

/** A connect to 127.0.0.1:port whose `outcome` says how it stands: pending, connected, or the error's code. */
function connectAttempt(port: number): { sock: net.Socket; outcome: string } {
  const sock = net.connect({ port, host: '127.0.0.1' });
  toDestroy.push(sock);
  const attempt = { sock, outcome: 'pending' };
  sock.once('connect', () => (attempt.outcome = 'connected'));
  sock.once('error', (e: NodeJS.ErrnoException) => (attempt.outcome = e.code ?? 'error'));
  return attempt;
}

test('addon loads (or reports why not)', () => {
  if (!loaded.native) {
    expect(typeof loaded.reason).toBe('string');
    return;
  }
  expect(typeof native.listen).toBe('function');
  expect(native.constants.SOL_SOCKET).toBe(1);
});

d('native addon', () => {
  test(
    'backlog B lets exactly B+1 connects complete without accept',
    async () => {
      const seen: Record<number, number> = {};
      for (const backlog of [1, 0, 3]) {
        const l = listenTcp(backlog);
        const results = Array.from({ length: 5 + backlog }, () => connectAttempt(l.port));
        // The kernel completes B+1 handshakes; while nobody accepts, the queue stays full and it drops
        // the other SYNs (and their retransmissions), so those connects stay pending.
        await until(() => results.filter((r) => r.outcome !== 'pending').length >= backlog + 1);
        const connected = results.filter((r) => r.outcome === 'connected').length;
        const others = results.filter((r) => r.outcome !== 'connected').map((r) => r.outcome);
        let queued = 0;
        for (let a = native.accept(l.fd); a !== null; a = native.accept(l.fd)) {
          queued++;
          native.close(a.fd);
        }
        for (const r of results) r.sock.destroy();
        seen[backlog] = connected;
        note(
          `backlog ${backlog}: ${connected}/${results.length} connects completed, others: ${[...new Set(others)].join(',')}; accept queue then held ${queued}`,
        );
        expect(connected).toBe(backlog + 1);
        expect(others.every((o) => o === 'pending')).toBe(true);
        expect(queued).toBe(backlog + 1);
      }
      expect(seen).toEqual({ 0: 1, 1: 2, 3: 4 });
    },
    T,
  );

  test('accept gives the fd and the peer address accept4 wrote, the same getpeername gives; null when none pending', async () => {
    const l = listenTcp(4);
    expect(native.accept(l.fd)).toBeNull();
    const client = net.connect({ port: l.port, host: '127.0.0.1' });
    toDestroy.push(client);
    await once(client, 'connect');
    let got: { fd: number; peer: { family: string; address?: string; port?: number } } | null = null;
    // The connection is in the backlog once connect has completed; bounded retries for the kernel's queueing.
    for (let i = 0; i < 100 && got === null; i++) {
      got = native.accept(l.fd);
      if (got === null) await new Promise((r) => setImmediate(r));
    }
    expect(got).not.toBeNull();
    toClose.push(got!.fd);
    expect(got!.peer).toEqual({ family: 'inet', address: '127.0.0.1', port: client.localPort });
    expect(native.peername(got!.fd)).toEqual(got!.peer);
  });

  test(
    'Poller signals accept readiness; accept returns null when none pending',
    async () => {
      const l = listenTcp(4);
      expect(native.accept(l.fd)).toBeNull();
      const accepted: number[] = [];
      let calls = 0;
      const ready = new Promise<void>((resolve) => {
        const p = new native.Poller(l.fd, 'r', (status, events) => {
          calls++;
          expect(status).toBe(0);
          expect(events & native.constants.POLL_READABLE).toBeTruthy();
          for (let a = native.accept(l.fd); a !== null; a = native.accept(l.fd)) accepted.push(a.fd);
          if (accepted.length >= 2) {
            p.close();
            p.close(); // idempotent
            expect(p.closed).toBe(true);
            resolve();
          }
        });
        expect(p.fd).toBe(l.fd);
        expect(p.active).toBe(false);
        p.start();
        expect(p.active).toBe(true);
        expect(p.hasRef()).toBe(true);
      });
      const c1 = net.connect(l.port, '127.0.0.1');
      const c2 = net.connect(l.port, '127.0.0.1');
      toDestroy.push(c1, c2);
      await ready;
      accepted.forEach((fd) => toClose.push(fd));
      expect(accepted.length).toBe(2);
      expect(native.accept(l.fd)).toBeNull();
      expect(native.peername(accepted[0]!).family).toBe('inet');
      note(`Poller: ${calls} callback(s) for 2 connects; accept() after draining -> null`);
    },
    T,
  );

  test('Poller refuses an fd libuv already watches (Node-owned socket) with EEXIST', async () => {
    const { client } = await tcpPair();
    const fd = socketFd(client)!;
    let code: string | undefined;
    try {
      new native.Poller(fd, 'r', () => {}).close();
    } catch (e) {
      code = isNativeError(e) ? e.code : `not a NativeError: ${String(e)}`;
    }
    note(`new Poller(fd of a net.Socket): ${code ?? 'accepted'}`);
    expect(code).toBe('EEXIST');
  });

  test(
    'a stopped, closed or unref()ed Poller does not keep the process alive; a started one does',
    async () => {
      const addon = fileURLToPath(new URL('./build/Release/gentcp_native.node', import.meta.url));
      const run = (body: string): Promise<string> =>
        new Promise((resolve) => {
          const script = `const n = require(${JSON.stringify(addon)});
            const l = n.listen({family:'inet', address:'127.0.0.1', port:0, backlog:1, reuseaddr:true});
            const p = new n.Poller(l.fd, 'r', () => {});
            p.start(); ${body}
            setTimeout(() => process.exit(3), 20).unref();`;
          // The unref()ed timer fires only while something else keeps the loop alive: exit 3 says the
          // Poller did, exit 0 that the process ended on its own (no wall-clock window to guess it).
          const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
          child.on('exit', (code) => resolve(code === 3 ? 'alive' : `exit ${code}`));
        });
      const [started, stopped, closed, unrefd] = await Promise.all([
        run(''),
        run('p.stop();'),
        run('p.close();'),
        run('p.unref();'),
      ]);
      note(`process liveness: started=${started}, stopped=${stopped}, closed=${closed}, unref=${unrefd}`);
      expect(started).toBe('alive');
      expect(stopped).toBe('exit 0');
      expect(closed).toBe('exit 0');
      expect(unrefd).toBe('exit 0');
    },
    T,
  );

  test(
    'accepted TCP fd works as a net.Socket: read, write, end, resetAndDestroy',
    async () => {
      // read / write / end
      {
        const { client, fd } = await tcpPair();
        const s = new net.Socket({ fd: handOver(fd), readable: true, writable: true });
        toDestroy.push(s);
        expect(socketFd(s)).toBe(fd);
        expect(s.remotePort).toBe(client.localPort);
        await pingPongThenEnd(client, s);
        const sEnd = once(s, 'end');
        client.end();
        await sEnd;
        await once(s, 'close');
      }
      // resetAndDestroy sends RST
      {
        const { client, fd } = await tcpPair();
        const s = new net.Socket({ fd: handOver(fd), readable: true, writable: true });
        toDestroy.push(s);
        const err = once<NodeJS.ErrnoException>(client, 'error');
        s.resetAndDestroy();
        expect((await err).code).toBe('ECONNRESET');
      }
    },
    T,
  );

  test(
    'accepted unix-domain fd works as a net.Socket; resetAndDestroy is TCP-only',
    async () => {
      const p = localPath();
      toUnlink.push(p);
      const l = native.listen({ family: 'local', path: p, backlog: 1, address: '', port: 0, reuseaddr: false });
      toClose.push(l.fd);
      expect(l.port).toBe(0);
      expect(native.sockname(l.fd)).toEqual({ family: 'local', path: p, port: 0 });
      const client = net.connect(p);
      toDestroy.push(client);
      await once(client, 'connect');
      const a = native.accept(l.fd);
      expect(a).not.toBeNull();
      const fd = a!.fd;
      const s = new net.Socket({ fd: handOver(fd), readable: true, writable: true });
      toDestroy.push(s);
      expect(socketFd(s)).toBe(fd);
      await pingPongThenEnd(client, s);
      let resetErr = 'none';
      try {
        s.resetAndDestroy();
      } catch (e) {
        resetErr = (e as NodeJS.ErrnoException).code ?? String(e);
      }
      note(`unix-domain net.Socket from fd: read/write/end ok; resetAndDestroy() -> ${resetErr}`);
      s.destroy();
    },
    T,
  );

  test('socket._handle.fd of Node-created sockets and servers is usable with the helpers', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const sfd = socketFd(server)!;
      expect(sfd).toBeGreaterThan(2);
      expect(native.sockname(sfd).port).toBe((server.address() as net.AddressInfo).port);
      expect(native.getsockoptInt(sfd, native.constants.SOL_SOCKET, native.constants.SO_ACCEPTCONN)).toBe(1);
      const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      toDestroy.push(client);
      await once(client, 'connect');
      const cfd = socketFd(client)!;
      expect(native.sockname(cfd)).toEqual({ family: 'inet', address: '127.0.0.1', port: client.localPort });
      expect(socketFd(new net.Socket())).toBeUndefined();
    } finally {
      server.close();
    }
  });

  test(
    'shutdown(read) and shutdown(write)',
    async () => {
      const buf = Buffer.alloc(200_000);
      // raw fd: what reads return after SHUT_RD
      {
        const { client, fd } = await tcpPair();
        client.write('before');
        await until(() => native.inq(fd) === 6);
        native.shutdown(fd, 'read');
        const r1 = native.tryRecv(fd, buf);
        const r2 = native.tryRecv(fd, buf);
        client.write('after');
        await until(() => native.inq(fd) >= 5);
        const inqAfter = native.inq(fd);
        const r3 = native.tryRecv(fd, buf);
        const r4 = native.tryRecv(fd, buf);
        client.write(Buffer.alloc(100_000));
        await sleep(100); // only the note reads what arrived by then
        const inqBig = native.inq(fd);
        const peerOutq = native.outq(socketFd(client)!);
        note(
          `SHUT_RD raw: queued data still read (${r1} bytes), then ${r2} (EOF); peer writes after SHUT_RD are still ACKed and queued ` +
            `(inq=${inqAfter}, recv=${r3} then ${r4}); 100000 more -> inq=${inqBig}, peer outq=${peerOutq}; peer saw no error`,
        );
        expect(r1).toBe(6);
        expect(r2).toBe(0);
        expect(r3).toBe(5);
        expect(r4).toBe(0);
        expect(client.destroyed).toBe(false);
      }
      // Node socket reading on the fd, SHUT_RD from native
      for (const allowHalfOpen of [false, true]) {
        const { client, fd } = await tcpPair();
        const s = new net.Socket({ fd: handOver(fd), readable: true, writable: true, allowHalfOpen });
        toDestroy.push(s);
        const ev: string[] = [];
        s.on('data', (b: Buffer) => ev.push(`data:${b.length}`));
        s.on('end', () => ev.push('end'));
        s.on('close', () => ev.push('close'));
        s.on('error', (e: NodeJS.ErrnoException) => ev.push(`error:${e.code}`));
        const clientEv: string[] = [];
        client.on('end', () => clientEv.push('end'));
        client.on('data', (b: Buffer) => clientEv.push(`data:${b.length}`));
        const firstEvent = first(s, ['data', 'end', 'close', 'error']);
        native.shutdown(fd, 'read');
        expect(await firstEvent).toBe('end');
        // What follows only feeds the note.
        client.write('late');
        await sleep(50);
        if (!s.destroyed) s.write('still-writable');
        await sleep(50);
        note(`net.Socket(allowHalfOpen=${allowHalfOpen}) + native SHUT_RD: socket [${ev.join(' ')}], peer [${clientEv.join(' ')}]`);
        expect(ev[0]).toBe('end');
      }
      // SHUT_WR gives the peer EOF
      {
        const { client, fd } = await tcpPair(true);
        const end = once(client, 'end');
        native.trySend(fd, Buffer.from('bye'));
        native.shutdown(fd, 'write');
        const data = once<Buffer>(client, 'data');
        expect((await data).toString()).toBe('bye');
        await end;
        // and the read side still works
        client.end('reply');
        await until(() => native.inq(fd) >= 5);
        expect(native.tryRecv(fd, buf)).toBe(5);
        let eof: number | null = null;
        await until(() => (eof = native.tryRecv(fd, buf)) !== null); // the FIN behind the data
        expect(eof).toBe(0);
      }
    },
    T,
  );

  test(
    'trySend fills the send path, waitWritable times out, then resolves once the peer reads',
    async () => {
      const { client, fd } = await tcpPair();
      const cfd = socketFd(client)!; // Node-owned fd: libuv already watches it
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      const counts: number[] = [];
      let total = 0;
      for (let i = 0; i < 1000; i++) {
        const n = native.trySend(cfd, chunk, 0, chunk.length);
        counts.push(n);
        if (n === 0) break;
        total += n;
      }
      expect(counts[counts.length - 1]).toBe(0);
      const partial = counts.filter((n) => n > 0 && n < chunk.length);
      const outq = native.outq(cfd);
      const peerInq = native.inq(fd);
      expect(native.trySend(cfd, chunk, 10, 100)).toBe(0);

      const t0 = Date.now();
      const timedOut = await native.waitWritable(cfd, 200);
      const waited = Date.now() - t0;
      expect(timedOut).toBe(false);

      // abort support
      const ac = new AbortController();
      const aborted = native.waitWritable(cfd, 5000, { signal: ac.signal });
      ac.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');

      // the peer starts reading: the fd becomes writable
      const peer = new net.Socket({ fd: handOver(fd), readable: true, writable: true });
      toDestroy.push(peer);
      let received = 0;
      let expected = Infinity;
      let allReceived: () => void = () => undefined;
      const everything = new Promise<void>((resolve) => (allReceived = resolve));
      const t1 = Date.now();
      const writable = native.waitWritable(cfd, -1);
      peer.on('data', (b: Buffer) => {
        received += b.length;
        if (received >= expected) allReceived();
      });
      expect(await writable).toBe(true);
      const after = Date.now() - t1;
      const more = native.trySend(cfd, chunk);
      expect(more).toBeGreaterThan(0);
      // Node's own writes still work on the same fd afterwards: every byte arrives (the test's timeout bounds the wait).
      expected = total + more;
      if (received >= expected) allReceived();
      await everything;
      expect(received).toBe(total + more);
      const echo = once<Buffer>(peer, 'data');
      client.write('tail');
      expect((await echo).toString()).toBe('tail');
      // an immediately writable fd with a 0 ms timeout -> true
      expect(await native.waitWritable(cfd, 0)).toBe(true);
      note(
        `trySend(256 KiB chunks) on a net.Socket fd, peer not reading: returns [${counts.join(',')}] ` +
          `(partial: ${partial.length ? partial.join(',') : 'none'}), total ${total}; outq=${outq}, peer inq=${peerInq}; ` +
          `waitWritable(200) -> false after ${waited} ms; after peer resumes -> true in ${after} ms, next trySend took ${more}`,
      );
    },
    T,
  );

  test('trySend after the peer sent RST throws ECONNRESET, then EPIPE, as NativeError', async () => {
    const { client, fd } = await tcpPair();
    client.resetAndDestroy();
    await until(() => resetArrived(fd));
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      try {
        codes.push(`ok:${native.trySend(fd, Buffer.from('x'))}`);
      } catch (e) {
        expect(isNativeError(e)).toBe(true);
        expect((e as NodeJS.ErrnoException).errno).toBeLessThan(0);
        codes.push((e as NodeJS.ErrnoException).code!);
      }
    }
    note(`trySend after peer RST: ${codes.join(', ')}`);
    expect(['EPIPE', 'ECONNRESET']).toContain(codes[0]);
  });

  test('setsockopt/getsockopt round-trips and linger', async () => {
    const { client, fd } = await tcpPair();
    const C = native.constants;
    const rt = (level: number, name: number, v: number): number => {
      native.setsockoptInt(fd, level, name, v);
      return native.getsockoptInt(fd, level, name);
    };
    const rows: string[] = [];
    const check = (label: string, level: number, name: number, v: number): number => {
      const got = rt(level, name, v);
      rows.push(`${label} ${v}->${got}`);
      return got;
    };
    expect(check('SO_RCVBUF', C.SOL_SOCKET, C.SO_RCVBUF, 10000)).toBe(20000);
    expect(check('SO_SNDBUF', C.SOL_SOCKET, C.SO_SNDBUF, 10000)).toBe(20000);
    check('SO_RCVBUF', C.SOL_SOCKET, C.SO_RCVBUF, 1);
    check('SO_SNDBUF', C.SOL_SOCKET, C.SO_SNDBUF, 1);
    check('SO_RCVBUF', C.SOL_SOCKET, C.SO_RCVBUF, 1 << 30);
    expect(check('SO_KEEPALIVE', C.SOL_SOCKET, C.SO_KEEPALIVE, 1)).toBe(1);
    expect(check('SO_KEEPALIVE', C.SOL_SOCKET, C.SO_KEEPALIVE, 0)).toBe(0);
    expect(check('SO_PRIORITY', C.SOL_SOCKET, C.SO_PRIORITY, 6)).toBe(6);
    let prio7 = 'ok';
    try {
      rows.push(`SO_PRIORITY 7->${rt(C.SOL_SOCKET, C.SO_PRIORITY, 7)} (uid ${process.getuid?.()})`);
    } catch (e) {
      prio7 = (e as NodeJS.ErrnoException).code!;
      rows.push(`SO_PRIORITY 7->${prio7}`);
    }
    expect(check('IP_TOS', C.IPPROTO_IP, C.IP_TOS, 0x10)).toBe(0x10);
    check('IP_TOS', C.IPPROTO_IP, C.IP_TOS, 0x13);
    expect(check('TCP_NODELAY', C.IPPROTO_TCP, C.TCP_NODELAY, 1)).toBe(1);
    expect(check('SO_REUSEADDR', C.SOL_SOCKET, C.SO_REUSEADDR, 1)).toBe(1);
    expect(native.getsockoptInt(fd, C.SOL_SOCKET, C.SO_ERROR)).toBe(0);
    // on a Node-created socket
    const cfd = socketFd(client)!;
    native.setsockoptInt(cfd, C.SOL_SOCKET, C.SO_SNDBUF, 65536);
    expect(native.getsockoptInt(cfd, C.SOL_SOCKET, C.SO_SNDBUF)).toBe(131072);
    // IPv6 traffic class
    const l6 = native.listen({ family: 'inet6', address: '::1', port: 0, backlog: 1, reuseaddr: true, ipv6Only: true });
    toClose.push(l6.fd);
    expect(native.sockname(l6.fd)).toEqual({ family: 'inet6', address: '::1', port: l6.port });
    expect(native.getsockoptInt(l6.fd, C.IPPROTO_IPV6, C.IPV6_V6ONLY)).toBe(1);
    native.setsockoptInt(l6.fd, C.IPPROTO_IPV6, C.IPV6_TCLASS, 0x28);
    rows.push(`IPV6_TCLASS 40->${native.getsockoptInt(l6.fd, C.IPPROTO_IPV6, C.IPV6_TCLASS)}`);
    expect(native.getsockoptInt(l6.fd, C.IPPROTO_IPV6, C.IPV6_TCLASS)).toBe(0x28);
    // linger
    expect(native.getLinger(fd)).toEqual([false, 0]);
    native.setLinger(fd, true, 5);
    expect(native.getLinger(fd)).toEqual([true, 5]);
    native.setLinger(fd, true, 0);
    expect(native.getLinger(fd)).toEqual([true, 0]);
    native.setLinger(fd, false, 7);
    rows.push(`linger {false,7} reads back ${JSON.stringify(native.getLinger(fd))}`);
    // errors
    let bad = '';
    try {
      native.setsockoptInt(fd, C.SOL_SOCKET, 9999, 1);
    } catch (e) {
      bad = (e as NodeJS.ErrnoException).code!;
    }
    rows.push(`unknown option -> ${bad}`);
    expect(bad).toBe('ENOPROTOOPT');
    let ebadf = '';
    try {
      native.getsockoptInt(1 << 20, C.SOL_SOCKET, C.SO_TYPE);
    } catch (e) {
      ebadf = (e as NodeJS.ErrnoException).code!;
    }
    expect(ebadf).toBe('EBADF');
    let inuse = '';
    try {
      native.close(native.listen({ family: 'inet6', address: '::1', port: l6.port, backlog: 1, reuseaddr: true }).fd);
    } catch (e) {
      inuse = `${(e as NodeJS.ErrnoException).code} ${(e as NodeJS.ErrnoException).errno} ${(e as NativeErrorLike).syscall}`;
    }
    expect(inuse).toBe('EADDRINUSE -98 bind');
    note(`sockopts: ${rows.join('; ')}`);
  });

  test(
    'RST detection: data then RST while paused; SO_ERROR at end',
    async () => {
      const buf = Buffer.alloc(1024);
      type Variant = 'pauseOnCreate' | 'pauseOnCreate+peekSO_ERROR' | 'flowing' | 'pause()-after-connect';
      const runVariant = async (variant: Variant): Promise<string> => {
        const { client, fd } = await tcpPair();
        const s = new net.Socket({
          fd: handOver(fd),
          readable: true,
          writable: true,
          allowHalfOpen: true,
          ...(variant.startsWith('pauseOnCreate') ? { pauseOnCreate: true } : {}),
        } as net.SocketConstructorOpts);
        toDestroy.push(s);
        const ev: string[] = [];
        s.on('data', (b: Buffer) => ev.push(`data:${b.length}`));
        s.on('end', () => {
          let so: string;
          try {
            so = String(native.getsockoptInt(fd, native.constants.SOL_SOCKET, native.constants.SO_ERROR));
          } catch (e) {
            so = (e as NodeJS.ErrnoException).code!;
          }
          ev.push(`end(SO_ERROR=${so})`);
        });
        s.on('error', (e: NodeJS.ErrnoException) => ev.push(`error:${e.code}`));
        s.on('close', (hadErr: boolean) => ev.push(`close(${hadErr})`));
        if (variant === 'pause()-after-connect') s.pause();
        const settled = first(s, ['end', 'error']);
        client.write('hello');
        // Where the data waits when the reset comes: read and emitted (flowing), read into Node's buffer
        // (paused after creation, libuv still reads), or in the kernel (paused from creation).
        const delivered: Record<Variant, () => boolean> = {
          flowing: () => ev.includes('data:5'),
          'pause()-after-connect': () => s.readableLength >= 5,
          pauseOnCreate: () => native.inq(fd) >= 5,
          'pauseOnCreate+peekSO_ERROR': () => native.inq(fd) >= 5,
        };
        await until(delivered[variant]);
        client.resetAndDestroy();
        if (variant === 'flowing') await settled;
        else await until(() => resetArrived(fd));
        let state = '';
        if (!s.destroyed) {
          state = `inq=${native.inq(fd)}`;
          if (variant === 'pauseOnCreate+peekSO_ERROR') {
            state += ` SO_ERROR=${native.getsockoptInt(fd, native.constants.SOL_SOCKET, native.constants.SO_ERROR)}`;
          }
        } else state = 'destroyed';
        ev.unshift(`[before resume: ${state}]`);
        if (variant !== 'flowing') {
          s.resume();
          await settled;
        }
        await sleep(50); // only the note reads what comes after the end or the error
        return `${variant}: ${ev.join(' ')}`;
      };
      const a = await runVariant('pauseOnCreate');
      const b = await runVariant('pauseOnCreate+peekSO_ERROR');
      const c = await runVariant('flowing');
      const dd = await runVariant('pause()-after-connect');
      note(`RST ${a}`);
      note(`RST ${b}`);
      note(`RST ${c}`);
      note(`RST ${dd}`);
      expect(a).toContain('data:5 end(SO_ERROR=104)');
      expect(b).toContain('SO_ERROR=104]');
      expect(b).toContain('end(SO_ERROR=0)');
      expect(c).toContain('error:ECONNRESET');

      // raw fd: data first, then ECONNRESET; SO_ERROR read first clears it
      {
        const { client, fd } = await tcpPair();
        client.write('hello');
        await until(() => native.inq(fd) >= 5);
        client.resetAndDestroy();
        const r1 = native.tryRecv(fd, buf);
        let r2 = 'null';
        // The reset behind the data: tryRecv says null (EAGAIN) until it has arrived.
        await until(() => {
          try {
            r2 = String(native.tryRecv(fd, buf));
          } catch (e) {
            r2 = (e as NodeJS.ErrnoException).code!;
          }
          return r2 !== 'null';
        });
        const r3 = native.tryRecv(fd, buf);
        note(`RST raw recv: ${r1} bytes, then ${r2}, then ${r3}`);
        expect(r1).toBe(5);
        expect(r2).toBe('ECONNRESET');
      }
    },
    T,
  );
});

interface NativeErrorLike {
  syscall?: string;
}

d('listen socket buffers', () => {
  test('recbuf and sndbuf given to listen are on the listening fd, as inet_drv sets them before listen(): connections negotiate their window from it', async () => {
    const { gen_tcp } = await import('../index.js');
    const { Process } = await import('../process/process.js');
    const p = new Process();
    const r = (await p.run(() => gen_tcp.listen(0, ['binary', ['recbuf', 4096], ['sndbuf', 8192]]))) as unknown as ['ok', { source: { fd?: number } }];
    try {
      const fd = r[1].source.fd!;
      expect(native.getsockoptInt(fd, native.constants.SOL_SOCKET, native.constants.SO_RCVBUF)).toBe(8192);
      expect(native.getsockoptInt(fd, native.constants.SOL_SOCKET, native.constants.SO_SNDBUF)).toBe(16384);
    } finally {
      p.terminate('normal');
    }
  });
});
