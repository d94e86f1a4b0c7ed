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
 * (Add --cpu-prof before the script to profile the server end.)
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { gentcpImpl } from './impl-gentcp.js';
import { netImpl } from './impl-net.js';
import { peakRss, resetPeakRss, type Impl, type ImplName } from './impl.js';
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
}

type ClientReply = { ok: Partial<RunResult> } | { error: string };

if (isMainThread) {
  const [implName, workloadName, runsArg] = process.argv.slice(2) as [ImplName, WorkloadName, string | undefined];
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
  worker.on('message', (r: ClientReply) => replies.shift()?.(r));
  worker.on('error', (e) => {
    console.error(`client worker failed: ${e.stack ?? e.message}`);
    process.exit(2);
  });

  const one = async (params: Params): Promise<RunResult> => {
    const cap = setTimeout(() => {
      console.error(`${implName} ${workloadName}: a run took longer than ${params.cap_ms} ms; abandoned`);
      process.exit(3);
    }, params.cap_ms);
    globalThis.gc?.();
    resetPeakRss();
    const server = await impl.server(w, params);
    const reply = new Promise<ClientReply>((res) => replies.push(res));
    worker.postMessage({ workload: w.name, params, port: server.port } satisfies ClientJob);
    const c = await reply;
    if ('error' in c) throw new Error(`client: ${c.error}`);
    await server.stop();
    const s = await server.done;
    clearTimeout(cap);
    return { ...s, ...c.ok, ...(w.name === 'churn' ? { peak_rss: peakRss() } : {}) } as RunResult;
  };

  await one(w.warm);
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await one(w.params));
  process.stdout.write(JSON.stringify({ impl: implName, workload: w.name, runs: results, node: process.version }) + '\n');
  await worker.terminate();
  process.exit(0);
} else {
  const impl = implOf((workerData as { impl: ImplName }).impl);
  parentPort!.on('message', (job: ClientJob) => {
    impl.client(WORKLOAD_TABLE[job.workload], job.params, job.port).then(
      (ok) => parentPort!.postMessage({ ok } satisfies ClientReply),
      (e: Error) => parentPort!.postMessage({ error: e.stack ?? String(e) } satisfies ClientReply),
    );
  });
}
