/**
 * The layer profile of `npm run bench -- --explain`: a V8 CPU profile (the
 * inspector's Profiler domain, one per thread) cut into the layers one message
 * passes through. Each sample goes to the layer of the innermost frame that
 * belongs to one, so a system call made from transport code (the addon's
 * send(2), libuv's write) counts as transport, and a promise hook run for the
 * process model counts where Node ran it. Idle samples are not CPU time.
 */

/** The parts of a `.cpuprofile` this reads (Profiler.Profile). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export const LAYERS = [
  'iodata & framing',
  'options & ownership checks',
  'socket state',
  'transport write/read (incl. syscalls)',
  'mailbox delivery',
  'receive wake-up',
  'promises & async context',
  'event loop (libuv, timers)',
  'garbage collection',
  'workload code',
  'other',
] as const;
export type Layer = (typeof LAYERS)[number];

/** Files of the gentcp package (its dist/ tree), by layer; a function-level entry wins over its file's. */
const FILE_LAYERS: Array<[RegExp, Layer]> = [
  [/\/(socket\/(iodata|framing|chunks|data)|packet\/[^/]+)\.js$/, 'iodata & framing'],
  [/\/(options\/[^/]+|gen_tcp|inet|socket\/(base|owner|names|kinds)|profile\/[^/]+|backend\/(inet_tcp|gen_tcp_socket|module|select|inet_options|socket_options)|erlang\/[^/]+|address)\.js$/, 'options & ownership checks'],
  [/\/(socket\/(stream|state|busy|listener|open|monitors|getstat|messages)|backend\/(inet_stream|socket_stream))\.js$/, 'socket state'],
  [/\/(socket\/(transport|native-source)|native\/[^/]+)\.js$/, 'transport write/read (incl. syscalls)'],
  [/\/process\/(scheduler|pid|ref)\.js$/, 'receive wake-up'],
  [/\/harness\/bench\/[^/]+\.js$/, 'workload code'],
];

/** Functions whose own time is another layer's than their file's. */
const FUNCTION_LAYERS: Array<[RegExp, RegExp, Layer]> = [
  // The socket backend writes with the addon's send(2) straight from transmit.
  [/\/backend\/socket_stream\.js$/, /^(transmit|sendRest|waitWritable)$/, 'transport write/read (incl. syscalls)'],
  [/\/socket\/stream\.js$/, /^(frame|toData)$/, 'iodata & framing'],
  [/\/socket\/stream\.js$/, /^deliverActive$/, 'mailbox delivery'],
  [/\/process\/process\.js$/, /^(deliver|takeAt|takeMessages|live)$/, 'mailbox delivery'],
  [/\/process\/process\.js$/, /./, 'receive wake-up'],
];

/** Node's own modules and V8's pseudo-frames. */
const NODE_LAYERS: Array<[RegExp, Layer]> = [
  [/^node:(net|internal\/stream_base_commons|internal\/streams\/.*|stream|internal\/net|buffer|internal\/buffer)$/, 'transport write/read (incl. syscalls)'],
  [/^node:(async_hooks|internal\/async_hooks|internal\/async_local_storage\/.*|internal\/process\/promises)$/, 'promises & async context'],
  [/^node:(internal\/timers|timers|internal\/process\/task_queues)$/, 'event loop (libuv, timers)'],
];

/** Natives that Node's stream writes and reads call (they have no url). */
const NATIVE_TRANSPORT = /^(writeBuffer|writev|writeUtf8String|writeLatin1String|readStart|readStop|shutdown)$/;

/** The layer of one frame, or undefined to look at its caller. */
export function frameLayer(functionName: string, url: string): Layer | undefined {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)' || functionName === '(root)') return 'other';
    if (NATIVE_TRANSPORT.test(functionName)) return 'transport write/read (incl. syscalls)';
    if (functionName === 'runMicrotasks') return 'promises & async context';
    return undefined;
  }
  if (url.startsWith('node:')) {
    for (const [re, layer] of NODE_LAYERS) if (re.test(url)) return layer;
    return undefined;
  }
  for (const [file, fn, layer] of FUNCTION_LAYERS) if (file.test(url) && fn.test(functionName)) return layer;
  for (const [re, layer] of FILE_LAYERS) if (re.test(url)) return layer;
  return undefined;
}

export interface LayerTimes {
  /** CPU µs by layer. */
  cpu: Partial<Record<Layer, number>>;
  /** µs sampled idle (waiting in epoll). */
  idle: number;
  /** µs the profile covers. */
  wall: number;
}

/** Cuts one thread's profile into layers. */
export function layerTimes(p: CpuProfile): LayerTimes {
  const parent = new Map<number, number>();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The layer of each node, found once: its own frame's, else its caller's.
  const memo = new Map<number, Layer>();
  const layerOfNode = (id: number): Layer => {
    const known = memo.get(id);
    if (known) return known;
    const chain: number[] = [];
    let at: number | undefined = id;
    let found: Layer = 'other';
    while (at !== undefined) {
      const m = memo.get(at);
      if (m) {
        found = m;
        break;
      }
      chain.push(at);
      const f = byId.get(at)!.callFrame;
      const l = frameLayer(f.functionName, f.url);
      if (l) {
        found = l;
        break;
      }
      at = parent.get(at);
    }
    for (const c of chain) memo.set(c, found);
    return found;
  };
  const out: LayerTimes = { cpu: {}, idle: 0, wall: 0 };
  for (let i = 0; i < p.samples.length; i++) {
    const d = p.timeDeltas[i + 1] ?? 0;
    out.wall += d;
    const n = byId.get(p.samples[i]!);
    if (n?.callFrame.functionName === '(idle)') {
      out.idle += d;
      continue;
    }
    const l = layerOfNode(p.samples[i]!);
    out.cpu[l] = (out.cpu[l] ?? 0) + d;
  }
  return out;
}

/** Sums layer times (one thread's runs, or a workload's two ends). */
export function sumLayerTimes(ts: readonly LayerTimes[]): LayerTimes {
  const out: LayerTimes = { cpu: {}, idle: 0, wall: 0 };
  for (const t of ts) {
    out.idle += t.idle;
    out.wall += t.wall;
    for (const [k, v] of Object.entries(t.cpu) as Array<[Layer, number]>) out.cpu[k] = (out.cpu[k] ?? 0) + v;
  }
  return out;
}

/** One implementation's layer profile of a workload: CPU µs per message, by layer, both ends together. */
export interface LayerRow {
  impl: string;
  /** Messages (ping-pong: round trips) in the profiled runs. */
  messages: number;
  /** CPU µs per message by layer, both ends. */
  perMessage: Partial<Record<Layer, number>>;
  /** CPU µs per message in all, and wall µs per message (1 / rate) of the profiled runs. */
  cpu: number;
  wall: number;
}

/** µs per message from the two ends' layer times over `messages` messages taking `us` µs. */
export function layerRow(impl: string, ends: readonly LayerTimes[], messages: number, us: number): LayerRow {
  const sum = sumLayerTimes(ends);
  const perMessage: Partial<Record<Layer, number>> = {};
  let cpu = 0;
  for (const l of LAYERS) {
    const v = sum.cpu[l];
    if (v === undefined) continue;
    perMessage[l] = v / messages;
    cpu += v / messages;
  }
  return { impl, messages, perMessage, cpu, wall: us / messages };
}
