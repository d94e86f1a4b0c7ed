/**
 * Option lists as inet takes them: listen/connect exit with badarg on a bad
 * option, setopts answers {error, einval}, getopts reads them back.
 * Accepted values were probed on real Erlang (fixtures and scenarios show it).
 */
import { ErlangExit } from '../erlang/errors.js';
import type { Profile } from '../profile/profiles.js';
import type { CreateOptions, IpAddress, PacketType, SocketOptions } from './types.js';

const PACKETS: readonly unknown[] = [0, 1, 2, 4, 'raw', 'asn1', 'cdr', 'sunrm', 'fcgi', 'tpkt', 'line', 'http', 'http_bin', 'httph', 'httph_bin'];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNat = (v: unknown): v is number => isInt(v) && v >= 0;

export function isIpAddress(v: unknown): v is IpAddress {
  if (!Array.isArray(v)) return false;
  if (v.length === 4) return v.every((x) => isInt(x) && x >= 0 && x <= 255);
  if (v.length === 8) return v.every((x) => isInt(x) && x >= 0 && x <= 65535);
  return false;
}

type Where = 'any' | 'create' | 'setopts';

interface Spec {
  /** Where the option may appear: anywhere, only when creating a socket, or only in setopts. */
  where: Where;
  valid(v: unknown): boolean;
  apply?(o: SocketOptions, v: unknown): void;
}

const sockOpt = <K extends keyof SocketOptions>(key: K, valid: (v: unknown) => boolean, where: Where = 'any'): Spec => ({
  where,
  valid,
  apply: (o, v) => void (o[key] = v as SocketOptions[K]),
});
const boolOpt = (key: keyof SocketOptions): Spec => sockOpt(key, isBool);

const SPECS: Record<string, Spec> = {
  active: sockOpt('active', (v) => isBool(v) || v === 'once' || (isInt(v) && v >= -32768 && v <= 32767)),
  mode: sockOpt('mode', (v) => v === 'binary' || v === 'list'),
  packet: sockOpt('packet', (v) => PACKETS.includes(v)),
  packet_size: sockOpt('packet_size', isNat),
  header: sockOpt('header', isNat),
  line_delimiter: sockOpt('line_delimiter', (v) => isInt(v) && v >= 0 && v <= 255, 'setopts'),
  buffer: sockOpt('buffer', isInt),
  exit_on_close: boolOpt('exit_on_close'),
  show_econnreset: boolOpt('show_econnreset'),
  send_timeout: sockOpt('send_timeout', (v) => v === 'infinity' || isNat(v)),
  send_timeout_close: boolOpt('send_timeout_close'),
  delay_send: boolOpt('delay_send'),
  nodelay: boolOpt('nodelay'),
  keepalive: boolOpt('keepalive'),
  reuseaddr: boolOpt('reuseaddr'),
  reuseport: boolOpt('reuseport'),
  dontroute: boolOpt('dontroute'),
  nopush: boolOpt('nopush'),
  linger: sockOpt('linger', (v) => Array.isArray(v) && v.length === 2 && isBool(v[0]) && isInt(v[1])),
  high_watermark: sockOpt('high_watermark', isInt),
  low_watermark: sockOpt('low_watermark', isInt),
  high_msgq_watermark: sockOpt('high_msgq_watermark', isInt),
  low_msgq_watermark: sockOpt('low_msgq_watermark', isInt),
  deliver: sockOpt('deliver', (v) => v === 'port' || v === 'term'),
  tos: sockOpt('tos', isInt),
  priority: sockOpt('priority', isInt),
  tclass: { where: 'any', valid: isInt },
  recbuf: sockOpt('recbuf', isInt),
  sndbuf: sockOpt('sndbuf', isInt),
  // Only when a socket is made:
  backlog: { where: 'create', valid: isInt },
  port: { where: 'create', valid: (v) => isInt(v) && v >= 0 && v <= 65535 },
  ip: { where: 'create', valid: (v) => isIpAddress(v) || v === 'any' || v === 'loopback' },
  ifaddr: {
    where: 'create',
    valid: (v) => isIpAddress(v) || v === 'any' || v === 'loopback' || (Array.isArray(v) && v.length === 2 && v[0] === 'local' && (typeof v[1] === 'string' || Buffer.isBuffer(v[1]))),
  },
  tcp_module: { where: 'create', valid: (v) => typeof v === 'string' },
  fd: { where: 'create', valid: isInt },
};

