/** What one run of a scenario against one subject produced, before normalisation. */
import type { Term } from './term.js';

export type Side = 'subject' | 'peer';

/** The step result for a call on a socket this run never bound (an earlier call failed). */
export const UNBOUND = '$gentcp_unbound_socket';

export type Outcome =
  | { kind: 'return'; value: Term }
  | { kind: 'raise'; class: string; reason: Term }
  /** The actor died while the call was running. */
  | { kind: 'exited'; reason: Term };

export interface StepRecord {
  index: number;
  id?: string;
  actor?: string;
  side?: Side;
  op: string;
  /** The call as text, with sockets and pids by name: recv(S,0,1000). */
  call: string;
  status: 'done' | 'pending' | 'error';
  outcome?: Outcome;
  /** Start and end, in ms since the run started. */
  t0?: number;
  t1?: number;
  error?: string;
}

export interface MessageRecord {
  actor: string;
  t: number;
  msg: Term;
}

export interface ExitRecord {
  actor: string;
  t: number;
  reason: Term;
}

export interface SocketBinding {
  name: string;
  side: Side;
  raw: Term;
  port?: number;
}

export interface RunInfo {
  scenario: string;
  /** erlang:inet, erlang:socket, ts:inet or ts:socket */
  subject: string;
  provider: string;
  otp: string;
  otpVersion: string;
  startedAt: string;
  durationMs: number;
  /** ts subjects: whether the native addon was in use (native) or the pure-TypeScript fallback. */
  variant?: 'native' | 'fallback';
}

export interface Trace {
  info: RunInfo;
  steps: StepRecord[];
  messages: MessageRecord[];
  exits: ExitRecord[];
  sockets: SocketBinding[];
  pids: Array<{ name: string; raw: Term }>;
  /** Monitor references steps bound (inet:monitor/1), by name. */
  refs?: Array<{ name: string; raw: Term }>;
  /** Unix socket paths the run made from {path, Name} placeholders. */
  paths?: Array<{ name: string; path: string }>;
  /** Harness faults: a timeout, a driver that went away. Any one makes the verdict `error`. */
  errors: string[];
}
