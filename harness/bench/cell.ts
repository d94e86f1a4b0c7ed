/**
 * One cell of the benchmark: one Node implementation, one workload, in a
 * process of its own (so peak RSS and JIT state are its own). The server end
 * runs on the main thread, the client end on a worker thread (its own event
 * loop, so the two ends use the two cores as the two Erlang processes do).
 * One warm-up run, then `runs` measured runs, each on fresh sockets.
 *
 *   node node_modules/.cache/gentcp-bench/harness/bench/cell.js <impl> <workload> [runs]
 *   (as built by `npm run bench`; or node --import tsx harness/bench/cell.ts ...)
 *
 * Prints one JSON line: {"impl", "workload", "runs": [RunResult], "node"}.
 * Forked with an IPC channel (as `npm run bench` does), it warms up, says
 * {ready}, then makes one measured run per {run: true} message and answers
 * {run: RunResult}; {run: false} ends it.
 * With `explain` after the runs, each measured run is also CPU-profiled on both
 * threads (the inspector's sampling profiler) and the line carries the layer
 * times of each end (harness/bench/layers.ts), summed over the runs.
 */
import { Session } from 'node:inspector/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { gentcpImpl } from './impl-gentcp.js';
import { netImpl } from './impl-net.js';
import { peakRss, resetPeakRss, type Impl, type ImplName } from './impl.js';
import { heapBytes } from './heap.js';
import { layerTimes, sumLayerTimes, type CpuProfile, type LayerTimes } from './layers.js';
import { RUNS, WORKLOAD_TABLE, type Params, type RunResult, type WorkloadName } from './params.js';

function implOf(name: ImplName): Impl {
  if (name === 'gentcp-inet') return gentcpImpl('inet');
  if (name === 'gentcp-socket') return gentcpImpl('socket');
  if (name === 'net') return netImpl;
  throw new Error(`unknown implementation ${String(name)}`);
}

interface ClientJob {
  workload: WorkloadName;
  params: Params;
  port: number;
  profile: boolean;
}

type ClientReply = { ok: Partial<RunResult>; layers?: LayerTimes } | { error: string };

/** The sampling interval of the layer profile, µs: fine enough for a few-µs layer, cheap enough to leave the run as it was. */
const SAMPLE_US = 50;

/** Profiles this thread while `fn` runs; its layer times come back beside its value. */
async function profiled<T>(on: boolean, fn: () => Promise<T>): Promise<{ value: T; layers?: LayerTimes }> {
  if (!on) return { value: await fn() };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
  await session.post('Profiler.start');
  try {
    const value = await fn();
    const { profile } = await session.post('Profiler.stop');
    return { value, layers: layerTimes(profile as unknown as CpuProfile) };
  } finally {
    session.disconnect();
  }
}

if (isMainThread) {
  const [implName, workloadName, runsArg, mode] = process.argv.slice(2) as [ImplName, WorkloadName, string | undefined, string | undefined];
  const explain = mode === 'explain';
  const w = WORKLOAD_TABLE[workloadName];
  if (!w) throw new Error(`unknown workload ${workloadName}`);
  const impl = implOf(implName);
  const runs = runsArg === undefined ? RUNS : Number(runsArg);
  // Compiled (as the bench runs it), the worker loads this file; under tsx it must register tsx's loader first.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`, {
        eval: true,
        workerData: { impl: implName },
      })
    : new Worker(new URL(import.meta.url), { workerData: { impl: implName } });
  worker.unref();
  const replies: Array<(r: ClientReply) => void> = [];
  worker.on('message', (r: ClientReply | { heap: true }) => {
    // The client asks what this thread holds (the memory per idle connection counts both).
    if ('heap' in r) worker.postMessage({ heap: heapBytes() });
    else replies.shift()?.(r);
  });
  worker.on('error', (e) => {
    console.error(`client worker failed: ${e.stack ?? e.message}`);
    process.exit(2);
  });

  const serverLayers: LayerTimes[] = [];
  const clientLayers: LayerTimes[] = [];
  const one = async (params: Params, profile = false): Promise<RunResult> => {
    const cap = setTimeout(() => {
      console.error(`${implName} ${workloadName}: a run took longer than ${params.cap_ms} ms; abandoned`);
      process.exit(3);
    }, params.cap_ms);
    globalThis.gc?.();
    resetPeakRss();
    const { value: [s, c] } = await profiled(profile, async () => {
      const server = await impl.server(w, params);
      const reply = new Promise<ClientReply>((res) => replies.push(res));
      worker.postMessage({ workload: w.name, params, port: server.port, profile } satisfies ClientJob);
      const c = await reply;
      if ('error' in c) throw new Error(`client: ${c.error}`);
      await server.stop();
      return [await server.done, c] as const;
    }).then((r) => {
      if (r.layers) serverLayers.push(r.layers);
      return r;
    });
    if (c.layers) clientLayers.push(c.layers);
    clearTimeout(cap);
    return { ...s, ...c.ok, ...(w.name === 'churn' ? { peak_rss: peakRss() } : {}) } as RunResult;
  };

  await one(w.warm);
  if (process.send) {
    // Forked by the bench: one measured run per request, so that the implementations'
    // runs alternate and a host that drifts during the bench drifts for all of them.
    process.on('message', (m: { run?: boolean }) => {
      if (!m.run) {
        void worker.terminate().then(() => process.exit(0));
        return;
      }
      one(w.params).then(
        (r) => process.send!({ run: r }),
        (e: Error) => process.send!({ error: e.stack ?? String(e) }),
      );
    });
    process.send({ ready: true });
    await new Promise<never>(() => undefined);
  }
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await one(w.params, explain));
  const layers = explain ? { server: sumLayerTimes(serverLayers), client: sumLayerTimes(clientLayers) } : undefined;
  process.stdout.write(JSON.stringify({ impl: implName, workload: w.name, runs: results, node: process.version, ...(layers ? { layers } : {}) }) + '\n');
  await worker.terminate();
  process.exit(0);
} else {
  const impl = implOf((workerData as { impl: ImplName }).impl);
  let mainHeap: ((n: number) => void) | undefined;
  const bothHeaps = async (): Promise<number> => {
    const main = new Promise<number>((res) => (mainHeap = res));
    parentPort!.postMessage({ heap: true });
    return heapBytes() + (await main);
  };
  parentPort!.on('message', (job: ClientJob | { heap: number }) => {
    if ('heap' in job) {
      mainHeap?.(job.heap);
      return;
    }
    profiled(job.profile, () => impl.client(WORKLOAD_TABLE[job.workload], job.params, job.port, bothHeaps)).then(
      ({ value: ok, layers }) => parentPort!.postMessage({ ok, ...(layers ? { layers } : {}) } satisfies ClientReply),
      (e: Error) => parentPort!.postMessage({ error: e.stack ?? String(e) } satisfies ClientReply),
    );
  });
}
