/**
 * Every packet mode, both directions, between Erlang programs and gentcp programs. For each plan
 * (packet sizes) and way of writing (whole packets, coalesced frames, frames split in pieces),
 * three transfers run: Erlang -> Erlang (what Erlang does), Erlang -> gentcp and gentcp -> Erlang.
 * Every stream is checked end to end: packet count, bytes and a CRC-32 over each packet and its
 * length (so nothing lost, duplicated, reordered or re-cut), against what was sent when the sizes
 * are within the mode's limits, and always against the Erlang -> Erlang run (past a limit, e.g.
 * {packet,1} with 256 bytes, gentcp must do what Erlang does). Each stream ends with a half-close
 * handshake: the sender's shutdown(write), the receiver's close, the sender seeing it.
 */
import { crc32 } from 'node:zlib';
import { forEachReference, note } from './common.js';
import { sink, source } from './programs.js';
import { FULL, MiB, expectedTally, gen, prng, type Mode, type Read, type SinkResult, type SourceResult, type Tally, type Write } from './payload.js';

interface Plan {
  name: string;
  sizes: number[];
  /** Every size is within the mode's limits: the receiver must get exactly what was sent. */
  exact: boolean;
}

const rnd = prng(20240601);
const randomSizes = (n: number, max: number): number[] => Array.from({ length: n }, () => Math.floor(rnd() * (max + 1)));

const PLANS: Record<string, Plan[]> = {
  raw: [
    { name: 'nothing (0 bytes)', sizes: [], exact: true },
    { name: 'one empty write', sizes: [0], exact: true },
    { name: 'writes of 0..65537 bytes', sizes: [0, 1, 255, 256, 65535, 65536, 65537], exact: true },
    { name: `one write of ${FULL ? 64 : 8} MiB`, sizes: [(FULL ? 64 : 8) * MiB], exact: true },
  ],
  1: [
    { name: 'sizes 0..255', sizes: [0, 1, 2, 127, 254, 255, ...randomSizes(300, 255)], exact: true },
    { name: 'past the limit: 256 and 300 bytes wrap the header', sizes: [10, 256, 10, 300, 5, 511, 7], exact: false },
  ],
  2: [
    { name: 'sizes 0..65535', sizes: [0, 1, 255, 256, 65534, 65535, ...randomSizes(60, 65535)], exact: true },
    { name: 'past the limit: 65536 and more wrap the header', sizes: [3, 65536, 4, 65537, 100000, 6], exact: false },
  ],
  4: [
    { name: 'sizes 0..1 MiB', sizes: [0, 1, 255, 256, 65535, 65536, MiB + 1, ...randomSizes(60, 70000)], exact: true },
    { name: `one packet of ${FULL ? 64 : 4} MiB`, sizes: [(FULL ? 64 : 4) * MiB], exact: true },
  ],
  line: [
    { name: 'lines of 0..1000 bytes', sizes: [0, 1, 255, 256, 1000, ...randomSizes(300, 1000)], exact: true },
    { name: 'lines longer than the receive buffer', sizes: [65535, 65536, 3, 1459, 1460, 1461, 5000, 0], exact: false },
  ],
  http_request: [{ name: 'bodies of 0..65536 bytes', sizes: [0, 1, 255, 256, 65535, 65536, ...randomSizes(30, 5000)], exact: true }],
  http_response: [{ name: 'bodies of 0..65536 bytes', sizes: [0, 1, 255, 256, 65535, 65536, ...randomSizes(30, 5000)], exact: true }],
};

const MODES: Mode[] = ['raw', 1, 2, 4, 'line', 'http_request', 'http_response'];
const WRITES: Write[] = ['whole', 'coalesced', 'split'];
const READS: Read[] = ['passive', 'once', true];

/**
 * The socket backend of OTP 25 loses what follows a body read with recv(S, Len) in raw mode when it
 * came in the same segment (the next requests of a keep-alive stream). gentcp does not reproduce
 * that loss (a known divergence): there gentcp must get what was sent. Only with GENTCP_BACKEND=socket.
 */
