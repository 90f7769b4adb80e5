// cty values <-> msgpack, byte-compatible with go-cty (protocol reference §3.3).
//
// A small purpose-built reader/writer instead of @msgpack/msgpack: the generic library turns
// int64/uint64 into doubles or bigints by its own rules, cannot tell us whether a number arrived
// as int, float or str, and would allocate an intermediate JS tree per value. Here the schema type
// drives the walk directly, so decoding produces the Value model in one pass.
//
// Encoding rules (go-cty's marshaller):
//   * objects are maps holding every attribute of the type, keys sorted (extra JS properties on
//     the value are ignored; a missing one is an error — Terraform rejects objects without it);
//   * map keys sorted by UTF-8 bytes, as Terraform writes them;
//   * null is c0; every unknown is exactly d4 00 00 — refinements are deliberately dropped (they
//     are optional, and a wrong one is a hard error in Terraform);
//   * numbers: int64-range integers as the most compact int (non-negative ones in the uint
//     family), values a double holds exactly as float64 (1.5, 2^70, ±Infinity), anything else as
//     decimal text (0.1, 2^64+1); see numbers.ts. With `numbersAsText` every finite number is
//     decimal text (what the framework sends for resource state; see EncodeOptions);
//   * dynamic: [bin(type JSON), value] for a DynamicValue, bare c0 / d4 00 00 for null / unknown.
//
// Decoding accepts every int/uint width, float32/float64, numbers as str, str or bin for strings
// and for the dynamic type JSON, every extension form as unknown, and parses refinements
// (ext 12) into Unknown.refinements, skipping keys it does not know. Sets are not de-duplicated
// (Terraform never sends duplicates); element order is kept.

import type { CtyType } from "./types";
import { DynamicValue, TfNumber, UNKNOWN, Unknown, isKnownObject, type Refinements, type Value, type ValueObject } from "./value";
import { CtyCodecError, describeValue, withStep } from "./errors";
import { compareUtf8, hasOwn, setOwn } from "./keys";
import { numberFromBigInt, numberFromDouble, numberFromSafeInteger, wireFormOf } from "./numbers";
import { objectAttributeNames, typeFromJsonText, typeJsonBytes, typeName } from "./type-json";

type ObjectType = Extract<CtyType, { kind: "object" }>;

// ------------------------------------------------------------------------------------------------
// Writer: one growable scratch buffer reused by every call (encoding is synchronous), copied out
// at the end so callers own their bytes.

const INITIAL_SCRATCH = 16 * 1024;
let out = Buffer.allocUnsafe(INITIAL_SCRATCH);
let pos = 0;

function ensure(n: number): void {
  if (pos + n > out.length) grow(pos + n);
}

function grow(min: number): void {
  let size = out.length * 2;
  while (size < min) size *= 2;
  const next = Buffer.allocUnsafe(size);
  out.copy(next, 0, 0, pos);
  out = next;
}

function writeByte(b: number): void {
  ensure(1);
  out[pos++] = b;
}

function writeUnknown(): void {
  ensure(3);
  out[pos++] = 0xd4;
  out[pos++] = 0x00;
  out[pos++] = 0x00;
}

function writeArrayHeader(n: number): void {
  ensure(5);
  if (n < 16) out[pos++] = 0x90 | n;
  else if (n < 0x10000) {
    out[pos++] = 0xdc;
    out.writeUInt16BE(n, pos);
    pos += 2;
  } else {
    out[pos++] = 0xdd;
    out.writeUInt32BE(n, pos);
    pos += 4;
  }
}

function writeMapHeader(n: number): void {
  ensure(5);
  if (n < 16) out[pos++] = 0x80 | n;
  else if (n < 0x10000) {
    out[pos++] = 0xde;
    out.writeUInt16BE(n, pos);
    pos += 2;
  } else {
    out[pos++] = 0xdf;
    out.writeUInt32BE(n, pos);
    pos += 4;
  }
}

