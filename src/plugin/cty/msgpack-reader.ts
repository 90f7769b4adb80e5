// A msgpack byte reader over one buffer range: a cursor object, no shared state. It knows
// msgpack's formats (headers, numbers in every width, extensions, skipping) and nothing of cty
// types; msgpack.ts walks a schema type with it.

import { CtyCodecError } from "./errors";
import { TfNumber } from "./value";
import { numberFromBigInt, numberFromDouble, numberFromSafeInteger } from "./numbers";

export function decodeError(reason: string): CtyCodecError {
  return new CtyCodecError("msgpack decode", reason);
}

export function isExtCode(c: number): boolean {
  return (c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9);
}

/** Names the msgpack family of a leading byte, for error messages. */
export function familyOf(c: number): string {
  if (c <= 0x7f || c >= 0xe0 || (c >= 0xcc && c <= 0xcf) || (c >= 0xd0 && c <= 0xd3)) return "an integer";
  if ((c >= 0xa0 && c <= 0xbf) || (c >= 0xd9 && c <= 0xdb)) return "a string";
  if ((c >= 0x90 && c <= 0x9f) || c === 0xdc || c === 0xdd) return "an array";
  if ((c >= 0x80 && c <= 0x8f) || c === 0xde || c === 0xdf) return "a map";
  if (c === 0xca || c === 0xcb) return "a float";
  if (c === 0xc2 || c === 0xc3) return "a bool";
  if (c === 0xc0) return "nil";
  if (c >= 0xc4 && c <= 0xc6) return "binary data";
  if (isExtCode(c)) return "an extension";
  return `invalid byte 0x${c.toString(16)}`;
}

export interface ExtensionBounds {
  extType: number;
  payloadStart: number;
  payloadEnd: number;
}

export class MsgpackReader {
  pos: number;
  readonly buf: Buffer;

