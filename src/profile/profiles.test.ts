import { execFileSync } from 'node:child_process';
import { defaultOtp, NEWEST_OTP, OTP_RELEASES, profileFor, setEmulatedOtp, type OtpRelease } from './profiles.js';

describe('profiles', () => {
  test('every backend × release has its profile, and the profile says which it is', () => {
    for (const otp of OTP_RELEASES) for (const backend of ['inet', 'socket'] as const) expect(profileFor(backend, otp)).toMatchObject({ backend, otp });
  });

  test('no field merely restates the backend: each differs between two releases of one backend', () => {
    const leaves = (o: object, prefix = ''): Array<[string, unknown]> =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? leaves(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
    const values = (backend: 'inet' | 'socket'): Map<string, Set<string>> => {
      const m = new Map<string, Set<string>>();
      for (const otp of OTP_RELEASES) for (const [k, v] of leaves(profileFor(backend, otp))) m.set(k, (m.get(k) ?? new Set()).add(JSON.stringify(v)));
      return m;
    };
    const inet = values('inet');
    const socket = values('socket');
    const constant = [...inet.keys()].filter((k) => k !== 'backend' && k !== 'otp' && inet.get(k)!.size === 1 && socket.get(k)!.size === 1);
    expect(constant).toEqual([]);
  });

  test('without a release, profileFor follows the emulated one; setEmulatedOtp refuses an unknown release and keeps the old one', () => {
    const before = defaultOtp();
    try {
      setEmulatedOtp('25');
      expect(profileFor('inet').otp).toBe('25');
      expect(() => setEmulatedOtp('24' as OtpRelease)).toThrow('gentcp emulates OTP 25, 27, 29, not 24');
      expect(defaultOtp()).toBe('25');
    } finally {
      setEmulatedOtp(before);
    }
  });

  // GENTCP_OTP is read when the module loads: a fresh node process for each value.
  const emulatedWith = (value: string): string =>
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const p = await import('./src/profile/profiles.ts'); process.stdout.write(p.defaultOtp())"], {
      env: { ...process.env, NODE_OPTIONS: '', GENTCP_OTP: value },
      encoding: 'utf8',
    });

  test('GENTCP_OTP picks the emulated release; a value that is no release leaves the newest', () => {
    expect(emulatedWith('27')).toBe('27');
    expect(emulatedWith('24')).toBe(NEWEST_OTP);
  });
});
