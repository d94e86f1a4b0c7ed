/**
 * --capture: a case's loopback traffic in a pcap (tcpdump, filtered to the case's
 * own ports), and who sent FIN and RST, and when — often the real answer to a close
 * or reset divergence.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CaptureEvent {
  /** ms since the first packet of the case */
  t: number;
  from: string;
  to: string;
  flag: 'FIN' | 'RST' | 'SYN';
}

export interface CaptureSummary {
  /** The pcap, relative to the report directory. */
  pcap: string;
  packets: number;
  events: CaptureEvent[];
}

export class CaptureUnavailable extends Error {}

/** Checks tcpdump is there and may capture on lo; the error says how to get it. */
export async function checkCapture(): Promise<void> {
  try {
    await run('tcpdump', ['--version']);
  } catch {
    throw new CaptureUnavailable('--capture needs tcpdump (apt-get install -y tcpdump) and the right to capture on lo (root or CAP_NET_RAW)');
  }
}

export class Capture {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly raw: string,
  ) {}

  /** Starts capturing all TCP on lo into a scratch file (the case's ports are not known yet). */
  static async start(scratch: string): Promise<Capture> {
    await mkdir(path.dirname(scratch), { recursive: true });
    // As root, tcpdump would switch to its own user and lose the right to write our directory.
    const keepUser = process.getuid?.() === 0 ? ['-Z', 'root'] : [];
    const proc = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-U', '-n', ...keepUser, '-w', scratch, 'tcp'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new CaptureUnavailable(`tcpdump did not start capturing within 5 s: ${err}`)), 5000);
      proc.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/listening on/.test(err)) {
          clearTimeout(timer);
          // tcpdump says it listens a moment before its filter sees packets.
          setTimeout(resolve, 250);
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new CaptureUnavailable(`tcpdump exited (${code}): ${err.trim()}`));
      });
    });
    return new Capture(proc, scratch);
  }

  /**
   * Stops, keeps only the case's ports in `out`, and summarises FIN/RST by who sent them.
   * `portNames` maps each of the case's port numbers to the socket(s) that had it.
   */
  async stop(out: string, portNames: Map<number, string>, reportDir: string): Promise<CaptureSummary> {
    await new Promise((r) => setTimeout(r, 50)); // the last packets reach the file
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGINT');
    await exited;
    const ports = [...portNames.keys()];
    const filter = ports.length ? ports.map((p) => `tcp port ${p}`).join(' or ') : 'tcp port 1';
    await run('tcpdump', ['-r', this.raw, '-w', out, filter]);
    await rm(this.raw, { force: true });
    const { stdout } = await run('tcpdump', ['-r', out, '-nn', '-tt'], { maxBuffer: 64 * 1024 * 1024 });
    return { pcap: path.relative(reportDir, out), ...summarise(stdout, portNames) };
  }
}

/** FIN, RST and SYN from tcpdump's text: "1.5 IP 127.0.0.1.40000 > 127.0.0.1.5678: Flags [F.], …". */
export function summarise(text: string, portNames: Map<number, string>): { packets: number; events: CaptureEvent[] } {
  const events: CaptureEvent[] = [];
  let first: number | undefined;
  let packets = 0;
  const name = (port: number): string => portNames.get(port) ?? `port ${port}`;
  for (const line of text.split('\n')) {
    const m = /^(\d+\.\d+) IP6? \S+\.(\d+) > \S+\.(\d+): Flags \[([^\]]*)\]/.exec(line);
    if (!m) continue;
    packets++;
    const t = Number(m[1]) * 1000;
    first ??= t;
    const flags = m[4]!;
    const at = Math.round((t - first) * 10) / 10;
    const from = name(Number(m[2]));
    const to = name(Number(m[3]));
    if (flags.includes('R')) events.push({ t: at, from, to, flag: 'RST' });
    if (flags.includes('F')) events.push({ t: at, from, to, flag: 'FIN' });
    if (flags === 'S') events.push({ t: at, from, to, flag: 'SYN' });
  }
  return { packets, events };
}