  constructor(
    readonly u8: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
    this.buf = Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  /** A reader over [start, end) of the same bytes (e.g. an extension's payload). */
  slice(start: number, end: number): MsgpackReader {
    return new MsgpackReader(this.u8, start, end);
  }

  need(n: number): void {
    if (this.pos + n > this.end) throw decodeError("unexpected end of data");
  }

  /** The next item's leading byte, without consuming it. */
  peek(): number {
    if (this.pos >= this.end) throw decodeError("unexpected end of data");
    return this.u8[this.pos] as number;
  }

  /** Consumes nil if it is next. */
  tryNil(): boolean {
    if (this.peek() !== 0xc0) return false;
    this.pos++;
    return true;
  }

  /** Reads a bool, or returns undefined (pos unchanged) if the next item is not one. */
  tryBool(): boolean | undefined {
    const c = this.peek();
    if (c !== 0xc2 && c !== 0xc3) return undefined;
    this.pos++;
    return c === 0xc3;
  }

  /** Reads an array header; returns -1 if the next item is not an array. */
  arrayHeader(): number {
    const n = this.containerHeader(0x90, 0xdc, 0xdd);
    // every element takes at least one byte: a larger count is corrupt, and must not allocate
    if (n > this.end - this.pos) throw decodeError(`unexpected end of data (header announces ${n} elements)`);
    return n;
  }

  /** Reads a map header; returns -1 if the next item is not a map. */
  mapHeader(): number {
    const n = this.containerHeader(0x80, 0xde, 0xdf);
    // every entry takes at least two bytes: a larger count is corrupt, and must not allocate
    if (n > (this.end - this.pos) / 2) throw decodeError(`unexpected end of data (header announces ${n} entries)`);
    return n;
  }

  /**
   * Arrays and maps share one header layout (fix form with the count in the low nibble, then 16-
   * and 32-bit counts); only the type bytes differ. Returns -1 if the next item is not that kind.
   */
  private containerHeader(fixBase: number, code16: number, code32: number): number {
    const c = this.peek();
    if (c >= fixBase && c <= fixBase + 0x0f) {
      this.pos++;
      return c & 0x0f;
    }
    if (c === code16) {
      this.need(3);
      const n = this.buf.readUInt16BE(this.pos + 1);
      this.pos += 3;
      return n;
    }
    if (c === code32) {
      this.need(5);
      const n = this.buf.readUInt32BE(this.pos + 1);
      this.pos += 5;
      return n;
    }
    return -1;
  }

  /**
   * Reads the length of a str (or, leniently, bin) item and leaves pos at its first byte;
   * returns -1 (pos unchanged) if the next item is neither.
   */
  rawHeader(): number {
    const c = this.peek();
    if (c >= 0xa0 && c <= 0xbf) {
      this.pos++;
      const short = c & 0x1f;
      this.need(short);
      return short;
    }
    let n: number;
    switch (c) {
      case 0xd9:
      case 0xc4:
        this.need(2);
        n = this.u8[this.pos + 1] as number;
        this.pos += 2;
        break;
      case 0xda:
      case 0xc5:
        this.need(3);
        n = this.buf.readUInt16BE(this.pos + 1);
        this.pos += 3;
        break;
      case 0xdb:
      case 0xc6:
        this.need(5);
        n = this.buf.readUInt32BE(this.pos + 1);
        this.pos += 5;
        break;
      default:
        return -1;
    }
    this.need(n);
    return n;
  }

  /** `len` bytes at pos as UTF-8 text (pos moves past them). */
  utf8(len: number): string {
    const start = this.pos;
    this.pos += len;
    if (len < 24) {
      const u8 = this.u8;
      let s = "";
      for (let i = start; i < start + len; i++) {
        const c = u8[i] as number;
        if (c >= 0x80) return this.buf.toString("utf8", start, start + len);
        s += String.fromCharCode(c);
      }
      return s;
    }
    return this.buf.toString("utf8", start, start + len);
  }

  /** Reads a str/bin item as text, or returns undefined (pos unchanged) for anything else. */
  tryString(): string | undefined {
    const len = this.rawHeader();
    if (len < 0) return undefined;
    return this.utf8(len);
  }

  /** True if the next `bytes.length` bytes equal `bytes` (nothing consumed). */
  startsWith(bytes: Buffer): boolean {
    const len = bytes.length;
    if (this.pos + len > this.end) return false;
    const u8 = this.u8;
    for (let j = 0; j < len; j++) if (u8[this.pos + j] !== bytes[j]) return false;
    return true;
  }

  /** Reads a number in any int/uint width, float32/64, or as decimal text (Terraform writes all three). */
  number(): TfNumber {
    const c = this.peek();
    if (c <= 0x7f) {
      this.pos++;
      return numberFromSafeInteger(c);
    }
    if (c >= 0xe0) {
      this.pos++;
      return numberFromSafeInteger(c - 0x100);
    }
    const b = this.buf;
    const p = this.pos + 1;
    switch (c) {
      case 0xcc:
        this.need(2);
        this.pos += 2;
        return numberFromSafeInteger(b[p] as number);
      case 0xcd:
        this.need(3);
        this.pos += 3;
        return numberFromSafeInteger(b.readUInt16BE(p));
      case 0xce:
        this.need(5);
        this.pos += 5;
        return numberFromSafeInteger(b.readUInt32BE(p));
      case 0xcf:
        this.need(9);
        this.pos += 9;
        return numberFromBigInt(b.readBigUInt64BE(p));
      case 0xd0:
        this.need(2);
        this.pos += 2;
        return numberFromSafeInteger(b.readInt8(p));
      case 0xd1:
        this.need(3);
        this.pos += 3;
        return numberFromSafeInteger(b.readInt16BE(p));
      case 0xd2:
        this.need(5);
        this.pos += 5;
        return numberFromSafeInteger(b.readInt32BE(p));
      case 0xd3:
        this.need(9);
        this.pos += 9;
        return numberFromBigInt(b.readBigInt64BE(p));
      case 0xca:
      case 0xcb: {
        this.need(c === 0xca ? 5 : 9);
        const d = c === 0xca ? b.readFloatBE(p) : b.readDoubleBE(p);
        this.pos += c === 0xca ? 5 : 9;
        if (Number.isNaN(d)) throw decodeError("number is required, got NaN (Terraform numbers cannot be NaN)");
        return numberFromDouble(d);
      }
    }
    const text = this.tryString();
    if (text === undefined) throw decodeError(`number is required, got ${familyOf(c)}`);
    try {
      return TfNumber.parse(text);
    } catch {
      const shown = text.length > 40 ? text.slice(0, 40) + "…" : text;
      throw decodeError(`number is required, got the string ${JSON.stringify(shown)}`);
    }
  }

  /** Reads a small integer if one is next (refinement keys and lengths), else undefined. */
  trySmallInt(): number | undefined {
    const c = this.peek();
    if (c <= 0x7f || c >= 0xe0 || (c >= 0xcc && c <= 0xd3)) return Number(this.number().text);
    return undefined;
  }

  /** Skips one complete msgpack item of any kind. */
  skip(): void {
    const c = this.peek();
    if (c <= 0x7f || c >= 0xe0 || c === 0xc0 || c === 0xc2 || c === 0xc3) {
      this.pos++;
      return;
    }
    if (c >= 0x80 && c <= 0x8f) {
      this.pos++;
      for (let i = (c & 0x0f) * 2; i > 0; i--) this.skip();
      return;
    }
    if (c >= 0x90 && c <= 0x9f) {
      this.pos++;
      for (let i = c & 0x0f; i > 0; i--) this.skip();
      return;
    }
    const rawLen = this.rawHeader();
    if (rawLen >= 0) {
      this.pos += rawLen;
      return;
    }
    switch (c) {
      case 0xcc:
      case 0xd0:
        this.need(2);
        this.pos += 2;
        return;
      case 0xcd:
      case 0xd1:
        this.need(3);
        this.pos += 3;
        return;
      case 0xce:
      case 0xd2:
      case 0xca:
        this.need(5);
        this.pos += 5;
        return;
      case 0xcf:
      case 0xd3:
      case 0xcb:
        this.need(9);
        this.pos += 9;
        return;
      case 0xdc:
      case 0xdd: {
        const n = this.arrayHeader();
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
      case 0xde:
      case 0xdf: {
        const n = this.mapHeader();
        for (let i = 0; i < n * 2; i++) this.skip();
        return;
      }
    }
    if (isExtCode(c)) {
      this.pos = this.extension(c).payloadEnd;
      return;
    }
    throw decodeError(`invalid msgpack byte 0x${c.toString(16)}`);
  }

  /** Header of the extension at pos (leading byte c): its type byte and payload range. Nothing consumed. */
  extension(c: number): ExtensionBounds {
    const b = this.buf;
    let len: number;
    let header: number;
    if (c >= 0xd4 && c <= 0xd8) {
      len = 1 << (c - 0xd4);
      header = 1;
    } else if (c === 0xc7) {
      this.need(2);
      len = b[this.pos + 1] as number;
      header = 2;
    } else if (c === 0xc8) {
      this.need(3);
      len = b.readUInt16BE(this.pos + 1);
      header = 3;
    } else {
      this.need(5);
      len = b.readUInt32BE(this.pos + 1);
      header = 5;
    }
    this.need(header + 1 + len);
    const payloadStart = this.pos + header + 1;
    return { extType: b.readInt8(this.pos + header), payloadStart, payloadEnd: payloadStart + len };
  }
}
