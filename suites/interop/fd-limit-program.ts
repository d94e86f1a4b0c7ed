/**
 * The gentcp twin of gentcp_interop:fd_limit_run/1, run in its own Node process under
 * `ulimit -n` (fd-limit.test.ts starts it): listen until the process runs out of file
 * descriptors, then connect and accept, then again with one freed (the connect takes it) and
 * with four freed. Prints the results as one JSON line, sockets shown as "ok".
 *   node --import tsx suites/interop/fd-limit-program.ts inet|socket 25|27|29
 */
import { gen_tcp, inet, setEmulatedOtp, type Option, type OtpRelease, type Result, type Socket } from 'gentcp';
import { Process } from 'gentcp/testing';

const [backend, otp] = process.argv.slice(2) as ['inet' | 'socket', OtpRelease];
setEmulatedOtp(otp);
const backendOpt: Option = ['inet_backend', backend];
const O: Option[] = [backendOpt];
const shown = (r: Result<unknown>): unknown => (r[0] === 'ok' ? 'ok' : r);

async function run(): Promise<unknown[]> {
  // One round first, as the Erlang twin does.
  const l0 = (await gen_tcp.listen(0, [...O, ['active', false]])) as ['ok', Socket];
  const [, p0] = inet.port(l0[1]) as ['ok', number];
  const c0 = (await gen_tcp.connect([127, 0, 0, 1], p0, [...O], 2000)) as ['ok', Socket];
  const a0 = (await gen_tcp.accept(l0[1], 2000)) as ['ok', Socket];
  for (const s of [a0[1], c0[1], l0[1]]) await gen_tcp.close(s);
  const l = (await gen_tcp.listen(0, [...O, ['active', false]])) as ['ok', Socket];
  const [, port] = inet.port(l[1]) as ['ok', number];
  const ls: Socket[] = [];
  let full: unknown = 'limit';
  for (let i = 0; i < 5000; i++) {
    const r = await gen_tcp.listen(0, [...O]);
    if (r[0] !== 'ok') {
      full = r;
      break;
    }
    ls.push(r[1]);
  }
  const connect = await gen_tcp.connect([127, 0, 0, 1], port, [...O], 2000);
  const accept = await gen_tcp.accept(l[1], 200);
  for (const s of ls.slice(0, 1)) await gen_tcp.close(s);
  const connect1 = await gen_tcp.connect([127, 0, 0, 1], port, [...O], 2000);
  const accept1 = await gen_tcp.accept(l[1], 200);
  for (const s of ls.slice(1, 5)) await gen_tcp.close(s);
  const accept4 = await gen_tcp.accept(l[1], 200);
  const result = [
    ['listen', full],
    ['connect', shown(connect)],
    ['accept', shown(accept)],
    ['connect_one_free', shown(connect1)],
    ['accept_none_free', shown(accept1)],
    ['accept_four_free', shown(accept4)],
  ];
  for (const s of [l[1], ...ls]) await gen_tcp.close(s);
  return result;
}

const p = new Process();
const result = await p.run(run);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
