/** Which variant of gentcp runs: on the native addon, or on the pure-TypeScript fallback. */
import { loadNative, type NativeOrigin } from './index.js';

/** What native() reports. */
export interface NativeInfo {
  /** `native`: the addon is loaded; `fallback`: pure TypeScript, with the known divergences of the fallback. */
  variant: 'native' | 'fallback';
  /** Where the addon came from: prebuilt in the package, built from its source, or GENTCP_NATIVE_PATH. */
  origin?: NativeOrigin;
  /** The addon file that was loaded. */
  path?: string;
  /** Why the fallback runs. */
  reason?: string;
  /** `<platform>-<arch>`, as prebuilds/ names it. */
  platform: string;
}

/**
 * Tells which variant of gentcp is running (not a gen_tcp function: gentcp's own).
 * The addon gives a real listen backlog, SHUT_RD, kernel socket options, an RST told
 * from a FIN behind unread data and the socket backend's exact `{timeout, Rest}`;
 * without it those cases follow Node's `net` (see the known divergences).
 */
export function native(): NativeInfo {
  const r = loadNative();
  const platform = `${process.platform}-${process.arch}`;
  if (r.native) return { variant: 'native', origin: r.origin, path: r.path, platform };
  return { variant: 'fallback', reason: r.reason, platform };
}