/** The options a fresh socket has, before its option list is applied. */
export function defaultOptions(profile: Profile, kind: 'listen' | 'connect'): SocketOptions {
  return {
    mode: 'list',
    active: kind === 'listen' ? true : true,
    packet: profile.defaults.packet as PacketType,
    packet_size: profile.defaults.packet_size,
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
    low_watermark: 4096,
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

/** Splits an option into name and value: `binary` is {mode, binary}, `inet6` a family. */
function nameValue(opt: unknown): [string, unknown] | undefined {
  if (opt === 'binary' || opt === 'list') return ['mode', opt];
  // Only these stand alone; {active, true} is never written `active`.
  if (opt === 'inet' || opt === 'inet6' || opt === 'local') return [opt, true];
  if (typeof opt === 'string') return undefined;
  if (Array.isArray(opt) && opt.length === 2 && typeof opt[0] === 'string') return [opt[0], opt[1]];
  return undefined;
}

/** listen/2 and connect/3,4 options; anything bad exits with badarg, as gen_tcp does. */
export function parseCreateOptions(kind: 'listen' | 'connect', list: unknown, profile: Profile): { create: CreateOptions; opts: SocketOptions } {
  if (!Array.isArray(list)) throw new ErlangExit('badarg');
  const opts = defaultOptions(profile, kind);
  const create: CreateOptions = { family: 'inet', ip: undefined, port: 0, backlog: 5 };
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
    const spec = SPECS[name];
    if (!spec || spec.where === 'setopts' || !spec.valid(value)) throw new ErlangExit('badarg');
    if (name === 'backlog') create.backlog = value as number;
    else if (name === 'port') create.port = value as number;
    else if (name === 'ip' || name === 'ifaddr') {
      if (Array.isArray(value) && value[0] === 'local') {
        create.family = 'local';
        create.ip = ['local', Buffer.isBuffer(value[1]) ? value[1].toString() : String(value[1])];
      } else if (value === 'loopback') create.ip = [127, 0, 0, 1];
      else if (value === 'any') create.ip = undefined;
      else create.ip = value as IpAddress;
    } else spec.apply?.(opts, value);
  });
  return { create, opts };
}

/**
 * inet:setopts/2 on a socket's options. An unknown or bad option is {error, einval}:
 * inet then changes nothing; the socket backend keeps the options before it.
 */
export function applySetopts(current: SocketOptions, list: unknown, atomic = true): { opts: SocketOptions; ok: boolean } {
  const next: SocketOptions = { ...current, linger: [...current.linger] };
  const fail = (): { opts: SocketOptions; ok: boolean } => ({ opts: atomic ? current : next, ok: false });
  if (!Array.isArray(list)) return fail();
  for (const opt of list) {
    const nv = nameValue(opt);
    if (!nv) return fail();
    const [name, value] = nv;
    const spec = SPECS[name];
    if (!spec || spec.where === 'create' || !spec.valid(value)) return fail();
    if (name === 'active' && typeof value === 'number') {
      // {active, N} adds to the count; over 32767 is einval, zero or below means passive.
      const base = typeof next.active === 'number' ? next.active : 0;
      const sum = base + value;
      if (sum > 32767) return fail();
      next.active = sum <= 0 ? false : sum;
      continue;
    }
    spec.apply?.(next, value);
  }
  return { opts: next, ok: true };
}

/** The names inet:getopts/2 answers for a TCP socket. */
export const GETTABLE = [
  'active', 'packet', 'mode', 'header', 'packet_size', 'buffer', 'exit_on_close', 'show_econnreset',
  'send_timeout', 'send_timeout_close', 'delay_send', 'nodelay', 'keepalive', 'reuseaddr', 'linger',
  'high_watermark', 'low_watermark', 'high_msgq_watermark', 'low_msgq_watermark', 'deliver', 'tos',
  'priority', 'recbuf', 'sndbuf', 'dontroute', 'nopush', 'line_delimiter', 'reuseport', 'tclass', 'backlog',
] as const;