function writeStrHeader(len: number): void {
  if (len < 32) out[pos++] = 0xa0 | len;
  else if (len < 0x100) {
    out[pos++] = 0xd9;
    out[pos++] = len;
  } else if (len < 0x10000) {
    out[pos++] = 0xda;
    out.writeUInt16BE(len, pos);
    pos += 2;
  } else {
    out[pos++] = 0xdb;
    out.writeUInt32BE(len, pos);
    pos += 4;
  }
}

function writeString(s: string): void {
  const len = s.length;
  ensure(5 + len * 3);
  if (len < 32) {
    // short strings (attribute names, most values): try the ASCII fast path in place
    const start = pos + 1;
    let i = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      out[start + i] = c;
    }
    if (i === len) {
      out[pos] = 0xa0 | len;
      pos = start + len;
      return;
    }
  }
  const byteLen = Buffer.byteLength(s, "utf8");
  writeStrHeader(byteLen);
  pos += out.write(s, pos, byteLen, "utf8");
}

function writeBin(b: Uint8Array): void {
  const len = b.length;
  ensure(5 + len);
  if (len < 0x100) {
    out[pos++] = 0xc4;
    out[pos++] = len;
  } else if (len < 0x10000) {
    out[pos++] = 0xc5;
    out.writeUInt16BE(len, pos);
    pos += 2;
  } else {
    out[pos++] = 0xc6;
    out.writeUInt32BE(len, pos);
    pos += 4;
  }
  out.set(b, pos);
  pos += len;
}

/** Most compact int encoding for a safe integer (go's EncodeInt with compact encoding). */
function writeInt(v: number): void {
  ensure(9);
  if (v >= 0) {
    if (v < 0x80) out[pos++] = v;
    else if (v < 0x100) {
      out[pos++] = 0xcc;
      out[pos++] = v;
    } else if (v < 0x10000) {
      out[pos++] = 0xcd;
      out.writeUInt16BE(v, pos);
      pos += 2;
    } else if (v < 0x100000000) {
      out[pos++] = 0xce;
      out.writeUInt32BE(v, pos);
      pos += 4;
    } else {
      out[pos++] = 0xcf;
      out.writeUInt32BE(Math.floor(v / 0x100000000), pos);
      out.writeUInt32BE(v % 0x100000000, pos + 4);
      pos += 8;
    }
  } else if (v >= -32) {
    out[pos++] = v & 0xff;
  } else if (v >= -0x80) {
    out[pos++] = 0xd0;
    out.writeInt8(v, pos);
    pos += 1;
  } else if (v >= -0x8000) {
    out[pos++] = 0xd1;
    out.writeInt16BE(v, pos);
    pos += 2;
  } else if (v >= -0x80000000) {
    out[pos++] = 0xd2;
    out.writeInt32BE(v, pos);
    pos += 4;
  } else {
    out[pos++] = 0xd3;
    out.writeBigInt64BE(BigInt(v), pos);
    pos += 8;
  }
}

/** An int64-range integer outside the safe range: always 8 bytes. */
function writeBigInt64(b: bigint): void {
  ensure(9);
  if (b >= 0n) {
    out[pos++] = 0xcf;
    out.writeBigUInt64BE(b, pos);
  } else {
    out[pos++] = 0xd3;
    out.writeBigInt64BE(b, pos);
  }
  pos += 8;
}

function writeDouble(d: number): void {
  ensure(9);
  out[pos++] = 0xcb;
  out.writeDoubleBE(d, pos);
  pos += 8;
}

/** Set for the duration of one encodeValue call (encoding is synchronous). */
let numbersAsText = false;

function writeNumber(n: TfNumber): void {
  const w = wireFormOf(n);
  if (numbersAsText && !(w.form === "double" && !Number.isFinite(w.double))) {
    // ±Infinity stays float64: Go's number parser does not read "Infinity" (and a state file
    // cannot hold an infinity anyway).
    writeString(n.text);
    return;
  }
  switch (w.form) {
    case "int":
      writeInt(w.int);
      return;
    case "big":
      writeBigInt64(w.big);
      return;
    case "double":
      writeDouble(w.double);
      return;
    case "text":
      writeString(n.text);
      return;
  }
}

