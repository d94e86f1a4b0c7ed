/** Received bytes not yet delivered: a queue of chunks, so appends and takes never copy the whole. */
export class ChunkQueue {
  private chunks: Buffer[] = [];
  private head = 0; // offset into chunks[0]
  length = 0;

  push(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.length += b.length;
  }

  /** Takes the first n bytes (all when n is larger): a view when they lie in one chunk, else one copy. */
  take(n: number): Buffer {
    n = Math.min(n, this.length);
    if (n === 0) return Buffer.alloc(0);
    const out = this.peek(n);
    this.skip(n);
    return out;
  }

  takeAll(): Buffer {
    return this.take(this.length);
  }

  /** The first n bytes without taking them (fewer when fewer are queued). */
  peek(n: number): Buffer {
    n = Math.min(n, this.length);
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    let i = 0;
    let h = this.head;
    while (off < n) {
      const c = this.chunks[i]!;
      const k = Math.min(c.length - h, n - off);
      c.copy(out, off, h, h + k);
      off += k;
      i++;
      h = 0;
    }
    return out;
  }

  /** The first n (1..6) bytes as a big-endian unsigned integer, without taking them; n <= length. */
  uintBE(n: number): number {
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) return first.readUIntBE(this.head, n);
    return this.peek(n).readUIntBE(0, n);
  }

  /** Drops the first n bytes (all when n is larger), making no Buffer for them. */
  skip(n: number): void {
    n = Math.min(n, this.length);
    this.length -= n;
    while (n > 0) {
      const c = this.chunks[0]!;
      const k = Math.min(c.length - this.head, n);
      n -= k;
      this.head += k;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
  }

  /** Index of the first byte equal to `byte` within the first `limit` bytes, or -1. */
  indexOf(byte: number, limit = this.length): number {
    let base = 0;
    let h = this.head;
    for (const c of this.chunks) {
      const end = Math.min(c.length, h + (limit - base));
      const i = c.indexOf(byte, h);
      if (i >= 0 && i < end) return base + (i - h);
      base += c.length - h;
      h = 0;
      if (base >= limit) break;
    }
    return -1;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.length = 0;
  }
}
