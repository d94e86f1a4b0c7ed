/**
 * Option lists as gen_tcp and inet take them. listen/connect check every value
 * the way prim_inet does (a bad one exits with badarg, on both backends); then
 * the backend's dialect applies the options in its own order and with its own
 * checks (src/options/dialect.ts), and the profile's `options` rules say where
 * releases differ. Accepted values and their read-back were probed on real
 * Erlang (suites/options).
 */
import { ErlangExit } from '../erlang/errors.js';
import type { Reason } from '../erlang/reasons.js';
import type { OptionRules, Profile } from '../profile/profiles.js';
import type { Apply, OptionDialect, Refusal, SetoptsRefusal } from './dialect.js';
import { emulatedRcvlowat, isKernelOption, maskTos, type KernelOption } from './kernel.js';
import { cloneOptions, type CreateOptions, type IpAddress, type PacketType, type SocketOptions } from './types.js';

const PACKETS: readonly unknown[] = [0, 1, 2, 4, 'raw', 'asn1', 'cdr', 'sunrm', 'fcgi', 'tpkt', 'line', 'http', 'http_bin', 'httph', 'httph_bin'];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
/** prim_inet's int and uint: 32 bits. */
const isInt32 = (v: unknown): v is number => isInt(v) && v >= -0x80000000 && v <= 0x7fffffff;
const isUint32 = (v: unknown): v is number => isInt(v) && v >= 0 && v <= 0xffffffff;
const isAtom = (v: unknown): v is string => typeof v === 'string';

export function isIpAddress(v: unknown): v is IpAddress {
  if (!Array.isArray(v)) return false;
  if (v.length === 4) return v.every((x) => isInt(x) && x >= 0 && x <= 255);
  if (v.length === 8) return v.every((x) => isInt(x) && x >= 0 && x <= 65535);
  return false;
}

/** IP_TOS values the socket module knows by name. */
const TOS_NAMES: Record<string, number> = { lowdelay: 0x10, throughput: 0x08, reliability: 0x04, mincost: 0x02 };

type Check = (v: unknown) => boolean;

export interface Spec {
  /** prim_inet's type check: listen and connect on both backends, setopts on inet. */
  valid: Check;
  /** Which of listen and connect take it. */
  create: 'both' | 'listen' | 'connect' | 'none';
  /** Only when a socket is made (ip, port, backlog, ...): setopts refuses it on inet. */
  creationOnly?: boolean;
  /**
   * The socket module's option behind it on the socket backend: {Level, Name},
   * the socket module's own check, and the value it is handed (what a refusal shows).
   */
  socket?: { opt: [string, string]; valid: Check; arg?: (v: unknown) => unknown };
}

const flag = (create: Spec['create'] = 'both', socket?: [string, string]): Spec => ({
  valid: isBool,
  create,
  ...(socket ? { socket: { opt: socket, valid: isBool } } : {}),
});

const lingerOk = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && isBool(v[0]) && isInt32(v[1]);

