/**
 * ListenSocket on a fake connection source: no kernel socket, no Erlang. The expectations are
 * those of connect-listen.closed-listen-io and closed-listen-owner-exit (real Erlang's answers).
 */
import { parseCreateOptions } from '../options/parse.js';
import { Process } from '../process/process.js';
import { OTP_RELEASES, profileFor, type Backend, type OtpRelease } from '../profile/profiles.js';
import { tcpModule } from '../backend/select.js';
import { ListenSocket, type ConnectionSource } from './listener.js';

function fakeSource(): ConnectionSource & { closes: number } {
  return {
    closes: 0,
    take: () => undefined,
    onReady: () => undefined,
    watch: () => undefined,
    port: 1,
    address: { family: 'inet', ip: '127.0.0.1' },
    close() {
      this.closes++;
    },
  };
}

function listener(backend: Backend, otp: OtpRelease): ListenSocket {
  const profile = profileFor(backend, otp);
  const module = tcpModule(backend);
  const parsed = parseCreateOptions('listen', ['binary'], profile, module.options);
  if (Array.isArray(parsed)) throw new Error('options refused');
  return new ListenSocket(new Process(), parsed.opts, profile, module, fakeSource());
}

const ALL: [Backend, OtpRelease][] = (['inet', 'socket'] as const).flatMap((b) => OTP_RELEASES.map((o): [Backend, OtpRelease] => [b, o]));

describe.each(ALL)('a closed listen socket (%s %s): connect-listen.closed-listen-io', (backend, otp) => {
  const modernSocket = backend === 'socket' && otp !== '25';

  test('recv says enotconn while open, then closed (einval on socket 27+)', async () => {
    const l = listener(backend, otp);
    expect(l.recv()).toEqual(['error', 'enotconn']);
    await l.close();
    expect(l.recv()).toEqual(['error', modernSocket ? 'einval' : 'closed']);
  });

  test('shutdown says closed for every How', async () => {
    const l = listener(backend, otp);
    await l.close();
    expect(l.shutdown()).toEqual(['error', 'closed']);
    expect(l.shutdown()).toEqual(['error', 'closed']);
  });

  test('send says closed', async () => {
    const l = listener(backend, otp);
    await l.close();
    expect(tcpModule(backend).send(l, 'data')).toEqual(['error', 'closed']);
  });
});

test('inet: send on an open listen socket is enotconn', () => {
  expect(tcpModule('inet').send(listener('inet', '27'), 'data')).toEqual(['error', 'enotconn']);
});

describe.each(ALL)('inet:info of a listen socket (%s %s): inet-calls.info-listen', (backend, otp) => {
  test('open: the backend map with the listener states; closed: its states alone', async () => {
    const l = listener(backend, otp);
    const info = tcpModule(backend).info(l);
    if (backend === 'inet') expect(info).toMatchObject({ states: ['listen', 'open'], monitors: [], owner: l.owner.pid, links: [l.owner.pid] });
    else expect(info).toMatchObject({ active: true, ctype: 'normal', domain: 'inet', protocol: 'tcp', type: 'stream', rstates: ['bound', 'listening'], wstates: [], num_acceptors: 0, owner: l.owner.pid });
    expect(Object.keys(info['counters'] as object)).toEqual(otp !== '25' && backend === 'socket' ? ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg', 'send_oct', 'send_cnt', 'send_max', 'send_avg'] : ['recv_oct', 'recv_cnt', 'recv_max', 'recv_avg', 'recv_dvi', 'send_oct', 'send_cnt', 'send_max', 'send_avg', 'send_pend']);
    await l.close();
    expect(tcpModule(backend).info(l)).toEqual(backend === 'inet' ? { states: ['closed'] } : { rstates: ['closed'], wstates: ['closed'] });
  });
});

test('the kernel refusing a connection (emfile) answers the waiting accept, and the next accept waits again: interop fd-limit', async () => {
  const refusals: Array<{ error: 'emfile' } | undefined> = [{ error: 'emfile' }, undefined];
  const source = { ...fakeSource(), take: () => refusals.shift() };
  const profile = profileFor('inet', '27');
  const module = tcpModule('inet');
  const parsed = parseCreateOptions('listen', ['binary'], profile, module.options);
  if (Array.isArray(parsed)) throw new Error('options refused');
  const caller = new Process();
  const l = new ListenSocket(caller, parsed.opts, profile, module, source);
  expect(await l.wait(caller, 1000)).toEqual(['error', 'emfile']);
  expect(l.takeReady()).toEqual(['error', 'timeout']);
});