// Object keys never change for a type: pre-encode "fixstr + name" once per object type.
const encodedNames = new WeakMap<ObjectType, Buffer[]>();

function encodedAttributeNames(t: ObjectType): Buffer[] {
  let names = encodedNames.get(t);
  if (names === undefined) {
    names = objectAttributeNames(t).map(encodeStandaloneString);
    encodedNames.set(t, names);
  }
  return names;
}

function encodeStandaloneString(s: string): Buffer {
  const body = Buffer.from(s, "utf8");
  const n = body.length;
  let header: number[];
  if (n < 32) header = [0xa0 | n];
  else if (n < 0x100) header = [0xd9, n];
  else if (n < 0x10000) header = [0xda, n >> 8, n & 0xff];
  else header = [0xdb, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from(header), body]);
}

function mismatch(t: CtyType, v: Value | undefined): CtyCodecError {
  return new CtyCodecError("msgpack encode", `expected ${typeName(t)}, got ${describeValue(v)}`);
}

function encode(v: Value, t: CtyType): void {
  if (t.kind === "dynamic") {
    encodeDynamic(v);
    return;
  }
  if (v === null) {
    writeByte(0xc0);
    return;
  }
  if (v instanceof Unknown) {
    writeUnknown();
    return;
  }
  switch (t.kind) {
    case "string":
      if (typeof v !== "string") throw mismatch(t, v);
      writeString(v);
      return;
    case "number":
      if (!(v instanceof TfNumber)) throw mismatch(t, v);
      writeNumber(v);
      return;
    case "bool":
      if (typeof v !== "boolean") throw mismatch(t, v);
      writeByte(v ? 0xc3 : 0xc2);
      return;
    case "list":
    case "set": {
      if (!Array.isArray(v)) throw mismatch(t, v);
      const n = v.length;
      writeArrayHeader(n);
      const et = t.element;
      for (let i = 0; i < n; i++) {
        try {
          encode(v[i] as Value, et);
        } catch (e) {
          throw withStep(e, { index: i });
        }
      }
      return;
    }
    case "tuple": {
      if (!Array.isArray(v)) throw mismatch(t, v);
      const ets = t.elements;
      if (v.length !== ets.length) {
        throw new CtyCodecError("msgpack encode", `expected a tuple of ${ets.length} elements, got ${v.length}`);
      }
      writeArrayHeader(ets.length);
      for (let i = 0; i < ets.length; i++) {
        try {
          encode(v[i] as Value, ets[i] as CtyType);
        } catch (e) {
          throw withStep(e, { index: i });
        }
      }
      return;
    }
    case "map": {
      if (!isKnownObject(v)) throw mismatch(t, v);
      const keys = Object.keys(v);
      if (keys.length > 1) keys.sort(compareUtf8);
      writeMapHeader(keys.length);
      const et = t.element;
      for (const k of keys) {
        writeString(k);
        try {
          encode(v[k] as Value, et);
        } catch (e) {
          throw withStep(e, { key: k });
        }
      }
      return;
    }
    case "object": {
      if (!isKnownObject(v)) throw mismatch(t, v);
      const names = objectAttributeNames(t);
      const encoded = encodedAttributeNames(t);
      const attrs = t.attributes;
      writeMapHeader(names.length);
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        const key = encoded[i] as Buffer;
        ensure(key.length);
        key.copy(out, pos);
        pos += key.length;
        const av = hasOwn(v, name) ? v[name] : undefined;
        try {
          if (av === undefined) throw mismatch(attrs[name] as CtyType, undefined);
          encode(av, attrs[name] as CtyType);
        } catch (e) {
          throw withStep(e, { attr: name });
        }
      }
      return;
    }
  }
}