export const SPECS: Record<string, Spec> = {
  active: { valid: (v) => isBool(v) || v === 'once' || (isInt(v) && v >= -32768 && v <= 32767), create: 'both' },
  mode: { valid: (v) => v === 'binary' || v === 'list', create: 'both' },
  packet: { valid: (v) => PACKETS.includes(v), create: 'both' },
  packet_size: { valid: isUint32, create: 'both' },
  header: { valid: isUint32, create: 'both' },
  line_delimiter: { valid: isInt32, create: 'connect' },
  buffer: {
    valid: isInt32,
    create: 'both',
    socket: { opt: ['otp', 'rcvbuf'], valid: (v) => (isInt(v) && v > 0) || (Array.isArray(v) && v.length === 2 && v.every((x) => isInt(x) && x > 0)) },
  },
  exit_on_close: flag(),
  show_econnreset: flag(),
  send_timeout: { valid: (v) => v === 'infinity' || isUint32(v), create: 'both' },
  send_timeout_close: flag(),
  delay_send: flag(),
  nodelay: flag('both', ['tcp', 'nodelay']),
  keepalive: flag('both', ['socket', 'keepalive']),
  reuseaddr: flag('both', ['socket', 'reuseaddr']),
  reuseport: flag('both', ['socket', 'reuseport']),
  dontroute: flag('none', ['socket', 'dontroute']),
  nopush: flag('none', ['tcp', 'cork']),
  linger: {
    valid: lingerOk,
    create: 'both',
    socket: {
      opt: ['socket', 'linger'],
      valid: (v) => lingerOk(v) && (v as [boolean, number])[1] >= 0,
      // #{onoff => OnOff, linger => Secs}, keys in the order Erlang shows them.
      arg: (v) => (Array.isArray(v) && v.length === 2 ? new Map<string, unknown>([['linger', v[1]], ['onoff', v[0]]]) : v),
    },
  },
  high_watermark: { valid: isInt32, create: 'both' },
  low_watermark: { valid: isInt32, create: 'both', socket: { opt: ['socket', 'rcvlowat'], valid: isInt } },
  // prim_inet packs any integer into 32 bits, wrapping (see msgqLimit).
  high_msgq_watermark: { valid: isInt, create: 'both' },
  low_msgq_watermark: { valid: isInt, create: 'both' },
  deliver: { valid: (v) => v === 'port' || v === 'term', create: 'both' },
  tos: { valid: isInt32, create: 'both', socket: { opt: ['ip', 'tos'], valid: (v) => isInt(v) || (isAtom(v) && v in TOS_NAMES) } },
  priority: { valid: isInt32, create: 'both', socket: { opt: ['socket', 'priority'], valid: isInt } },
  tclass: { valid: isInt32, create: 'both' },
  recbuf: { valid: isInt32, create: 'both', socket: { opt: ['socket', 'rcvbuf'], valid: isInt } },
  sndbuf: { valid: isInt32, create: 'both', socket: { opt: ['socket', 'sndbuf'], valid: isInt } },
  // Only when a socket is made:
  backlog: { valid: isInt32, create: 'listen', creationOnly: true },
  port: { valid: (v) => isInt(v) && v >= 0 && v <= 65535, create: 'both', creationOnly: true },
  ip: { valid: (v) => isIpAddress(v) || v === 'any' || v === 'loopback', create: 'both', creationOnly: true },
  ifaddr: {
    valid: (v) => isIpAddress(v) || v === 'any' || v === 'loopback' || (Array.isArray(v) && v.length === 2 && v[0] === 'local' && (typeof v[1] === 'string' || Buffer.isBuffer(v[1]))),
    create: 'both',
    creationOnly: true,
  },
  tcp_module: { valid: isAtom, create: 'both', creationOnly: true },
  fd: { valid: isInt32, create: 'both', creationOnly: true },
};

/** The option's spec, unless this release does not know it. */
export const known = (rules: OptionRules, name: string): Spec | undefined => (rules.unknown.includes(name) ? undefined : SPECS[name]);

/** The options a fresh socket has, before its option list is applied. */
export function defaultOptions(profile: Profile, dialect: OptionDialect): SocketOptions {
  return {
    mode: 'list',
    active: true,
    packet: dialect.rawPacket,
    packet_size: dialect.packetSize,
    header: 0,
    line_delimiter: 10,
    buffer: profile.defaults.buffer,
    exit_on_close: true,
    show_econnreset: false,
    send_timeout: 'infinity',
    send_timeout_close: false,
    delay_send: false,
    nodelay: false,
    keepalive: false,
    reuseaddr: false,
    reuseport: false,
    linger: [false, 0],
    high_watermark: 8192,
    // The socket backend of OTP 25 reports SO_RCVLOWAT here, 1 by default.
    low_watermark: profile.options.lowWatermark === 'rcvlowat' ? 1 : 4096,
    high_msgq_watermark: 8192,
    low_msgq_watermark: 4096,
    deliver: 'term',
    tos: 0,
    priority: 0,
    dontroute: false,
    nopush: false,
    recbuf: undefined,
    sndbuf: undefined,
  };
}

/** Splits an option into name and value: `binary` is {mode, binary}; inet, inet6 and local are tcp_module. */
function nameValue(opt: unknown): [string, unknown] | undefined {
  if (opt === 'binary' || opt === 'list') return ['mode', opt];
  if (opt === 'inet' || opt === 'inet6' || opt === 'local') return ['tcp_module', `${opt}_tcp`];
  if (Array.isArray(opt) && opt.length === 2 && isAtom(opt[0])) return [opt[0], opt[1]];
  return undefined;
}

/** True when every element of a setopts list reads as an option (the rest is badarg or einval, per profile). */
export const allOptions = (list: unknown[]): boolean => list.every((o) => nameValue(o) !== undefined);

/**
 * One option, already checked and in the form the backend keeps it, into `o`.
 * Returns a refusal where the driver or the kernel refuses it (an {active, N}
 * count out of range, a message-queue limit below 1, a value the kernel will
 * not take, as the backend reports that).
 */
