/**
 * Incremental packet framing with `erlang:decode_packet/3` semantics, for the
 * socket layer's receive path: push chunks as they arrive, take complete
 * packets out. The packets (and the error, if any) are exactly those that
 * `erlang:decode_packet/3` gives when called after each chunk on the data
 * received so far, each call on the previous call's Rest, as the emulator's
 * socket does. (That equals decoding all the data at once except for the BIF's
 * two prefix quirks, documented in ./decode-packet.ts.)
 *
 * Cost: chunks are kept as a list, never concatenated per push. A decode is
 * attempted only when it can succeed:
 *   - after `{more, N}` (length known), not before N bytes are buffered, and
 *     then only the packet's own bytes are joined (the rest stays as chunks);
 *   - line and HTTP types: not before a delimiter arrives (or a size limit, or
 *     in header mode the byte after a line end, which decides continuation);
 *   - the header of a length-prefixed type is read from a copy of its first
 *     few bytes only.
 * So each byte is copied O(1) times however small the chunks are.
 */
import { type DecodeCompat, type DecodeResult, type Packet, PacketDecoder, type PacketOption, type PacketType } from './decode-packet.js';

/** One framing step: a packet, or the `{error, invalid}` decode_packet gave. */
export type FramerResult<P extends Packet = Packet> = ['ok', P] | ['error', 'invalid'];

/** Bytes of a length-prefixed header looked at before the length is known (enough for every type but long asn1 tags). */
const HEADER_PEEK = 16;
const EMPTY = Buffer.alloc(0);

/**
 * Accumulates received chunks and yields complete packets, mirroring repeated
 * `erlang:decode_packet(Type, Buffer, Options)` calls. Packets may share memory
 * with the pushed chunks: do not modify a chunk after pushing it.
 */
export class PacketFramer {
  private decoder: PacketDecoder;
  private chunks: Buffer[] = [];
  private head = 0; // index of the first live chunk
  private offset = 0; // bytes of chunks[head] already consumed
  private total = 0; // live bytes
  private need = 0; // from {more, N}: no decode can succeed before N bytes
  private waiting = false; // delimited types: the last decode needed a delimiter
  private lastByte = -1; // last byte buffered (-1: none)
  private limit = 0; // smallest nonzero size option: where a delimited type stops waiting

  /** Throws ErlangError('badarg') where decode_packet/3 would. */
  constructor(type: PacketType, opts: ReadonlyArray<PacketOption> = [], compat: DecodeCompat = {}) {
    this.decoder = new PacketDecoder(type, opts, compat);
    this.limit = this.limitOf();
  }

  /**
   * Changes the packet type or options for the bytes not yet framed (as
   * inet:setopts/2 does with {packet, _}; e.g. http -> httph after a request
   * line, as the emulator switches its own state).
   */
  setType(type: PacketType, opts: ReadonlyArray<PacketOption> = [], compat: DecodeCompat = {}): void {
    this.decoder = new PacketDecoder(type, opts, compat);
    this.limit = this.limitOf();
    this.need = 0;
    this.waiting = false;
  }

  get type(): PacketType {
    return this.decoder.type;
  }

  /** Bytes received and not yet returned in a packet. */
  get bufferedBytes(): number {
    return this.total;
  }

  /** The length the next packet is known to need ({more, N}), or undefined. */
  get needed(): number | undefined {
    return this.need > this.total ? this.need : undefined;
  }

