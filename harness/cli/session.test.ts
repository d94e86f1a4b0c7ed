/**
 * A reference node that dies mid-run is started again once, so later cases still run,
 * and the run says so (results.json references[].restarts, a report.md line).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { scenario } from '../../suites/builder.js';
import { normalise } from '../compare/normalise.js';
import { renderMarkdown } from '../report/markdown.js';
import { syntheticResults } from '../report/fixtures.js';
import { runScenario } from '../runner/run.js';
import { openSession, type ReferenceSession } from './session.js';

const ping = scenario('backlog.session-restart', { title: 't', section: 's', quote: 'q', rationale: 'r' }, (b) => {
  const server = b.subject('server');
  const L = server.listen('L', 0, ['binary', ['active', false]]);
  server.close(L);
});

async function killDriver(session: ReferenceSession): Promise<void> {
  process.kill(Number(session.node.client.info.osPid), 'SIGKILL');
  for (let i = 0; i < 100 && session.node.client.alive; i++) await sleep(50);
  expect(session.node.client.alive).toBe(false);
}

test('a killed local driver is restarted once, and the cases after it run on the new node', async () => {
  const lines: string[] = [];
  const session = await openSession('local', { log: (l) => lines.push(l) });
  try {
    expect(await session.revive(1)).toBe(true);
    expect(session.restarts).toEqual([]);
    const first = session.node.client.info.osPid;
    await killDriver(session);
    await expect(runScenario(ping, 'erlang:inet', session.ctx)).rejects.toThrow(/driver is gone/);

    expect(await session.revive(7)).toBe(true);
    expect(session.node.client.info.osPid).not.toBe(first);
    expect(session.restarts).toEqual([{ reason: 'the driver went away (control connection closed)', atCase: 7 }]);
    expect(lines.at(-1)).toBe('reference restarted after the driver went away (control connection closed) at case 7');
    const t = normalise(await runScenario(ping, 'erlang:inet', session.ctx), ping);
    expect(t.errors).toEqual([]);
    expect(t.steps.map((s) => s.result)).toEqual([['ok', { sock: 'L' }], 'ok']);

    // Only once: a second death is not papered over.
    await killDriver(session);
    expect(await session.revive(9)).toBe(false);
    expect(session.restarts).toHaveLength(1);
  } finally {
    await session.stop();
  }
});

test('report.md names each restart', () => {
  const r = syntheticResults([{ id: 'backlog.x', verdict: 'match' }]);
  r.references = [{ provider: 'local', otp: '25', version: '25.2.3', where: 'erl on PATH', startMs: 900, restarts: [{ reason: 'the driver went away (control connection closed)', atCase: 12 }] }];
  expect(renderMarkdown(r)).toContain('OTP 25.2.3: reference restarted after the driver went away (control connection closed) at case 12.');
});
