import { frameLayer, layerRow, layerTimes, sumLayerTimes, type CpuProfile } from './layers.js';

const PKG = 'file:///x/node_modules/gentcp/dist';

/** A profile from call stacks (outermost first), each sampled `us` µs. */
function profile(stacks: Array<{ stack: Array<[string, string]>; us: number }>): CpuProfile {
  const nodes: CpuProfile['nodes'] = [{ id: 1, callFrame: { functionName: '(root)', url: '' }, children: [] }];
  const samples: number[] = [];
  const timeDeltas: number[] = [0];
  for (const { stack, us } of stacks) {
    let at = nodes[0]!;
    for (const [functionName, url] of stack) {
      let next = (at.children ?? []).map((id) => nodes.find((n) => n.id === id)!).find((n) => n.callFrame.functionName === functionName && n.callFrame.url === url);
      if (!next) {
        next = { id: nodes.length + 1, callFrame: { functionName, url }, children: [] };
        nodes.push(next);
        at.children!.push(next.id);
      }
      at = next;
    }
    samples.push(at.id);
    timeDeltas.push(us);
  }
  return { nodes, samples, timeDeltas };
}

describe('frameLayer', () => {
  it('names the layer of gentcp files, functions within them, Node modules and V8 pseudo-frames', () => {
    expect(frameLayer('withPacketHeader', `${PKG}/socket/iodata.js`)).toBe('iodata & framing');
    expect(frameLayer('applySetopts', `${PKG}/options/parse.js`)).toBe('options & ownership checks');
    expect(frameLayer('pump', `${PKG}/socket/stream.js`)).toBe('socket state');
    expect(frameLayer('deliverActive', `${PKG}/socket/stream.js`)).toBe('mailbox delivery');
    expect(frameLayer('transmit', `${PKG}/backend/socket_stream.js`)).toBe('transport write/read (incl. syscalls)');
    expect(frameLayer('toKernel', `${PKG}/socket/transport.js`)).toBe('transport write/read (incl. syscalls)');
    expect(frameLayer('deliver', `${PKG}/process/process.js`)).toBe('mailbox delivery');
    expect(frameLayer('receive', `${PKG}/process/process.js`)).toBe('receive wake-up');
    expect(frameLayer('onStreamRead', 'node:internal/stream_base_commons')).toBe('transport write/read (incl. syscalls)');
    expect(frameLayer('promiseInitHook', 'node:internal/async_hooks')).toBe('promises & async context');
    expect(frameLayer('writeBuffer', '')).toBe('transport write/read (incl. syscalls)');
    expect(frameLayer('(garbage collector)', '')).toBe('garbage collection');
    expect(frameLayer('client', 'file:///x/harness/bench/impl-net.js')).toBe('workload code');
  });

  it('leaves a frame of no layer to its caller', () => {
    expect(frameLayer('anything', 'node:internal/url')).toBeUndefined();
    expect(frameLayer('anything', 'file:///x/elsewhere.js')).toBeUndefined();
  });
});

describe('layerTimes', () => {
  it('gives a sample to the innermost frame with a layer, and keeps idle apart', () => {
    const p = profile([
      // A promise hook run under the mailbox: Node's frame has a layer of its own.
      { stack: [['deliver', `${PKG}/process/process.js`], ['promiseInitHook', 'node:internal/async_hooks']], us: 30 },
      // A URL helper under setopts: no layer, so the caller's.
      { stack: [['applySetopts', `${PKG}/options/parse.js`], ['fileURLToPath', 'node:internal/url']], us: 20 },
      { stack: [['(idle)', '']], us: 100 },
      { stack: [['(garbage collector)', '']], us: 5 },
      { stack: [['toKernel', `${PKG}/socket/transport.js`]], us: 40 },
    ]);
    const t = layerTimes(p);
    expect(t.idle).toBe(100);
    expect(t.wall).toBe(195);
    expect(t.cpu).toEqual({
      'promises & async context': 30,
      'options & ownership checks': 20,
      'garbage collection': 5,
      'transport write/read (incl. syscalls)': 40,
    });
  });

  it('sums threads and runs, and divides by the messages', () => {
    const a = layerTimes(profile([{ stack: [['toKernel', `${PKG}/socket/transport.js`]], us: 40 }, { stack: [['(idle)', '']], us: 60 }]));
    const b = layerTimes(profile([{ stack: [['receive', `${PKG}/process/process.js`]], us: 10 }, { stack: [['toKernel', `${PKG}/socket/transport.js`]], us: 20 }]));
    expect(sumLayerTimes([a, b]).cpu).toEqual({ 'transport write/read (incl. syscalls)': 60, 'receive wake-up': 10 });
    const row = layerRow('gentcp-inet', [a, b], 10, 500);
    expect(row.perMessage).toEqual({ 'transport write/read (incl. syscalls)': 6, 'receive wake-up': 1 });
    expect(row.cpu).toBe(7);
    expect(row.wall).toBe(50);
  });
});
