/** Erlang's external term format (term_to_binary / binary_to_term), for the driver's control channel. */
import { inflateSync } from 'node:zlib';
import { ErlMap, Float, List, Named, Opaque, Pid, Port, Ref, type Term } from '../vocabulary/term.js';

const VERSION = 131;
const enum Tag {
  NewFloat = 70,
  BitBinary = 77,
  Compressed = 80,
  NewPid = 88,
  NewPort = 89,
  NewerReference = 90,
  SmallInteger = 97,
  Integer = 98,
  Float = 99,
  Atom = 100,
  Port = 102,
  Pid = 103,
  SmallTuple = 104,
  LargeTuple = 105,
  Nil = 106,
  String = 107,
  List = 108,
  Binary = 109,
  SmallBig = 110,
  LargeBig = 111,
  NewFun = 112,
  Export = 113,
  NewReference = 114,
  SmallAtom = 115,
  Map = 116,
  AtomUtf8 = 118,
  SmallAtomUtf8 = 119,
  V4Port = 120,
}

export class EtfError extends Error {}

/** binary_to_term/1 */
export function decode(buf: Uint8Array): Term {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b[0] !== VERSION) throw new EtfError(`not an external term: first byte ${b[0]}`);
  if (b[1] === Tag.Compressed) {
    const size = b.readUInt32BE(2);
    const inner = inflateSync(b.subarray(6));
    if (inner.length !== size) throw new EtfError('compressed term has the wrong size');
    const r = new Reader(inner, 0);
    return r.term();
  }
  const r = new Reader(b, 1);
  const t = r.term();
  if (r.pos !== b.length) throw new EtfError(`${b.length - r.pos} trailing bytes after term`);
  return t;
}

class Reader {
  constructor(
    private readonly b: Buffer,
    public pos: number,
  ) {}

