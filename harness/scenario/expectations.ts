/** Which of a step's `expect` entries applies to a reference run: selected by backend and OTP release, as `only` selects scenarios. */
import { Backend, Otp, type StepExpect } from './schema.js';

/** Every backend/release cell an entry covers, as "inet on OTP 25"; an entry without a selector covers them all. */
export function expectCells(e: StepExpect): string[] {
  const backends = e.backends ?? Backend.options;
  const releases = e.otp ?? Otp.options;
  return backends.flatMap((b) => releases.map((o) => `${b} on OTP ${o}`));
}

/** The entry that applies to a reference on `backend` and OTP `otp`; undefined when none does (the step is not checked there). */
export function expectationFor(expect: readonly StepExpect[] | undefined, backend: string, otp: string): StepExpect | undefined {
  return expect?.find((e) => covers(e, backend, otp));
}

/** Where an entry applies, in words: "inet, OTP 25", "OTP 27/29", "socket", "every backend and release". */
export function expectWhere(e: Pick<StepExpect, 'backends' | 'otp'>): string {
  const parts = [e.backends?.join('/'), e.otp && `OTP ${e.otp.join('/')}`].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every backend and release';
}

/** Whether a selector (an `expect` entry's or `altsWhere`) covers a reference on `backend` and OTP `otp`; no selector covers all. */
export function covers(where: Pick<StepExpect, 'backends' | 'otp'> | undefined, backend: string, otp: string): boolean {
  return where === undefined || ((where.backends === undefined || (where.backends as string[]).includes(backend)) && (where.otp === undefined || (where.otp as string[]).includes(otp)));
}