function erlangLoses(mode: Mode, otp: string): boolean {
  return process.env.GENTCP_BACKEND === 'socket' && otp === '25' && (mode === 'http_request' || mode === 'http_response');
}

const tally = (r: Tally): Tally => ({ count: r.count, bytes: r.bytes, crc: r.crc });
const outcome = (r: SinkResult): Tally & { end: unknown } => ({ ...tally(r), end: r.end });

forEachReference('interop: packet modes', (get) => {
  test('both sides make the same payloads', async () => {
    const { erl } = get();
    for (const [kind, k, n] of [['bin', 0, 0], ['bin', 1, 1], ['bin', 7, 65535], ['bin', 8, 65536], ['text', 9, 300], ['bin', 123456, 200_000]] as const)
      expect(await erl.payloadCrc(kind, k, n)).toBe(crc32(gen(kind, k, n)));
  });

  let bytesMoved = 0;
  let streams = 0;
  let t0 = 0;
  beforeAll(() => void (t0 = Date.now()));
  afterAll(() => note(`OTP ${get().ref.otp} packet modes: ${streams} streams, ${bytesMoved} payload bytes, ${Date.now() - t0} ms`));

  MODES.forEach((mode, mi) => {
    describe(`{packet, ${mode}}`, () => {
      PLANS[String(mode)]!.forEach((plan, pi) => {
        WRITES.forEach((write, wi) => {
          const read: Read = mode === 'http_request' || mode === 'http_response' ? 'passive' : READS[(mi + pi + wi) % 3]!;
          test(`${plan.name}, ${write} writes, receiver ${read === true ? '{active, true}' : read === 'once' ? '{active, once}' : 'passive recv'}`, async () => {
            const { erl } = get();
            const timeoutMs = 100_000;
            const opts = { mode, sizes: plan.sizes, write, timeoutMs };
            const sent = expectedTally(mode, plan.sizes);

            // What Erlang does: Erlang -> Erlang.
            const ePort = await erl.sink(mode, read);
            const eSrc = await erl.source(ePort, opts);
            const [eSink] = await erl.sinkResult(ePort, timeoutMs);

            // Erlang -> gentcp.
            const tSinkP = await sink(mode, read, 1, timeoutMs);
            const eSrc2 = await erl.source(tSinkP.port, opts);
            const [tSink] = await tSinkP.results;

            // gentcp -> Erlang.
            const ePort2 = await erl.sink(mode, read);
            const tSrc: SourceResult = await source(ePort2, { mode, sizes: plan.sizes, write });
            const [eSink2] = await erl.sinkResult(ePort2, timeoutMs);

            // Both senders sent the plan, and every handshake completed.
            for (const s of [eSrc, eSrc2, tSrc]) {
              expect(s.error).toBeUndefined();
              expect(tally(s)).toEqual(sent);
              expect(s.handshake).toBe('closed');
            }
            // The Erlang receiver is the reference; within the limits it got exactly what was sent
            // (except where Erlang itself loses data, see erlangLoses).
            expect(eSink).toBeDefined();
            if (plan.exact && !erlangLoses(mode, get().ref.otp)) expect(outcome(eSink!)).toEqual({ ...sent, end: 'closed' });
            // gentcp received what Erlang received, and Erlang received from gentcp what it
            // receives from Erlang.
            expect(tSink).toBeDefined();
            expect(eSink2).toBeDefined();
            if (plan.exact && erlangLoses(mode, get().ref.otp)) {
              // A known divergence: gentcp does not reproduce the loss; it gets everything.
              note(`OTP ${get().ref.otp} socket backend, ${mode}: Erlang got ${eSink!.count} (from gentcp ${eSink2!.count}), gentcp ${tSink!.count} of ${sent.count}`);
              expect(outcome(tSink!)).toEqual({ ...sent, end: 'closed' });
            } else {
              expect(outcome(tSink!)).toEqual(outcome(eSink!));
              expect(outcome(eSink2!)).toEqual(outcome(eSink!));
            }
            streams += 3;
            bytesMoved += 3 * plan.sizes.reduce((a, b) => a + b, 0);
          });
        });
      });
    });
  });
});

