// A msgpack byte writer: one growable buffer per writer, no shared state, so two encodings can
// never interleave. It knows msgpack's formats and nothing of cty; msgpack.ts decides which
// format a value takes.

const DEFAULT_CAPACITY = 1024;

export class MsgpackWriter {
  private out: Buffer;
  private pos = 0;

  constructor(initialCapacity = DEFAULT_CAPACITY) {
    // allocUnsafe: every byte handed out is written first (finish() copies only [0, pos))
    this.out = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** The bytes written so far, in a buffer of their own. */
  finish(): Buffer {
    return Buffer.from(this.out.subarray(0, this.pos));
  }

  private ensure(n: number): void {
    if (this.pos + n > this.out.length) this.grow(this.pos + n);
  }

  private grow(min: number): void {
    let size = this.out.length * 2;
    while (size < min) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.out.copy(next, 0, 0, this.pos);
    this.out = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.out[this.pos++] = b;
  }

  nil(): void {
    this.byte(0xc0);
  }

  bool(b: boolean): void {
    this.byte(b ? 0xc3 : 0xc2);
  }

  /** Bytes already in msgpack form (e.g. a pre-encoded string), copied as they are. */
  raw(bytes: Buffer): void {
    this.ensure(bytes.length);
    bytes.copy(this.out, this.pos);
    this.pos += bytes.length;
  }

  /** fixext1 with type 0 and a zero byte: the one form go-cty writes for an unknown value. */
  unknown(): void {
    this.ensure(3);
    const out = this.out;
    out[this.pos++] = 0xd4;
    out[this.pos++] = 0x00;
    out[this.pos++] = 0x00;
  }

  arrayHeader(n: number): void {
    this.containerHeader(n, 0x90, 0xdc, 0xdd);
  }

  mapHeader(n: number): void {
    this.containerHeader(n, 0x80, 0xde, 0xdf);
  }

  /** Arrays and maps share one layout (fix form, then 16- and 32-bit counts); only type bytes differ. */
  private containerHeader(n: number, fixBase: number, code16: number, code32: number): void {
    this.ensure(5);
    const out = this.out;
    if (n < 16) out[this.pos++] = fixBase | n;
    else if (n < 0x10000) {
      out[this.pos++] = code16;
      out.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else {
      out[this.pos++] = code32;
      out.writeUInt32BE(n, this.pos);
      this.pos += 4;
    }
  }

  private strHeader(len: number): void {
    const out = this.out;
    if (len < 32) out[this.pos++] = 0xa0 | len;
    else if (len < 0x100) {
      out[this.pos++] = 0xd9;
      out[this.pos++] = len;
    } else if (len < 0x10000) {
      out[this.pos++] = 0xda;
      out.writeUInt16BE(len, this.pos);
      this.pos += 2;
    } else {
      out[this.pos++] = 0xdb;
      out.writeUInt32BE(len, this.pos);
      this.pos += 4;
    }
  }

  string(s: string): void {
    const len = s.length;
    this.ensure(5 + len * 3);
    const out = this.out;
    if (len < 32) {
      // short strings (attribute names, most values): try the ASCII fast path in place
      const start = this.pos + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        out[start + i] = c;
      }
      if (i === len) {
        out[this.pos] = 0xa0 | len;
        this.pos = start + len;
        return;
      }
    }
    const byteLen = Buffer.byteLength(s, "utf8");
    this.strHeader(byteLen);
    this.pos += out.write(s, this.pos, byteLen, "utf8");
  }

  bin(b: Uint8Array): void {
    const len = b.length;
    this.ensure(5 + len);
    const out = this.out;
    if (len < 0x100) {
      out[this.pos++] = 0xc4;
      out[this.pos++] = len;
    } else if (len < 0x10000) {
      out[this.pos++] = 0xc5;
      out.writeUInt16BE(len, this.pos);
      this.pos += 2;
    } else {
      out[this.pos++] = 0xc6;
      out.writeUInt32BE(len, this.pos);
      this.pos += 4;
    }
    out.set(b, this.pos);
    this.pos += len;
  }

  /** Most compact int encoding of a safe integer (non-negative ones in the uint family, as Go's encoder). */
  int(v: number): void {
    this.ensure(9);
    const out = this.out;
    if (v >= 0) {
      if (v < 0x80) out[this.pos++] = v;
      else if (v < 0x100) {
        out[this.pos++] = 0xcc;
        out[this.pos++] = v;
      } else if (v < 0x10000) {
        out[this.pos++] = 0xcd;
        out.writeUInt16BE(v, this.pos);
        this.pos += 2;
      } else if (v < 0x100000000) {
        out[this.pos++] = 0xce;
        out.writeUInt32BE(v, this.pos);
        this.pos += 4;
      } else {
        out[this.pos++] = 0xcf;
        out.writeUInt32BE(Math.floor(v / 0x100000000), this.pos);
        out.writeUInt32BE(v % 0x100000000, this.pos + 4);
        this.pos += 8;
      }
    } else if (v >= -32) {
      out[this.pos++] = v & 0xff;
    } else if (v >= -0x80) {
      out[this.pos++] = 0xd0;
      out.writeInt8(v, this.pos);
      this.pos += 1;
    } else if (v >= -0x8000) {
      out[this.pos++] = 0xd1;
      out.writeInt16BE(v, this.pos);
      this.pos += 2;
    } else if (v >= -0x80000000) {
      out[this.pos++] = 0xd2;
      out.writeInt32BE(v, this.pos);
      this.pos += 4;
    } else {
      out[this.pos++] = 0xd3;
      out.writeBigInt64BE(BigInt(v), this.pos);
      this.pos += 8;
    }
  }

  /** An int64-range integer outside the safe range: always the 8-byte form. */
  bigInt64(b: bigint): void {
    this.ensure(9);
    const out = this.out;
    if (b >= 0n) {
      out[this.pos++] = 0xcf;
      out.writeBigUInt64BE(b, this.pos);
    } else {
      out[this.pos++] = 0xd3;
      out.writeBigInt64BE(b, this.pos);
    }
    this.pos += 8;
  }

  float64(d: number): void {
    this.ensure(9);
    this.out[this.pos++] = 0xcb;
    this.out.writeDoubleBE(d, this.pos);
    this.pos += 8;
  }
}

/** A string's complete msgpack form (header and UTF-8 body), for callers that cache encoded keys. */
export function encodeStandaloneString(s: string): Buffer {
  const w = new MsgpackWriter(s.length * 3 + 5);
  w.string(s);
  return w.finish();
}