function encodeDynamic(v: Value): void {
  if (v === null) {
    writeByte(0xc0);
    return;
  }
  if (v instanceof Unknown) {
    writeUnknown();
    return;
  }
  if (!(v instanceof DynamicValue)) {
    throw new CtyCodecError(
      "msgpack encode",
      `a dynamic attribute needs a DynamicValue (value plus its concrete type), got ${describeValue(v)}`,
    );
  }
  if (v.type.kind === "dynamic") {
    // a value whose concrete type is itself "dynamic" can only be null/unknown: no wrapper
    encodeDynamic(v.value);
    return;
  }
  writeByte(0x92);
  writeBin(typeJsonBytes(v.type));
  encode(v.value, v.type);
}

export interface EncodeOptions {
  /**
   * Write every finite number as decimal text (msgpack str) instead of go-cty's compact int /
   * float64 forms. Terraform decodes a str number exactly as it decodes a number of a JSON state
   * file (cty.ParseNumberVal: a 512-bit big.Float), while an int or float64 becomes a 64- or
   * 53-bit big.Float: equal as a value, but different to the reflect.DeepEqual with which
   * Terraform 1.11 compares refreshed objects to the state file's (see STATE_ENCODING in
   * framework/server.ts). ±Infinity is still written as float64.
   */
  numbersAsText?: boolean;
}

/** msgpack bytes of `value` as the schema type `type` (the DynamicValue.msgpack field). */
export function encodeValue(value: Value, type: CtyType, options?: EncodeOptions): Buffer {
  pos = 0;
  numbersAsText = options?.numbersAsText === true;
  try {
    encode(value, type);
    return Buffer.from(out.subarray(0, pos));
  } finally {
    pos = 0;
    numbersAsText = false;
    // a one-off giant value should not pin a giant scratch buffer
    if (out.length > 4 * 1024 * 1024) out = Buffer.allocUnsafe(INITIAL_SCRATCH);
  }
}

// ------------------------------------------------------------------------------------------------
// Reader

class Reader {
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
}

function fail(reason: string): CtyCodecError {
  return new CtyCodecError("msgpack decode", reason);
}

function need(r: Reader, n: number): void {
  if (r.pos + n > r.end) throw fail("unexpected end of data");
}

function peek(r: Reader): number {
  if (r.pos >= r.end) throw fail("unexpected end of data");
  return r.u8[r.pos] as number;
}

function isExtCode(c: number): boolean {
  return (c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9);
}

