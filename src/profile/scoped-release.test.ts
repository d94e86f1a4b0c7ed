import { setTimeout as delay } from 'node:timers/promises';
import { gen_tcp } from '../index.js';
import { defaultOtp, setEmulatedOtp, withEmulatedOtp, type OtpRelease } from './profiles.js';

describe('withEmulatedOtp scopes a release to one piece of work', () => {
  test('interleaved work of two releases each sees its own release, after every await; the default stays', async () => {
    const before = defaultOtp();
    const seen = (otp: OtpRelease, waits: number[]) =>
      withEmulatedOtp(otp, async () => {
        const out: OtpRelease[] = [];
        for (const ms of waits) {
          await delay(ms);
          out.push(defaultOtp());
        }
        return out;
      });
    // The waits cross, so each one resumes while the other release's work is pending.
    const [a, b] = await Promise.all([seen('25', [5, 1, 5]), seen('27', [1, 5, 1])]);
    expect(a).toEqual(['25', '25', '25']);
    expect(b).toEqual(['27', '27', '27']);
    expect(defaultOtp()).toBe(before);
  });

  test('sockets opened in each scope take their scope\'s profile, whatever setEmulatedOtp says meanwhile', async () => {
    const before = defaultOtp();
    const open = (otp: OtpRelease) =>
      withEmulatedOtp(otp, async () => {
        await delay(2);
        setEmulatedOtp('29');
        const l = await gen_tcp.listen(0, [['inet_backend', 'socket']]);
        if (l[0] === 'error') throw new Error(`listen: ${String(l[1])}`);
        const otpOf = (l[1] as unknown as { profile: { otp: string } }).profile.otp;
        await gen_tcp.close(l[1]);
        return otpOf;
      });
    try {
      expect(await Promise.all([open('25'), open('27')])).toEqual(['25', '27']);
    } finally {
      setEmulatedOtp(before);
    }
  });

  test('an unknown release is refused before the work runs', () => {
    let ran = false;
    expect(() => withEmulatedOtp('24' as OtpRelease, () => (ran = true))).toThrow('gentcp emulates OTP 25, 27, 29, not 24');
    expect(ran).toBe(false);
  });
});
