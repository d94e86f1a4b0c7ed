/** The reference driver itself: who may drive it, what it decodes, and that one run's crash is not the node's. */
import { scenario } from '../../suites/builder.js';
import { startLocal } from '../providers/local.js';
import type { ReferenceNode } from '../providers/types.js';
import { normalise } from '../compare/normalise.js';
import { runScenario, type RunContext } from '../runner/run.js';
import { DriverClient, DriverError } from './client.js';

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

test('options with atoms the node has never seen reach gen_tcp (and exit badarg there)', async () => {
  const s = scenario('backlog.driver-unknown-atom', { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    b.subject('client').listen('L', 0, [['gentcp_surely_unknown_option_4711', 'another_unknown_atom_4712']]);
  });
  const t = normalise(await runScenario(s, 'erlang:inet', ctx), s);
  expect(t.steps[0]!.result).toEqual({ raise: 'exit', reason: 'badarg' });
});

test('a killed actor is reported, its blocked call answers, and the node keeps serving', async () => {
  const s = scenario('backlog.driver-kill-actor', { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
    const client = b.subject('client');
    const server = b.peer('server');
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
