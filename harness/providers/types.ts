/** A started reference node: real Erlang running the gentcp driver. */
import type { DriverClient } from '../driver/client.js';

export type ProviderName = 'container' | 'local';
export type ProviderChoice = ProviderName | 'auto';
/** Where a run's reference comes from: a provider's live node, or real Erlang's recorded traces (fixtures/traces). */
export type ReferenceChoice = ProviderChoice | 'recorded';

export interface ReferenceNode {
  /** The driver (a recorded reference has none: it is never used there). */
  client: DriverClient;
  provider: ProviderName | 'recorded';
  /** OTP major release, e.g. "27". */
  otp: string;
  /** Full OTP version, e.g. "27.3.4.1". */
  version: string;
  /** Where the node runs: an image name or the erl on PATH. */
  where: string;
  /** Milliseconds from start request to a ready driver. */
  startMs: number;
  /** A directory this process and the node both see at the same path. */
  sharedDir: string;
  /** The container's id, for the container provider. */
  containerId?: string;
  /** Connects a further client (e.g. from a Jest worker) to the same driver. */
  port: number;
  token: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  otp?: string;
  /** An image to run instead of localhost/gentcp/erlang:<otp>. */
  image?: string;
  startTimeoutMs?: number;
  /** Exits the driver after this long with no client (default 5 minutes). */
  idleMs?: number;
  /** Progress lines for the terminal. */
  log?: (line: string) => void;
}

export class ProviderError extends Error {}
