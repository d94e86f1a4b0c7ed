/**
 * Names sockets, processes and port numbers after the scenario's actors, so
 * that two runs compare one to one whatever pids, ports or refs they got.
 */
import { ErlMap, List, Named, Opaque, Pid, Port, Ref, termKey, type Term } from '../vocabulary/term.js';

export class Names {
  private readonly sockets = new Map<string, string>();
  private readonly pids = new Map<string, string>();
  private readonly ports = new Map<number, string>();
  private readonly refs = new Map<string, string>();
  private autoSock = 0;
  private autoPid = 0;
  private autoRef = 0;

  private readonly paths = new Map<string, string>();

  bindSocket(name: string, raw: Term, port?: number): void {
    this.sockets.set(termKey(raw), name);
    // A listener and the sockets it accepts share its port: the port keeps the listener's name.
    if (port !== undefined && !this.ports.has(port)) this.ports.set(port, name);
  }

  /** A unix socket path by the name of its placeholder. */
  bindPath(name: string, path: string): void {
    this.paths.set(path, name);
  }

  bindPid(name: string, raw: Term): void {
    this.pids.set(termKey(raw), name);
  }

  /** A monitor's reference, by the name its step bound. */
  bindRef(name: string, raw: Term): void {
    this.refs.set(termKey(raw), name);
  }

  /** The term with every known socket and pid replaced by its name; unknown ones get stable names (S?1, P?1). */
  name(t: Term): Term {
    if (isRawSocket(t)) return new Named('sock', this.lookup(this.sockets, t, () => `S?${++this.autoSock}`));
    if (t instanceof Pid) return new Named('pid', this.lookup(this.pids, t, () => `P?${++this.autoPid}`));
    if (isRawRef(t)) return new Named('ref', this.lookup(this.refs, t, () => `R?${++this.autoRef}`));
    if (Array.isArray(t)) {
      if (isAddressWithPort(t)) return [this.name(t[0]!), this.portName(t[1] as number)];
      return t.map((x) => this.name(x));
    }
    if (t instanceof List) return new List(t.items.map((x) => this.name(x)), t.tail === null ? null : this.name(t.tail));
    if (t instanceof ErlMap) return new ErlMap(t.entries.map(([k, v]) => [this.name(k), this.name(v)]));
    if ((Buffer.isBuffer(t) || typeof t === 'string') && this.paths.size) {
      const name = this.paths.get(Buffer.isBuffer(t) ? t.toString() : t);
      if (name !== undefined) return new Opaque(`path(${name})`);
    }
    return t;
  }

  /** True when the term is a reference a monitor step bound. */
  isBoundRef(t: Term): boolean {
    return isRawRef(t) && this.refs.has(termKey(t));
  }

  /** True when the term holds a raw socket no step has named yet. */
  hasUnnamedSocket(t: Term): boolean {
    if (isRawSocket(t)) return !this.sockets.has(termKey(t));
    if (Array.isArray(t)) return t.some((x) => this.hasUnnamedSocket(x));
    if (t instanceof List) return t.items.some((x) => this.hasUnnamedSocket(x));
    return false;
  }

  /** A port number by the socket that owns it, or `?` for one the run never bound. */
  portName(port: number): Named {
    return new Named('port', this.ports.get(port) ?? '?');
  }

  private lookup(map: Map<string, string>, raw: Term, fresh: () => string): string {
    const key = termKey(raw);
    let n = map.get(key);
    if (n === undefined) {
      n = fresh();
      map.set(key, n);
    }
    return n;
  }
}

/** An inet-backend port, a socket-backend {'$inet', gen_tcp_socket, ...}, or a gentcp socket {'$gentcp_socket', Id}. */
export function isRawSocket(t: Term): boolean {
  return t instanceof Port || (Array.isArray(t) && ((t.length === 3 && t[0] === '$inet') || (t.length === 2 && t[0] === '$gentcp_socket')));
}

/** A reference from real Erlang, or a gentcp one {'$gentcp_ref', Id}. */
function isRawRef(t: Term): boolean {
  return t instanceof Ref || (Array.isArray(t) && t.length === 2 && t[0] === '$gentcp_ref');
}

/** {{127,0,0,1}, Port}, {{0,0,0,0,0,0,0,1}, Port}: an address as inet:peername returns it. */
function isAddressWithPort(t: Term[]): boolean {
  if (t.length !== 2 || typeof t[1] !== 'number') return false;
  const ip = t[0];
  return Array.isArray(ip) && (ip.length === 4 || ip.length === 8) && ip.every((x) => typeof x === 'number');
}