export function applyOne(o: SocketOptions, name: string, value: unknown, a: Apply): Refusal | undefined {
  const rec = o as unknown as Record<string, unknown>;
  const kernelRefused = (k: KernelOption, v: unknown): Refusal | undefined => {
    const refused = a.kernel?.(k, v);
    return refused ? a.dialect.kernelRefusal(k, refused) : undefined;
  };
  switch (name) {
    case 'active': {
      if (a.creating || !isInt(value)) {
        o.active = value as SocketOptions['active'];
        return undefined;
      }
      // {active, N} adds to the count; past 32767 is refused, zero or below makes the socket passive and says so.
      const sum = (typeof o.active === 'number' ? o.active : 0) + value;
      if (sum > 32767) return { error: 'einval' };
      if (sum <= 0) {
        o.active = false;
        a.passive = true;
      } else o.active = sum;
      return undefined;
    }
    case 'packet':
      o.packet = value as PacketType;
      return undefined;
    case 'buffer':
      o.buffer = value as number;
      o.bufferSet = true;
      a.bufferInList = true;
      return undefined;
    case 'recbuf': {
      const refused = kernelRefused('recbuf', value);
      if (refused) return refused;
      o.recbuf = value as number;
      if (a.rules.recbufBuffer === 'raise' && !o.bufferSet && (value as number) > o.buffer) o.buffer = value as number;
      if (a.rules.recbufBuffer === 'after-buffer' && a.bufferInList) o.buffer = value as number;
      return undefined;
    }
    case 'high_watermark':
    case 'low_watermark': {
      if (a.rules.lowWatermark === 'rcvlowat' && name === 'low_watermark') {
        o.low_watermark = emulatedRcvlowat(value as number, o.recbuf);
        return undefined;
      }
      setWatermark(o, 'high_watermark', 'low_watermark', name === 'high_watermark', Math.max(0, value as number));
      return undefined;
    }
    case 'high_msgq_watermark':
    case 'low_msgq_watermark': {
      // The port's busy message queue limits: low never above high.
      const v = msgqLimit(value as number);
      if (v === undefined) return { error: 'einval' };
      setWatermark(o, 'high_msgq_watermark', 'low_msgq_watermark', name === 'high_msgq_watermark', v);
      return undefined;
    }
    case 'linger': {
      const [on, secs] = value as [boolean, number];
      a.kernel?.('linger', [on, secs]);
      // SO_LINGER {false, _} only clears the flag: the seconds stay.
      o.linger = on ? [true, secs] : [false, Array.isArray(o.linger) ? o.linger[1] : 0];
      return undefined;
    }
    case 'tos': {
      const v = isAtom(value) ? TOS_NAMES[value]! : (value as number);
      const refused = kernelRefused('tos', v);
      if (refused) return refused;
      o.tos = maskTos(v);
      return undefined;
    }
    default: {
      if (isKernelOption(name)) {
        const refused = kernelRefused(name, value);
        if (refused) return refused;
      }
      rec[name] = value;
      return undefined;
    }
  }
}

/** A list's options each once, at its last occurrence, last first (as inet:*_options/2 leave them). */
export function lastOccurrences(list: Array<[string, unknown]>): Array<[string, unknown]> {
  const seen = new Set<string>();
  const lastFirst: Array<[string, unknown]> = [];
  for (let i = list.length - 1; i >= 0; i--) {
    if (seen.has(list[i]![0])) continue;
    seen.add(list[i]![0]);
    lastFirst.push(list[i]!);
  }
  return lastFirst;
}

/**
 * listen/2 and connect/3,4 options. A bad option or value exits with badarg,
 * as gen_tcp does on both backends; a value the backend then refuses is
 * {error, Reason} (socket backend).
 */
