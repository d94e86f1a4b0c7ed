/** The recorder answers await steps: an actor's exit is an event to wait for, as a message is. */
import { Names } from '../compare/naming.js';
import { Recorder } from './recorder.js';

const exited = { exited: true } as const;

test('await exited answers ok once the actor has exited, and not for another actor', async () => {
  const r = new Recorder(new Names());
  const pending = r.await('gone', exited, undefined, 60_000, 'last');
  r.exit('other', 1, 'normal');
  r.message('gone', 2, ['tcp', 'x', Buffer.from('hi')]);
  let settled = false;
  void pending.then(() => (settled = true));
  await Promise.resolve();
  expect(settled).toBe(false);
  r.exit('gone', 3, 'normal');
  await expect(pending).resolves.toBe('ok');
});

test('an exit recorded before the await counts', async () => {
  const r = new Recorder(new Names());
  r.exit('gone', 1, 'killed');
  await expect(r.await('gone', exited, undefined, 60_000, 'last')).resolves.toBe('ok');
});

test('await exited times out when the actor lives on, and ends at once when the run stops', async () => {
  const r = new Recorder(new Names());
  await expect(r.await('alive', exited, undefined, 0, 'last')).resolves.toBe('timeout');
  const pending = r.await('alive', exited, undefined, 60_000, 'last');
  r.close();
  await expect(pending).resolves.toBe('timeout');
});

test('a message await is not answered by an exit', async () => {
  const r = new Recorder(new Names());
  r.exit('a', 1, 'normal');
  await expect(r.await('a', { count: 1 }, undefined, 0, 'last')).resolves.toBe('timeout');
});