  private need(n: number): void {
    if (this.pos + n > this.b.length) throw new EtfError('term is truncated');
  }
  private u8(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  private u16(): number {
    this.need(2);
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  private u32(): number {
    this.need(4);
    const v = this.b.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  private bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  private atomText(): string {
    const t = this.term();
    if (typeof t !== 'string') throw new EtfError('expected an atom');
    return t;
  }

  term(): Term {
    const tag = this.u8();
    switch (tag) {
      case Tag.SmallInteger:
        return this.u8();
      case Tag.Integer: {
        this.need(4);
        const v = this.b.readInt32BE(this.pos);
        this.pos += 4;
        return v;
      }
      case Tag.SmallBig:
      case Tag.LargeBig: {
        const n = tag === Tag.SmallBig ? this.u8() : this.u32();
        const sign = this.u8();
        const digits = this.bytes(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(digits[i]!);
        if (sign) v = -v;
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case Tag.NewFloat: {
        this.need(8);
        const v = this.b.readDoubleBE(this.pos);
        this.pos += 8;
        return new Float(v);
      }
      case Tag.Float:
        return new Float(parseFloat(this.bytes(31).toString('latin1')));
      case Tag.Atom:
        return this.bytes(this.u16()).toString('latin1');
      case Tag.SmallAtom:
        return this.bytes(this.u8()).toString('latin1');
      case Tag.AtomUtf8:
        return this.bytes(this.u16()).toString('utf8');
      case Tag.SmallAtomUtf8:
        return this.bytes(this.u8()).toString('utf8');
      case Tag.SmallTuple:
      case Tag.LargeTuple: {
        const n = tag === Tag.SmallTuple ? this.u8() : this.u32();
        const items: Term[] = [];
        for (let i = 0; i < n; i++) items.push(this.term());
        return items;
      }
      case Tag.Nil:
        return new List([]);
      case Tag.String:
        return new List(Array.from(this.bytes(this.u16())));
      case Tag.List: {
        const n = this.u32();
        const items: Term[] = [];
        for (let i = 0; i < n; i++) items.push(this.term());
        const tail = this.term();
        return tail instanceof List && tail.items.length === 0 && tail.tail === null
          ? new List(items)
          : new List(items, tail);
      }
      case Tag.Binary:
        return Buffer.from(this.bytes(this.u32()));
      case Tag.BitBinary: {
        const n = this.u32();
        const bits = this.u8();
        return new Opaque(`<<${this.bytes(n).toString('hex')}:${bits}-bits>>`);
      }
      case Tag.NewPid:
      case Tag.Pid: {
        const node = this.atomText();
        const id = this.u32();
        const serial = this.u32();
        const creation = tag === Tag.NewPid ? this.u32() : this.u8();
        return new Pid(node, id, serial, creation);
      }
      case Tag.NewPort:
      case Tag.Port:
      case Tag.V4Port: {
        const node = this.atomText();
        let id: bigint;
        if (tag === Tag.V4Port) {
          this.need(8);
          id = this.b.readBigUInt64BE(this.pos);
          this.pos += 8;
        } else id = BigInt(this.u32());
        const creation = tag === Tag.Port ? this.u8() : this.u32();
        return new Port(node, id, creation);
      }
      case Tag.NewerReference:
      case Tag.NewReference: {
        const len = this.u16();
        const node = this.atomText();
        const creation = tag === Tag.NewerReference ? this.u32() : this.u8();
        const ids: number[] = [];
        for (let i = 0; i < len; i++) ids.push(this.u32());
        return new Ref(node, ids, creation);
      }
      case Tag.Map: {
        const n = this.u32();
        const entries: Array<[Term, Term]> = [];
        for (let i = 0; i < n; i++) entries.push([this.term(), this.term()]);
        return new ErlMap(entries);
      }
      case Tag.NewFun: {
        const size = this.u32();
        this.bytes(size - 4);
        return new Opaque('#Fun<>');
      }
      case Tag.Export: {
        const m = this.term();
        const f = this.term();
        const a = this.term();
        return new Opaque(`fun ${String(m)}:${String(f)}/${String(a)}`);
      }
      default:
        throw new EtfError(`unsupported external term tag ${tag}`);
    }
  }
}

/** term_to_binary/1 */
export function encode(t: Term): Buffer {
  const w = new Writer();
  w.u8(VERSION);
  w.term(t);
  return w.done();
}

class Writer {
  private chunks: Buffer[] = [];
  u8(v: number): void {
    this.chunks.push(Buffer.from([v]));
  }
  u16(v: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    this.chunks.push(b);
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    this.chunks.push(b);
  }
  raw(b: Buffer): void {
    this.chunks.push(b);
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }

  atom(name: string): void {
    const b = Buffer.from(name, 'utf8');
    if (b.length > 255 * 4 || [...name].length > 255) throw new EtfError(`atom too long: ${name.slice(0, 20)}…`);
    this.sized(b.length, Tag.SmallAtomUtf8, Tag.AtomUtf8, 2);
    this.raw(b);
  }

  /** A tag and a length: the small tag with one length byte when n fits, else the large one with `wide` bytes. */
  private sized(n: number, small: Tag, large: Tag, wide: 2 | 4): void {
    if (n <= 255) {
      this.u8(small);
      this.u8(n);
    } else {
      this.u8(large);
      if (wide === 2) this.u16(n);
      else this.u32(n);
    }
  }

  integer(v: bigint): void {
    if (v >= 0n && v <= 255n) {
      this.u8(Tag.SmallInteger);
      this.u8(Number(v));
    } else if (v >= -(2n ** 31n) && v < 2n ** 31n) {
      this.u8(Tag.Integer);
      const b = Buffer.alloc(4);
      b.writeInt32BE(Number(v));
      this.raw(b);
    } else {
      let mag = v < 0n ? -v : v;
      const digits: number[] = [];
      while (mag > 0n) {
        digits.push(Number(mag & 0xffn));
        mag >>= 8n;
      }
      this.sized(digits.length, Tag.SmallBig, Tag.LargeBig, 4);
      this.u8(v < 0n ? 1 : 0);
      this.raw(Buffer.from(digits));
    }
  }

  term(t: Term): void {
    if (typeof t === 'string') return this.atom(t);
    if (typeof t === 'number') {
      if (!Number.isInteger(t)) throw new EtfError(`not an integer: ${t} (use Float)`);
      return this.integer(BigInt(t));
    }
    if (typeof t === 'bigint') return this.integer(t);
    if (Array.isArray(t)) {
      this.sized(t.length, Tag.SmallTuple, Tag.LargeTuple, 4);
      t.forEach((x) => this.term(x));
      return;
    }
    if (Buffer.isBuffer(t)) {
      this.u8(Tag.Binary);
      this.u32(t.length);
      this.raw(t);
      return;
    }
    if (t instanceof Float) {
      this.u8(Tag.NewFloat);
      const b = Buffer.alloc(8);
      b.writeDoubleBE(t.value);
      this.raw(b);
      return;
    }
    if (t instanceof List) {
      if (t.items.length === 0 && t.tail === null) return this.u8(Tag.Nil);
      this.u8(Tag.List);
      this.u32(t.items.length);
      t.items.forEach((x) => this.term(x));
      if (t.tail === null) this.u8(Tag.Nil);
      else this.term(t.tail);
      return;
    }
    if (t instanceof Pid) {
      this.u8(Tag.NewPid);
      this.atom(t.node);
      this.u32(t.id);
      this.u32(t.serial);
      this.u32(t.creation);
      return;
    }
    if (t instanceof Port) {
      this.u8(Tag.V4Port);
      this.atom(t.node);
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(t.id);
      this.raw(b);
      this.u32(t.creation);
      return;
    }
    if (t instanceof Ref) {
      this.u8(Tag.NewerReference);
      this.u16(t.ids.length);
      this.atom(t.node);
      this.u32(t.creation);
      t.ids.forEach((id) => this.u32(id));
      return;
    }
    if (t instanceof ErlMap) {
      this.u8(Tag.Map);
      this.u32(t.entries.length);
      t.entries.forEach(([k, v]) => (this.term(k), this.term(v)));
      return;
    }
    if (t instanceof Named) throw new EtfError(`a named ${t.kind} (${t.name}) must be resolved before it is sent`);
    if (t instanceof Opaque) throw new EtfError(`cannot encode ${t.text}`);
    throw new EtfError(`cannot encode ${String(t)}`);
  }
}
