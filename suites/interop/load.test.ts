/**
 * Load: many connections open at once, each moving its bytes both ways (a raw echo with
 * half-close handshakes), gentcp clients against an Erlang server and Erlang clients against a
 * gentcp server. 0 bytes lost: every connection checks its echo (byte count and CRC-32) and the
 * server's count of connections and bytes is checked too.
 * Default: 100 connections x 256 KiB; GENTCP_INTEROP=full (npm run interop:full): 1,000 x 1 MiB.
 */
import { forEachReference, note } from './common.js';
import { echoClients, echoServer } from './programs.js';
import { FULL, KiB, MiB } from './payload.js';

const CLIENTS = FULL ? 1000 : 100;
const BYTES = FULL ? MiB : 256 * KiB;
const CHUNK = 64 * KiB;
const ACCEPTORS = 16;
const TIMEOUT_MS = FULL ? 480_000 : 90_000;

const mib = (n: number): string => `${(n / MiB).toFixed(1)} MiB`;

forEachReference('interop: load', (get) => {
  test(
    `Erlang echo server <- ${CLIENTS} gentcp connections at once, ${BYTES / KiB} KiB each way each`,
    async () => {
      const { erl, ref } = get();
      const port = await erl.echoServer(ACCEPTORS);
      let stopped = false;
      try {
        const r = await echoClients(port, { clients: CLIENTS, bytes: BYTES, chunk: CHUNK, timeoutMs: TIMEOUT_MS });
        const stats = await erl.stop(port);
        stopped = true;
        note(`OTP ${ref.otp} Erlang echo <- gentcp: ${r.ok}/${r.connections} connections, ${mib(r.bytes)} echoed (${mib(2 * r.bytes)} on the wire), ${r.ms} ms`);
        expect(r.failures).toEqual([]);
        expect(r.ok).toBe(CLIENTS);
        expect(r.bytes).toBe(CLIENTS * BYTES);
        expect(stats).toEqual({ connections: CLIENTS, messages: CLIENTS, bytes: CLIENTS * BYTES, errors: [] });
      } finally {
        if (!stopped) await erl.stop(port).catch(() => undefined);
      }
    },
    TIMEOUT_MS + 60_000,
  );

  test(
    `gentcp echo server <- ${CLIENTS} Erlang connections at once, ${BYTES / KiB} KiB each way each`,
    async () => {
      const { erl, ref } = get();
      const server = await echoServer(ACCEPTORS);
      let stopped = false;
      try {
        const r = await erl.echoClients(server.port, { clients: CLIENTS, bytes: BYTES, chunk: CHUNK, timeoutMs: TIMEOUT_MS });
        const stats = await server.stop();
        stopped = true;
        note(`OTP ${ref.otp} gentcp echo <- Erlang: ${r.ok}/${r.connections} connections, ${mib(r.bytes)} echoed (${mib(2 * r.bytes)} on the wire), ${r.ms} ms`);
        expect(r.failures).toEqual([]);
        expect(r.ok).toBe(CLIENTS);
        expect(r.bytes).toBe(CLIENTS * BYTES);
        expect(stats.failures).toEqual([]);
        expect([stats.connections, stats.ok, stats.bytes]).toEqual([CLIENTS, CLIENTS, CLIENTS * BYTES]);
      } finally {
        if (!stopped) await server.stop().catch(() => undefined);
      }
    },
    TIMEOUT_MS + 60_000,
  );
});