export function parseCreateOptions(kind: 'listen' | 'connect', list: unknown, profile: Profile, dialect: OptionDialect): { create: CreateOptions; opts: SocketOptions } | ['error', Reason] {
  if (!Array.isArray(list)) throw new ErlangExit('badarg');
  const rules = profile.options;
  const opts = defaultOptions(profile, dialect);
  const create: CreateOptions = { family: 'inet', ip: undefined, port: 0, backlog: 5 };
  const sockOpts: Array<[string, unknown]> = [];
  list.forEach((opt, i) => {
    if (Array.isArray(opt) && opt[0] === 'inet_backend') {
      // Honoured only as the first option (gen_tcp picked the backend from it already).
      if (i === 0 && (opt[1] === 'inet' || opt[1] === 'socket')) return;
      throw new ErlangExit('badarg');
    }
    if (opt === 'inet' || opt === 'inet6' || opt === 'local') return void (create.family = opt);
    const nv = nameValue(opt);
    if (!nv) throw new ErlangExit('badarg');
    const [name, value] = nv;
    const spec = known(rules, name);
    if (!spec || (spec.create !== 'both' && spec.create !== kind) || !spec.valid(value)) throw new ErlangExit('badarg');
    if (name === 'backlog') create.backlog = value as number;
    else if (name === 'port') create.port = value as number;
    else if (name === 'ip' || name === 'ifaddr') {
      if (Array.isArray(value) && value[0] === 'local') {
        create.family = 'local';
        create.ip = ['local', Buffer.isBuffer(value[1]) ? value[1].toString() : String(value[1])];
      } else if (value === 'loopback') create.ip = [127, 0, 0, 1];
      else if (value === 'any') create.ip = undefined;
      else create.ip = value as IpAddress;
    } else if (!spec.creationOnly) sockOpts.push([name, value]);
  });
  const refused = dialect.create(sockOpts, opts, { rules, dialect, creating: true, bufferInList: false, passive: false });
  if (refused) return ['error', refused.error as Reason];
  return { create, opts };
}

export interface SetoptsResult {
  opts: SocketOptions;
  /** ok, or the error setopts returns. */
  result: 'ok' | ['error', unknown];
  /** The socket went passive through {active, N} (or socket's false ending a count): {tcp_passive, S} is due. */
  passive: boolean;
}

/**
 * A busy message queue limit as inet_drv takes it: the integer wrapped to a
 * signed 32-bit value, then widened to a size, so 0 and -1 are refused and
 * any other negative one is capped at 2147483647.
 */
function msgqLimit(v: number): number | undefined {
  const w = Number(BigInt.asIntN(32, BigInt(v)));
  if (w === 0 || w === -1) return undefined;
  return w < 0 ? 0x7fffffff : w;
}

/** Sets one of a high/low pair; the other moves with it, so that low never exceeds high. */
function setWatermark(o: SocketOptions, high: 'high_watermark' | 'high_msgq_watermark', low: 'low_watermark' | 'low_msgq_watermark', isHigh: boolean, v: number): void {
  if (isHigh) {
    o[high] = v;
    if (o[low] > v) o[low] = v;
  } else {
    o[low] = v;
    if (o[high] < v) o[high] = v;
  }
}
/**
 * inet:setopts/2 on a socket's options: the elements are read as options,
 * then the backend's dialect applies them. A list that is no list raises, as
 * the backend's code does.
 */
export function applySetopts(current: SocketOptions, list: unknown, profile: Profile, dialect: OptionDialect, kernel?: Apply['kernel']): SetoptsResult {
  const rules = profile.options;
  const next = cloneOptions(current);
  const a: Apply = { rules, dialect, creating: false, bufferInList: false, passive: false, ...(kernel ? { kernel } : {}) };
  const refuse = (o: SocketOptions, error: unknown): SetoptsResult => ({ opts: o, result: ['error', error], passive: a.passive });
  if (!Array.isArray(list)) throw dialect.nonList(list);
  const items: Array<[string, unknown]> = [];
  for (const opt of list) {
    const nv = nameValue(opt);
    if (!nv) {
      if (rules.badElement === 'badarg') throw new ErlangExit('badarg');
      return refuse(current, 'einval');
    }
    items.push(nv);
  }
  const refused: SetoptsRefusal | undefined = dialect.set(items, next, a);
  if (refused) return refuse(refused.untouched ? current : next, refused.error);
  return { opts: next, result: 'ok', passive: a.passive };
}

/** The names inet:getopts/2 answers for a TCP socket (the profile leaves some out or refuses them). */
export const GETTABLE = [
  'active', 'packet', 'mode', 'header', 'packet_size', 'buffer', 'exit_on_close', 'show_econnreset',
  'send_timeout', 'send_timeout_close', 'delay_send', 'nodelay', 'keepalive', 'reuseaddr', 'linger',
  'high_watermark', 'low_watermark', 'high_msgq_watermark', 'low_msgq_watermark', 'deliver', 'tos',
  'priority', 'recbuf', 'sndbuf', 'dontroute', 'nopush', 'line_delimiter', 'reuseport', 'tclass', 'backlog',
] as const;

/** tos as the socket module reads it back (socket up to OTP 27): named by its TOS bits (IPTOS_TOS, 0x1e) where they are one of the four. */
export function tosTerm(v: number, rules: OptionRules): number | string {
  if (!rules.tosNames) return v;
  const name = Object.keys(TOS_NAMES).find((n) => TOS_NAMES[n] === (v & 0x1e));
  return name ?? v;
}
