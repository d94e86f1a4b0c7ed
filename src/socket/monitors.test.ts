/**
 * inet:monitor/1 and cancel_monitor/1 on a listen socket over a fake connection source: no
 * kernel socket, no Erlang. The expectations are real Erlang's (inet-calls.monitor-*
 * scenarios, probed on OTP 25, 27 and 29): a port's DOWN says normal, or the owner's exit
 * reason; the socket backend's says closed; a socket already gone answers noproc or nosock.
 */
import { Process } from '../process/process.js';
import { isRef } from '../process/ref.js';
import { profileFor, type Backend, type OtpRelease } from '../profile/profiles.js';
import { tcpModule } from '../backend/select.js';
import { parseCreateOptions } from '../options/parse.js';
import { cancel_monitor, monitor } from '../inet.js';
import { ErlangError } from '../erlang/errors.js';
import { ListenSocket, type ConnectionSource } from './listener.js';

const source = (): ConnectionSource => ({ take: () => undefined, onReady: () => undefined, watch: () => undefined, port: 1, address: { family: 'inet', ip: '127.0.0.1' }, close: () => undefined });

function listener(backend: Backend, owner = new Process(), otp: OtpRelease = '27'): ListenSocket {
  const profile = profileFor(backend, otp);
  const module = tcpModule(backend);
  const parsed = parseCreateOptions('listen', ['binary'], profile, module.options);
  if (Array.isArray(parsed)) throw new Error('options refused');
  return new ListenSocket(owner, parsed.opts, profile, module, source());
}

const TYPE = { inet: 'port', socket: 'socket' } as const;

describe.each(['inet', 'socket'] as const)('inet:monitor on the %s backend', (backend) => {
  test('close/1: one DOWN per monitor, with the type and reason of the backend', async () => {
    const watcher = new Process();
    const l = listener(backend);
    const [r1, r2] = await watcher.run(() => [monitor(l), monitor(l)]);
    expect(isRef(r1) && isRef(r2) && r1 !== r2).toBe(true);
    await l.close();
    const reason = backend === 'inet' ? 'normal' : 'closed';
    const downs = [['DOWN', r1, TYPE[backend], l, reason], ['DOWN', r2, TYPE[backend], l, reason]];
    // A port's monitors fire in the order they were made; the socket NIF's, newest first.
    expect(watcher.takeMessages(() => true)).toEqual(backend === 'inet' ? downs : downs.reverse());
  });

  test("the owner's exit: the port's DOWN carries the exit reason, the socket's says closed", async () => {
    const watcher = new Process();
    const owner = new Process();
    const l = listener(backend, owner);
    const r = await watcher.run(() => monitor(l));
    owner.terminate('boom');
    expect(watcher.takeMessages(() => true)).toEqual([['DOWN', r, TYPE[backend], l, backend === 'inet' ? 'boom' : 'closed']]);
  });

  test('a socket already closed answers at once: noproc (inet), nosock (socket)', async () => {
    const watcher = new Process();
    const l = listener(backend);
    await l.close();
    const r = await watcher.run(() => monitor(l));
    expect(watcher.takeMessages(() => true)).toEqual([['DOWN', r, TYPE[backend], l, backend === 'inet' ? 'noproc' : 'nosock']]);
  });

  test('cancel_monitor: true once, then false; the cancelled monitor sends nothing', async () => {
    const watcher = new Process();
    const l = listener(backend);
    const [r1, r2] = await watcher.run(() => [monitor(l), monitor(l)]);
    expect(await watcher.run(() => cancel_monitor(r1))).toBe(true);
    expect(await watcher.run(() => cancel_monitor(r1))).toBe(false);
    await l.close();
    expect(watcher.takeMessages(() => true)).toEqual([['DOWN', r2, TYPE[backend], l, backend === 'inet' ? 'normal' : 'closed']]);
    expect(await watcher.run(() => cancel_monitor(r2))).toBe(false);
  });

  test("another process's cancel_monitor leaves the monitor: false (socket 25: error:badarg)", async () => {
    const watcher = new Process();
    const other = new Process();
    const l = listener(backend);
    const r = await watcher.run(() => monitor(l));
    expect(await other.run(() => cancel_monitor(r))).toBe(false);
    await l.close();
    expect(watcher.takeMessages(() => true)).toHaveLength(1);
    const l25 = listener(backend, new Process(), '25');
    const r25 = await watcher.run(() => monitor(l25));
    const foreign = (): boolean => other.run(() => cancel_monitor(r25));
    if (backend === 'inet') expect(foreign()).toBe(false);
    else expect(foreign).toThrow(new ErlangError('badarg'));
  });
});

test('anything but a socket or a reference raises error:badarg', () => {
  for (const f of [() => monitor('nope' as never), () => cancel_monitor('nope' as never)]) {
    let raised: unknown;
    try {
      f();
    } catch (e) {
      raised = e;
    }
    expect(raised).toBeInstanceOf(ErlangError);
    expect((raised as ErlangError).reason).toBe('badarg');
  }
});