  /** Appends received bytes. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.waiting) {
      const delimiter = this.decoder.delimited!;
      if ((this.decoder.headerMode && this.lastByte === 10) || chunk.indexOf(delimiter) >= 0 || (this.limit !== 0 && this.total + chunk.length >= this.limit)) {
        this.waiting = false;
      }
    }
    this.chunks.push(chunk);
    this.total += chunk.length;
    this.lastByte = chunk[chunk.length - 1]!;
  }

  /**
   * One `erlang:decode_packet/3` step over the buffered data: the next complete packet, `['error', 'invalid']` when decode_packet gives
   * that for the buffered data (the data stays buffered), or undefined when
   * more data is needed.
   */
  next(): FramerResult | undefined {
    if (this.total === 0 || this.waiting || this.total < this.need) return undefined;
    const d = this.decoder;
    if (d.raw) {
      const all = this.join(this.total);
      this.consume(this.total);
      return ['ok', all];
    }
    if (d.lengthPrefixed) {
      // Enough bytes for the header (or the known packet), not the whole buffer.
      for (;;) {
        const view = this.join(Math.min(this.total, Math.max(this.need, HEADER_PEEK)));
        const r = d.decode(view);
        if (r[0] === 'more' && r[1] === 'undefined' && view.length < this.total) {
          // an asn1 tag longer than the peek: look at everything
          return this.finish(d.decode(this.join(this.total)), this.total);
        }
        if (r[0] === 'more' && r[1] !== 'undefined' && r[1] > view.length && r[1] <= this.total) {
          this.need = r[1];
          continue;
        }
        return this.finish(r, view.length);
      }
    }
    return this.finish(d.decode(this.join(this.total)), this.total);
  }

  /** All complete packets now available; stops after an error. */
  *drain(): Generator<FramerResult, void, undefined> {
    for (;;) {
      const r = this.next();
      if (!r) return;
      yield r;
      if (r[0] === 'error') return;
    }
  }

  /** A copy-free view (or one joined copy) of all buffered bytes, left buffered. */
  peekBuffered(): Buffer {
    return this.join(this.total);
  }

  /** Removes and returns all buffered bytes (e.g. when the socket leaves packet mode). */
  takeBuffered(): Buffer {
    const all = this.join(this.total);
    this.consume(this.total);
    this.need = 0;
    this.waiting = false;
    return all;
  }

  /** Acts on the result of decoding the first `viewed` buffered bytes. */
  private finish(r: DecodeResult, viewed: number): FramerResult | undefined {
    switch (r[0]) {
      case 'ok': {
        const [, packet, rest] = r;
        this.consume(viewed - rest.length);
        this.need = 0;
        return ['ok', packet];
      }
      case 'more':
        if (r[1] === 'undefined') {
          this.need = 0;
          if (this.decoder.delimited !== undefined) this.waiting = true;
        } else {
          this.need = r[1];
        }
        return undefined;
      case 'error':
        return ['error', 'invalid'];
    }
  }

  /** The first n buffered bytes as one Buffer: a view when they lie in one chunk, else a copy (kept, so it is made once). */
  private join(n: number): Buffer {
    const first = this.chunks[this.head];
    if (!first) return EMPTY;
    if (first.length - this.offset >= n) return first.subarray(this.offset, this.offset + n);
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    let i = this.head;
    let from = this.offset;
    while (at < n) {
      const c = this.chunks[i]!;
      const take = Math.min(c.length - from, n - at);
      c.copy(out, at, from, from + take);
      at += take;
      if (from + take === c.length) {
        i++;
        from = 0;
      } else {
        from += take;
      }
    }
    // Replace the joined chunks by the copy, so that it is not made again.
    const tail = from > 0 ? this.chunks[i]!.subarray(from) : undefined;
    const restStart = from > 0 ? i + 1 : i;
    const live = this.chunks.slice(restStart);
    this.chunks = tail ? [out, tail, ...live] : [out, ...live];
    this.head = 0;
    this.offset = 0;
    return out;
  }

  /** Drops the first n buffered bytes. */
  private consume(n: number): void {
    this.total -= n;
    while (n > 0) {
      const c = this.chunks[this.head]!;
      const left = c.length - this.offset;
      if (n < left) {
        this.offset += n;
        return;
      }
      n -= left;
      this.chunks[this.head] = EMPTY; // release it (the slot is dropped below)
      this.head++;
      this.offset = 0;
    }
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  private limitOf(): number {
    const { packetSize, lineLength } = this.decoder.options;
    if (packetSize === 0) return lineLength;
    if (lineLength === 0) return packetSize;
    return Math.min(packetSize, lineLength);
  }
}
