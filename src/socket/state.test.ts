/** The stream state machine alone: its table, its names, and the data its events carry. */
import { StreamState, TRANSITIONS, type StreamEvent } from './state.js';

const run = (...events: StreamEvent[]): StreamState => {
  const s = new StreamState();
  for (const e of events) s.fire(e);
  return s;
};

describe('StreamState', () => {
  test('a new socket is open in every part', () => {
    const s = new StreamState();
    expect([s.life, s.input, s.output, s.told, s.name]).toEqual(['open', 'open', 'open', 'nobody', 'open']);
    expect([s.closed, s.inputOver, s.toldRecv, s.toldOwner]).toEqual([false, false, false, false]);
  });

  test('half-closed either way, and both: the names say which half', () => {
    expect(run({ type: 'shutdown_write' }).name).toBe('write_shut');
    expect(run({ type: 'shutdown_read' }).name).toBe('read_shut');
    expect(run({ type: 'peer_closed', how: 'fin' }).name).toBe('peer_closed');
    expect(run({ type: 'peer_closed', how: 'fin' }, { type: 'shutdown_write' }).name).toBe('peer_closed+write_shut');
    expect(run({ type: 'shutdown_read' }, { type: 'shutdown_write' }).name).toBe('read_shut+write_shut');
    expect(run({ type: 'shutdown_read' }).inputOver).toBe(true);
  });

  test('the peer\'s first end is kept, whatever comes after or what the read half did before', () => {
    expect(run({ type: 'peer_closed', how: 'reset' }, { type: 'peer_closed', how: 'fin' }).name).toBe('reset');
    expect(run({ type: 'peer_closed', how: { error: 'etimedout' } }).name).toBe('peer_error');
    const shut = run({ type: 'shutdown_read' }, { type: 'peer_closed', how: 'reset' });
    expect([shut.input, shut.peer]).toEqual(['shut', 'reset']);
  });

  test('who was told: a recv, the owner, then both; never back', () => {
    const s = new StreamState();
    expect(s.fire({ type: 'told_recv' })).toBe(true);
    expect([s.told, s.toldRecv, s.toldOwner]).toEqual(['recv', true, false]);
    expect(s.fire({ type: 'told_recv' })).toBe(false);
    s.fire({ type: 'told_owner' });
    expect(s.told).toBe('both');
    expect(run({ type: 'told_owner' }, { type: 'told_recv' }).told).toBe('both');
  });

  test('a failed send: the last reason is kept, a reset is remembered; after shutdown(write) the half stays shut', () => {
    const s = run({ type: 'send_failed', reason: 'closed', reset: true }, { type: 'send_failed', reason: 'econnreset', reset: false });
    expect([s.output, s.name, s.sendFailure]).toEqual(['failed', 'send_failed', { reason: 'econnreset', reset: true }]);
    expect(run({ type: 'send_failed', reason: 'closed', reset: false }, { type: 'shutdown_write' }).output).toBe('shut');
    const shut = run({ type: 'shutdown_write' }, { type: 'send_failed', reason: 'closed', reset: false });
    expect([shut.output, shut.sendFailure?.reason]).toEqual(['shut', 'closed']);
  });

  test('ended (inet): each delayed error is told once; a later end does not replace them', () => {
    const s = run({ type: 'connection_ended', recv: 'econnreset', send: 'closed' });
    expect([s.life, s.name, s.inputOver, s.closed]).toEqual(['ended', 'ended', true, false]);
    expect(s.fire({ type: 'connection_ended', recv: 'closed' })).toBe(false);
    expect([s.takeDelayed('recv'), s.takeDelayed('recv')]).toEqual(['econnreset', undefined]);
    expect([s.takeDelayed('send'), s.takeDelayed('send')]).toEqual(['closed', undefined]);
    s.fire({ type: 'delay_recv', reason: 'closed' });
    expect(s.takeDelayed('recv')).toBe('closed');
  });

  test('delay_recv does nothing while the connection stands', () => {
    const s = run({ type: 'delay_recv', reason: 'closed' });
    expect(s.life).toBe('open');
    expect(s.takeDelayed('recv')).toBeUndefined();
  });

  test('closing drains to closed; closed is final', () => {
    const s = run({ type: 'close_draining' });
    expect([s.name, s.closed]).toEqual(['closing', true]);
    s.fire({ type: 'drained' });
    expect(s.name).toBe('closed');
    for (const type of ['close', 'close_draining', 'drained', 'connection_ended'] as const) expect(s.fire({ type } as StreamEvent)).toBe(false);
    expect(run({ type: 'connection_ended' }, { type: 'close_draining' }).name).toBe('closed');
  });

  test('every row names only states of its part, and every event has a row', () => {
    const parts = { life: ['open', 'ended', 'closing', 'closed'], input: ['open', 'peer_closed', 'shut'], output: ['open', 'shut', 'failed'], told: ['nobody', 'recv', 'owner', 'both'] };
    for (const row of Object.values(TRANSITIONS))
      for (const [part, rows] of Object.entries(row))
        for (const [from, to] of Object.entries(rows as Record<string, string>)) expect([from, to].every((x) => parts[part as keyof typeof parts].includes(x))).toBe(true);
    expect(Object.keys(TRANSITIONS).sort()).toEqual(
      ['close', 'close_draining', 'connection_ended', 'delay_recv', 'drained', 'peer_closed', 'send_failed', 'shutdown_read', 'shutdown_write', 'told_owner', 'told_recv'].sort(),
    );
  });
});
