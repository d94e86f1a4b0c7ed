/** One describe block per published reference node, with the Erlang programs of that node. */
import { setEmulatedOtp, type OtpRelease } from 'gentcp';
import { DriverClient } from '../../harness/driver/client.js';
import { publishedReferences, type PublishedReference } from '../../harness/testing/references.js';
import { ErlangPrograms } from './erlang.js';

export interface InteropContext {
  ref: PublishedReference;
  erl: ErlangPrograms;
}

/** Logs a measured line (connections, bytes, time) so a run's numbers end up in its output. */
export function note(line: string): void {
  process.stderr.write(`[interop] ${line}\n`);
}

export function forEachReference(family: string, body: (get: () => InteropContext) => void): void {
  for (const ref of publishedReferences()) {
    describe(`${family} — OTP ${ref.version} (${ref.provider})`, () => {
      let ctx: InteropContext | undefined;
      let driver: DriverClient | undefined;
      beforeAll(async () => {
        driver = await DriverClient.connect(ref.port, ref.token);
        // GENTCP_BACKEND=socket makes gentcp default to the socket backend; the Erlang programs follow.
        ctx = { ref, erl: new ErlangPrograms(driver, process.env.GENTCP_BACKEND === 'socket' ? 'socket' : undefined) };
        // gentcp behaves as the release it talks to, where releases differ.
        if (['25', '27', '29'].includes(ref.otp)) setEmulatedOtp(ref.otp as OtpRelease);
      });
      afterAll(() => driver?.close());
      body(() => {
        if (!ctx) throw new Error('no reference connection');
        return ctx;
      });
    });
  }
}