/** Names the msgpack family of a leading byte, for error messages. */
function familyOf(c: number): string {
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

/** Reads an array header; returns -1 if the next item is not an array. */
function readArrayHeader(r: Reader): number {
  const n = readContainerHeader(r, 0x90, 0xdc, 0xdd);
  // every element takes at least one byte: a larger count is corrupt, and must not allocate
  if (n > (r.end - r.pos)) throw fail(`unexpected end of data (header announces ${n} elements)`);
  return n;
}

/**
 * Arrays and maps share one header layout (fix form with the count in the low nibble, then 16-
 * and 32-bit counts); only the type bytes differ. Returns -1 if the next item is not that kind.
 */
function readContainerHeader(r: Reader, fixBase: number, code16: number, code32: number): number {
  const c = peek(r);
  if (c >= fixBase && c <= fixBase + 0x0f) {
    r.pos++;
    return c & 0x0f;
  }
  if (c === code16) {
    need(r, 3);
    const n = r.buf.readUInt16BE(r.pos + 1);
    r.pos += 3;
    return n;
  }
  if (c === code32) {
    need(r, 5);
    const n = r.buf.readUInt32BE(r.pos + 1);
    r.pos += 5;
    return n;
  }
  return -1;
}

function readMapHeader(r: Reader): number {
  const n = readContainerHeader(r, 0x80, 0xde, 0xdf);
  // every element takes at least one byte: a larger count is corrupt, and must not allocate
  if (n > (r.end - r.pos) / 2) throw fail(`unexpected end of data (header announces ${n} entries)`);
  return n;
}

/**
 * Reads the length of a str (or, leniently, bin) item and leaves pos at its first byte;
 * returns -1 (pos unchanged) if the next item is neither.
 */
function readRawHeader(r: Reader): number {
  const c = peek(r);
  if (c >= 0xa0 && c <= 0xbf) {
    r.pos++;
    const short = c & 0x1f;
    need(r, short);
    return short;
  }
  let n: number;
  switch (c) {
    case 0xd9:
    case 0xc4:
      need(r, 2);
      n = r.u8[r.pos + 1] as number;
      r.pos += 2;
      break;
    case 0xda:
    case 0xc5:
      need(r, 3);
      n = r.buf.readUInt16BE(r.pos + 1);
      r.pos += 3;
      break;
    case 0xdb:
    case 0xc6:
      need(r, 5);
      n = r.buf.readUInt32BE(r.pos + 1);
      r.pos += 5;
      break;
    default:
      return -1;
  }
  need(r, n);
  return n;
}

function readUtf8(r: Reader, len: number): string {
  const start = r.pos;
  r.pos += len;
  if (len < 24) {
    const u8 = r.u8;
    let s = "";
    for (let i = start; i < start + len; i++) {
      const c = u8[i] as number;
      if (c >= 0x80) return r.buf.toString("utf8", start, start + len);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return r.buf.toString("utf8", start, start + len);
}

/** Reads a str/bin item as text, or returns undefined (pos unchanged) for anything else. */
function tryReadString(r: Reader): string | undefined {
  const len = readRawHeader(r);
  if (len < 0) return undefined;
  return readUtf8(r, len);
}

function readNumber(r: Reader): TfNumber {
  const c = peek(r);
  if (c <= 0x7f) {
    r.pos++;
    return numberFromSafeInteger(c);
  }
  if (c >= 0xe0) {
    r.pos++;
    return numberFromSafeInteger(c - 0x100);
  }
  const b = r.buf;
  const p = r.pos + 1;
  switch (c) {
    case 0xcc:
      need(r, 2);
      r.pos += 2;
      return numberFromSafeInteger(b[p] as number);
    case 0xcd:
      need(r, 3);
      r.pos += 3;
      return numberFromSafeInteger(b.readUInt16BE(p));
    case 0xce:
      need(r, 5);
      r.pos += 5;
      return numberFromSafeInteger(b.readUInt32BE(p));
    case 0xcf:
      need(r, 9);
      r.pos += 9;
      return numberFromBigInt(b.readBigUInt64BE(p));
    case 0xd0:
      need(r, 2);
      r.pos += 2;
      return numberFromSafeInteger(b.readInt8(p));
    case 0xd1:
      need(r, 3);
      r.pos += 3;
      return numberFromSafeInteger(b.readInt16BE(p));
    case 0xd2:
      need(r, 5);
      r.pos += 5;
      return numberFromSafeInteger(b.readInt32BE(p));
    case 0xd3:
      need(r, 9);
      r.pos += 9;
      return numberFromBigInt(b.readBigInt64BE(p));
    case 0xca:
    case 0xcb: {
      need(r, c === 0xca ? 5 : 9);
      const d = c === 0xca ? b.readFloatBE(p) : b.readDoubleBE(p);
      r.pos += c === 0xca ? 5 : 9;
      if (Number.isNaN(d)) throw fail("number is required, got NaN (Terraform numbers cannot be NaN)");
      return numberFromDouble(d);
    }
  }
  const text = tryReadString(r);
  if (text === undefined) throw fail(`number is required, got ${familyOf(c)}`);
  try {
    return TfNumber.parse(text);
  } catch {
    throw fail(`number is required, got the string ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text)}`);
  }
}

/** Skips one complete msgpack item of any kind. */
function skip(r: Reader): void {
  const c = peek(r);
  if (c <= 0x7f || c >= 0xe0 || c === 0xc0 || c === 0xc2 || c === 0xc3) {
    r.pos++;
    return;
  }
  if (c >= 0x80 && c <= 0x8f) {
    r.pos++;
    for (let i = (c & 0x0f) * 2; i > 0; i--) skip(r);
    return;
  }
  if (c >= 0x90 && c <= 0x9f) {
    r.pos++;
    for (let i = c & 0x0f; i > 0; i--) skip(r);
    return;
  }
  const rawLen = readRawHeader(r);
  if (rawLen >= 0) {
    r.pos += rawLen;
    return;
  }
  switch (c) {
    case 0xcc:
    case 0xd0:
      need(r, 2);
      r.pos += 2;
      return;
    case 0xcd:
    case 0xd1:
      need(r, 3);
      r.pos += 3;
      return;
    case 0xce:
    case 0xd2:
    case 0xca:
      need(r, 5);
      r.pos += 5;
      return;
    case 0xcf:
    case 0xd3:
    case 0xcb:
      need(r, 9);
      r.pos += 9;
      return;
    case 0xdc:
    case 0xdd: {
      const n = readArrayHeader(r);
      for (let i = 0; i < n; i++) skip(r);
      return;
    }
    case 0xde:
    case 0xdf: {
      const n = readMapHeader(r);
      for (let i = 0; i < n * 2; i++) skip(r);
      return;
    }
  }
  if (isExtCode(c)) {
    r.pos = extBounds(r, c).payloadEnd;
    return;
  }
  throw fail(`invalid msgpack byte 0x${c.toString(16)}`);
}

/** Header of an extension at r.pos (code c): its type byte and payload range. */
function extBounds(r: Reader, c: number): { extType: number; payloadStart: number; payloadEnd: number } {
  const b = r.buf;
  let len: number;
  let header: number;
  if (c >= 0xd4 && c <= 0xd8) {
    len = 1 << (c - 0xd4);
    header = 1;
  } else if (c === 0xc7) {
    need(r, 2);
    len = b[r.pos + 1] as number;
    header = 2;
  } else if (c === 0xc8) {
    need(r, 3);
    len = b.readUInt16BE(r.pos + 1);
    header = 3;
  } else {
    need(r, 5);
    len = b.readUInt32BE(r.pos + 1);
    header = 5;
  }
  need(r, header + 1 + len);
  const payloadStart = r.pos + header + 1;
  return { extType: b.readInt8(r.pos + header), payloadStart, payloadEnd: payloadStart + len };
}

const REFINEMENT_EXT = 12;

function readUnknown(r: Reader, c: number, t: CtyType): Unknown {
  const { extType, payloadStart, payloadEnd } = extBounds(r, c);
  r.pos = payloadEnd;
  if (extType !== REFINEMENT_EXT || payloadEnd === payloadStart) return UNKNOWN;
  // Refinements are advisory: a payload we cannot make sense of still means "unknown".
  try {
    return parseRefinements(new Reader(r.u8, payloadStart, payloadEnd), t);
  } catch {
    return UNKNOWN;
  }
}

function readSmallInt(r: Reader): number | undefined {
  const c = peek(r);
  if (c <= 0x7f || c >= 0xe0 || (c >= 0xcc && c <= 0xd3)) return Number(readNumber(r).text);
  return undefined;
}

function readBound(r: Reader): { value: TfNumber; inclusive: boolean } | undefined {
  if (readArrayHeader(r) !== 2) return undefined;
  const value = readNumber(r);
  const c = peek(r);
  if (c !== 0xc2 && c !== 0xc3) return undefined;
  r.pos++;
  return { value, inclusive: c === 0xc3 };
}

function parseRefinements(r: Reader, t: CtyType): Unknown {
  const n = readMapHeader(r);
  if (n < 0) return UNKNOWN;
  const ref: Refinements = {};
  let any = false;
  const kind = t.kind;
  const isCollection = kind === "list" || kind === "set" || kind === "map";
  for (let i = 0; i < n; i++) {
    const key = readSmallInt(r);
    if (key === undefined) return UNKNOWN;
    const c = peek(r);
    switch (key) {
      case 1:
        if (c === 0xc2 || c === 0xc3) {
          r.pos++;
          // key 1 is "is null": false means definitely not null; true is meaningless for us
          if (c === 0xc2) {
            ref.notNull = true;
            any = true;
          }
          continue;
        }
        break;
      case 2:
        if (kind === "string") {
          const s = tryReadString(r);
          if (s === undefined) return UNKNOWN;
          ref.stringPrefix = s;
          any = true;
          continue;
        }
        break;
      case 3:
      case 4:
        if (kind === "number") {
          const bound = readBound(r);
          if (bound === undefined) return UNKNOWN;
          if (key === 3) ref.numberLower = bound;
          else ref.numberUpper = bound;
          any = true;
          continue;
        }
        break;
      case 5:
      case 6:
        if (isCollection) {
          const len = readSmallInt(r);
          if (len === undefined) return UNKNOWN;
          if (key === 5) ref.lengthLower = len;
          else ref.lengthUpper = len;
          any = true;
          continue;
        }
        break;
    }
    // unknown key, or one that does not apply to this type: skip its value
    skip(r);
  }
  return any ? new Unknown(Object.freeze(ref)) : UNKNOWN;
}

function decode(r: Reader, t: CtyType): Value {
  const c = peek(r);
  if (isExtCode(c)) return readUnknown(r, c, t);
  if (t.kind === "dynamic") return decodeDynamic(r, c);
  if (c === 0xc0) {
    r.pos++;
    return null;
  }
  switch (t.kind) {
    case "string": {
      const s = tryReadString(r);
      if (s === undefined) throw fail(`string is required, got ${familyOf(c)}`);
      return s;
    }
    case "number":
      return readNumber(r);
    case "bool":
      if (c === 0xc2 || c === 0xc3) {
        r.pos++;
        return c === 0xc3;
      }
      throw fail(`bool is required, got ${familyOf(c)}`);
    case "list":
    case "set": {
      const n = readArrayHeader(r);
      if (n < 0) throw fail(`${t.kind === "list" ? "a list" : "a set"} is required, got ${familyOf(c)}`);
      const et = t.element;
      const arr: Value[] = new Array(n);
      for (let i = 0; i < n; i++) {
        try {
          arr[i] = decode(r, et);
        } catch (e) {
          throw withStep(e, { index: i });
        }
      }
      return arr;
    }
    case "tuple": {
      const n = readArrayHeader(r);
      if (n < 0) throw fail(`a tuple is required, got ${familyOf(c)}`);
      const ets = t.elements;
      if (n !== ets.length) throw fail(`a tuple of ${ets.length} elements is required (${n} given)`);
      const arr: Value[] = new Array(n);
      for (let i = 0; i < n; i++) {
        try {
          arr[i] = decode(r, ets[i] as CtyType);
        } catch (e) {
          throw withStep(e, { index: i });
        }
      }
      return arr;
    }
    case "map": {
      const n = readMapHeader(r);
      if (n < 0) throw fail(`a map is required, got ${familyOf(c)}`);
      const et = t.element;
      const obj: ValueObject = {};
      for (let i = 0; i < n; i++) {
        const key = tryReadString(r);
        if (key === undefined) throw fail(`map keys must be strings, got ${familyOf(peek(r))}`);
        try {
          setOwn(obj, key, decode(r, et));
        } catch (e) {
          throw withStep(e, { key });
        }
      }
      return obj;
    }
    case "object":
      return decodeObject(r, t, c);
  }
}

function decodeObject(r: Reader, t: ObjectType, c: number): ValueObject {
  const start = r.pos;
  const n = readMapHeader(r);
  if (n < 0) throw fail(`an object is required, got ${familyOf(c)}`);
  const names = objectAttributeNames(t);
  if (n !== names.length) throw objectShapeError(r, start, t);
  const encoded = encodedAttributeNames(t);
  const attrs = t.attributes;
  const u8 = r.u8;
  const obj: ValueObject = {};
  // Terraform writes attributes sorted, i.e. in exactly our order: compare the raw key bytes
  // with the pre-encoded name first and only decode/look up the key when they differ.
  let inOrder = true;
  for (let i = 0; i < n; i++) {
    let key: string | undefined;
    if (inOrder) {
      const want = encoded[i] as Buffer;
      const len = want.length;
      let same = r.pos + len <= r.end;
      for (let j = 0; same && j < len; j++) same = u8[r.pos + j] === want[j];
      if (same) {
        key = names[i] as string;
        r.pos += len;
      } else inOrder = false;
    }
    if (key === undefined) {
      key = tryReadString(r);
      if (key === undefined) throw fail(`object attribute names must be strings, got ${familyOf(peek(r))}`);
      if (!hasOwn(attrs, key) || hasOwn(obj, key)) throw objectShapeError(r, start, t);
    }
    try {
      setOwn(obj, key, decode(r, attrs[key] as CtyType));
    } catch (e) {
      throw withStep(e, { attr: key });
    }
  }
  return obj;
}

/** Re-reads an object's keys to say exactly which attributes are missing, extra or repeated. */
function objectShapeError(r: Reader, start: number, t: ObjectType): CtyCodecError {
  const names = objectAttributeNames(t);
  const seen = new Set<string>();
  const extra: string[] = [];
  const repeated: string[] = [];
  let given = 0;
  try {
    r.pos = start;
    given = readMapHeader(r);
    for (let i = 0; i < given; i++) {
      const key = tryReadString(r);
      if (key === undefined) break;
      if (seen.has(key)) repeated.push(key);
      else if (!hasOwn(t.attributes, key)) extra.push(key);
      seen.add(key);
      skip(r);
    }
  } catch {
    // report what we have
  }
  const missing = names.filter((n) => !seen.has(n));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${quoteList(missing)}`);
  if (extra.length > 0) parts.push(`unsupported ${quoteList(extra)}`);
  if (repeated.length > 0) parts.push(`repeated ${quoteList(repeated)}`);
  return fail(
    `an object with ${names.length} attributes is required (${given} given)` + (parts.length > 0 ? `: ${parts.join("; ")}` : ""),
  );
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 10).map((n) => JSON.stringify(n));
  return (names.length === 1 ? "attribute " : "attributes ") + shown.join(", ") + (names.length > 10 ? ", …" : "");
}

function decodeDynamic(r: Reader, c: number): Value {
  if (c === 0xc0) {
    r.pos++;
    return null;
  }
  const n = readArrayHeader(r);
  if (n !== 2) {
    throw fail(`a dynamic value must be a 2-element array [type JSON, value], got ${n < 0 ? familyOf(c) : `${n} elements`}`);
  }
  const len = readRawHeader(r);
  if (len < 0) throw fail(`the type of a dynamic value must be binary type JSON, got ${familyOf(peek(r))}`);
  const typeText = readUtf8(r, len);
  let ty: CtyType;
  try {
    ty = typeFromJsonText(typeText);
  } catch (e) {
    throw fail(`the type of a dynamic value is invalid: ${(e as Error).message}`);
  }
  const v = decode(r, ty);
  return ty.kind === "dynamic" ? v : new DynamicValue(ty, v);
}

/** Decodes DynamicValue.msgpack bytes as the schema type `type`. Throws CtyCodecError. */
export function decodeValue(bytes: Uint8Array, type: CtyType): Value {
  if (bytes.length === 0) throw fail("no data (an empty msgpack field is not a value)");
  const r = new Reader(bytes, 0, bytes.length);
  let v: Value;
  try {
    v = decode(r, type);
  } catch (e) {
    // only absurd nesting inside a dynamic value can exhaust the stack; report it as bad data
    if (e instanceof RangeError) throw fail(`value too deeply nested or malformed (${e.message})`);
    throw e;
  }
  if (r.pos !== r.end) throw fail(`${r.end - r.pos} unexpected trailing bytes after the value`);
  return v;
}
