/**
 * The manual's pool of acceptors, both ways: the Erlang program (gentcp_interop:start/2) with
 * gentcp clients, and the gentcp port (src/examples/client-server.ts start) with Erlang clients.
 * {packet, 2}, {active, once}; every answer is the request reversed and is checked.
 */
import { start } from '../../src/examples/client-server.js';
import { forEachReference, note } from './common.js';
import { poolClients, startPool } from './programs.js';
import { FULL } from './payload.js';

const CLIENTS = 200;
const MESSAGES = FULL ? 50 : 10;
// One acceptor per client: a worker of the manual's pool serves one connection at a time, and all
// 200 are open at once (the clients connect one per ms, as the manual's backlog is 5).
const ACCEPTORS = CLIENTS;

forEachReference('interop: pool of acceptors', (get) => {
  test(`Erlang pool (start(${ACCEPTORS}, 0)), ${CLIENTS} concurrent gentcp clients × ${MESSAGES} messages up to 65535 bytes`, async () => {
    const { erl, ref } = get();
    const port = await erl.start(ACCEPTORS, 0);
    let stats;
    try {
      const r = await poolClients(port, { clients: CLIENTS, messages: MESSAGES, maxSize: 65535, seed: 7, timeoutMs: 90_000 });
      note(`OTP ${ref.otp} Erlang pool <- gentcp clients: ${r.connections} connections, ${r.messages} messages, ${r.bytes} bytes each way, ${r.ms} ms`);
      expect(r.failures).toEqual([]);
      expect(r.ok).toBe(CLIENTS);
      expect(r.messages).toBe(CLIENTS * MESSAGES);
      stats = await erl.stop(port);
      expect(stats).toEqual({ connections: CLIENTS, messages: CLIENTS * MESSAGES, bytes: r.bytes, errors: [] });
    } finally {
      if (!stats) await erl.stop(port).catch(() => undefined);
    }
  });

  test(`gentcp pool (start(${ACCEPTORS}, 0)), ${CLIENTS} concurrent Erlang clients × ${MESSAGES} messages up to 65535 bytes`, async () => {
    const { erl, ref } = get();
    const pool = await startPool(start, ACCEPTORS);
    try {
      const r = await erl.poolClients(pool.port, { clients: CLIENTS, messages: MESSAGES, maxSize: 65535, seed: 11, timeoutMs: 90_000 });
      note(`OTP ${ref.otp} gentcp pool <- Erlang clients: ${r.connections} connections, ${r.messages} messages, ${r.bytes} bytes each way, ${r.ms} ms`);
      expect(r.failures).toEqual([]);
      expect(r.ok).toBe(CLIENTS);
      expect(r.messages).toBe(CLIENTS * MESSAGES);
    } finally {
      pool.stop();
    }
  });
});
