/** The reference driver itself: who may drive it, what it decodes, and that one run's crash is not the node's. */
import { scenario } from '../../suites/builder.js';
import { startLocal } from '../providers/local.js';
import type { ReferenceNode } from '../providers/types.js';
import { normalise } from '../compare/normalise.js';
import { runScenario, type RunContext } from './run.js';
import net from 'node:net';
import { isTagged } from '../vocabulary/term.js';
import { DriverClient, DriverError } from '../driver/client.js';

let node: ReferenceNode;
let ctx: RunContext;

beforeAll(async () => {
  node = await startLocal({ idleMs: 60_000 });
  ctx = { driver: node.client, reference: { provider: node.provider, otp: node.otp, version: node.version }, sharedDir: node.sharedDir };
});
afterAll(() => node.stop());

test('a client with the wrong token is refused', async () => {
  await expect(DriverClient.connect(node.port, 'not-the-token', 5000)).rejects.toThrow(DriverError);
  await expect(DriverClient.connect(node.port, 'not-the-token', 5000)).rejects.toThrow(/refused/);
});

test('a frame announcing 256 MiB before the hello closes the connection unread, and the driver still serves a proper client', async () => {
  const sock = net.connect({ host: '127.0.0.1', port: node.port });
  await new Promise<void>((resolve, reject) => (sock.once('connect', resolve), sock.once('error', reject)));
  let closed = false;
  sock.on('error', () => undefined);
  const gone = new Promise<false>((resolve) => sock.once('close', () => resolve((closed = true) && false)));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(256 * 1024 * 1024);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const write = (b: Buffer): Promise<boolean> => Promise.race([new Promise<boolean>((resolve) => sock.write(b, (e) => resolve(!e))), gone]);
  // Send the announced body chunk by chunk: a driver that reads it all takes the 4,096 chunks;
  // one that refuses the header closes the connection after the few the kernel buffers.
  let sent = 0;
  if (await write(head)) while (sent < 4096 && !closed && (await write(chunk))) sent++;
  if (!closed) sock.destroy();
  await gone;
  expect(sent).toBeLessThan(1024);
  expect(sock.bytesRead).toBe(0);
  const client = await DriverClient.connect(node.port, node.token, 5000);
  try {
    expect(await client.request(['ping'], 'ping', 2000)).toBe('pong');
    // Once welcomed, frames may be big again (fills travel in requests).
    const r = await client.request(['ping', 4711, Buffer.alloc(2 * 1024 * 1024)], 'a big request', 5000);
    expect(isTagged(r, 'error', 2) && r[1]).toBe('no_such_run');
  } finally {
    client.close();
  }
});

test('options with atoms the node has never seen reach gen_tcp (and exit badarg there)', async () => {
  const s = scenario('backlog.driver-unknown-atom', { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    b.subject('client').listen('L', 0, [['gentcp_surely_unknown_option_4711', 'another_unknown_atom_4712']]);
  });
  const t = normalise(await runScenario(s, 'erlang:inet', ctx), s);
  expect(t.steps[0]!.result).toEqual({ raise: 'exit', reason: 'badarg' });
});

test('a killed actor is reported, its blocked call answers, and the node keeps serving', async () => {
  const s = scenario('backlog.driver-kill-actor', { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const { client, server } = b.cast({ client: 'subject', server: 'peer' });
    const L = server.listen('L', 0, ['binary', ['active', false]]);
    const C = client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]]);
    client.recv(C, 0).nowait('blocked');
    b.wait(50);
    b.kill(client, 'kill');
    b.join(['blocked'], 2000);
  });
  const t = normalise(await runScenario(s, 'erlang:inet', ctx), s);
  expect(t.errors).toEqual([]);
  expect(t.steps[2]!.result).toEqual({ exited: 'killed' });
  expect(t.exits).toEqual([expect.objectContaining({ actor: 'client', reason: 'killed' })]);
  expect(await node.client.request(['ping'], 'ping', 2000)).toBe('pong');
});
