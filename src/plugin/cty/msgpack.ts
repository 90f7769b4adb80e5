// cty values <-> msgpack, byte-compatible with go-cty (Terraform's own value library, which
// writes and reads every DynamicValue.msgpack field Terraform exchanges with a provider).
//
// A small purpose-built reader/writer instead of @msgpack/msgpack: the generic library turns
// int64/uint64 into doubles or bigints by its own rules, cannot tell us whether a number arrived
// as int, float or str, and would allocate an intermediate JS tree per value. Here the schema type
// drives the walk directly, so decoding produces the Value model in one pass. The byte formats
// live in msgpack-writer.ts and msgpack-reader.ts; this file only decides, from the type, which
// format each value takes.
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
import { DynamicValue, TfNumber, Unknown, isKnownObject, type Value, type ValueObject } from "./value";
import { CtyCodecError, describeValue, withStep } from "./errors";
import { compareUtf8, hasOwn, setOwn } from "./keys";
import { wireFormOf } from "./numbers";
import { objectAttributeNames, typeFromJsonText, typeJsonBytes, typeName } from "./type-json";
import { MsgpackWriter, encodeStandaloneString } from "./msgpack-writer";
import { MsgpackReader, decodeError as fail, familyOf, isExtCode } from "./msgpack-reader";
import { readUnknown } from "./msgpack-refinements";

type ObjectType = Extract<CtyType, { kind: "object" }>;

// Object keys never change for a type: pre-encode "fixstr + name" once per object type. (A cache
// keyed by the immutable type objects, not state an encoding depends on.)
const encodedNames = new WeakMap<ObjectType, Buffer[]>();

function encodedAttributeNames(t: ObjectType): Buffer[] {
  let names = encodedNames.get(t);
  if (names === undefined) {
    names = objectAttributeNames(t).map(encodeStandaloneString);
    encodedNames.set(t, names);
  }
  return names;
}

export interface EncodeOptions {
  /**
   * Write every finite number as decimal text (msgpack str) instead of go-cty's compact int /
   * float64 forms. Terraform decodes a str number exactly as it decodes a number of a JSON state
   * file (cty.ParseNumberVal: a 512-bit big.Float), while an int or float64 becomes a 64- or
   * 53-bit big.Float: equal as a value, but different to the reflect.DeepEqual with which
   * Terraform 1.11 compares refreshed objects to the state file's (see STATE_ENCODING in
   * the framework). ±Infinity is still written as float64.
   */
  numbersAsText?: boolean;
}

// ------------------------------------------------------------------------------------------------
// Encoding

function mismatch(t: CtyType, v: Value | undefined): CtyCodecError {
  return new CtyCodecError("msgpack encode", `expected ${typeName(t)}, got ${describeValue(v)}`);
}

/** One encoding: its writer and options. */
class ValueEncoder {
  constructor(
    private readonly w: MsgpackWriter,
    private readonly numbersAsText: boolean,
  ) {}

  encode(v: Value, t: CtyType): void {
    const w = this.w;
    if (t.kind === "dynamic") {
      this.encodeDynamic(v);
      return;
    }
    if (v === null) {
      w.nil();
      return;
    }
    if (v instanceof Unknown) {
      w.unknown();
      return;
    }
    switch (t.kind) {
      case "string":
        if (typeof v !== "string") throw mismatch(t, v);
        w.string(v);
        return;
      case "number":
        if (!(v instanceof TfNumber)) throw mismatch(t, v);
        this.encodeNumber(v);
        return;
      case "bool":
        if (typeof v !== "boolean") throw mismatch(t, v);
        w.bool(v);
        return;
      case "list":
      case "set": {
        if (!Array.isArray(v)) throw mismatch(t, v);
        const n = v.length;
        w.arrayHeader(n);
        const et = t.element;
        for (let i = 0; i < n; i++) {
          try {
            this.encode(v[i] as Value, et);
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
        w.arrayHeader(ets.length);
        for (let i = 0; i < ets.length; i++) {
          try {
            this.encode(v[i] as Value, ets[i] as CtyType);
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
        w.mapHeader(keys.length);
        const et = t.element;
        for (const k of keys) {
          w.string(k);
          try {
            this.encode(v[k] as Value, et);
          } catch (e) {
            throw withStep(e, { key: k });
          }
        }
        return;
      }
      case "object":
        this.encodeObject(v, t);
        return;
    }
  }

  private encodeObject(v: Value, t: ObjectType): void {
    if (!isKnownObject(v)) throw mismatch(t, v);
    const names = objectAttributeNames(t);
    const encoded = encodedAttributeNames(t);
    const attrs = t.attributes;
    this.w.mapHeader(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      this.w.raw(encoded[i] as Buffer);
      const av = hasOwn(v, name) ? v[name] : undefined;
      try {
        if (av === undefined) throw mismatch(attrs[name] as CtyType, undefined);
        this.encode(av, attrs[name] as CtyType);
      } catch (e) {
        throw withStep(e, { attr: name });
      }
    }
  }

  private encodeNumber(n: TfNumber): void {
    const w = this.w;
    const form = wireFormOf(n);
    if (this.numbersAsText && !(form.form === "double" && !Number.isFinite(form.double))) {
      // ±Infinity stays float64: Go's number parser does not read "Infinity" (and a state file
      // cannot hold an infinity anyway).
      w.string(n.text);
      return;
    }
    switch (form.form) {
      case "int":
        w.int(form.int);
        return;
      case "big":
        w.bigInt64(form.big);
        return;
      case "double":
        w.float64(form.double);
        return;
      case "text":
        w.string(n.text);
        return;
    }
  }

  private encodeDynamic(v: Value): void {
    if (v === null) {
      this.w.nil();
      return;
    }
    if (v instanceof Unknown) {
      this.w.unknown();
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
      this.encodeDynamic(v.value);
      return;
    }
    this.w.arrayHeader(2);
    this.w.bin(typeJsonBytes(v.type));
    this.encode(v.value, v.type);
  }
}

/** msgpack bytes of `value` as the schema type `type` (the DynamicValue.msgpack field). */
export function encodeValue(value: Value, type: CtyType, options?: EncodeOptions): Buffer {
  const writer = new MsgpackWriter();
  new ValueEncoder(writer, options?.numbersAsText === true).encode(value, type);
  return writer.finish();
}

// ------------------------------------------------------------------------------------------------
// Decoding

function decode(r: MsgpackReader, t: CtyType): Value {
  const c = r.peek();
  if (isExtCode(c)) return readUnknown(r, c, t);
  if (t.kind === "dynamic") return decodeDynamic(r, c);
  if (r.tryNil()) return null;
  switch (t.kind) {
    case "string": {
      const s = r.tryString();
      if (s === undefined) throw fail(`string is required, got ${familyOf(c)}`);
      return s;
    }
    case "number":
      return r.number();
    case "bool": {
      const b = r.tryBool();
      if (b === undefined) throw fail(`bool is required, got ${familyOf(c)}`);
      return b;
    }
    case "list":
    case "set": {
      const n = r.arrayHeader();
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
      const n = r.arrayHeader();
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
      const n = r.mapHeader();
      if (n < 0) throw fail(`a map is required, got ${familyOf(c)}`);
      const et = t.element;
      const obj: ValueObject = {};
      for (let i = 0; i < n; i++) {
        const key = r.tryString();
        if (key === undefined) throw fail(`map keys must be strings, got ${familyOf(r.peek())}`);
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

function decodeObject(r: MsgpackReader, t: ObjectType, c: number): ValueObject {
  const start = r.pos;
  const n = r.mapHeader();
  if (n < 0) throw fail(`an object is required, got ${familyOf(c)}`);
  const names = objectAttributeNames(t);
  if (n !== names.length) throw objectShapeError(r, start, t);
  const encoded = encodedAttributeNames(t);
  const attrs = t.attributes;
  const obj: ValueObject = {};
  // Terraform writes attributes sorted, i.e. in exactly our order: compare the raw key bytes
  // with the pre-encoded name first and only decode/look up the key when they differ.
  let inOrder = true;
  for (let i = 0; i < n; i++) {
    let key: string | undefined;
    if (inOrder) {
      const want = encoded[i] as Buffer;
      if (r.startsWith(want)) {
        key = names[i] as string;
        r.pos += want.length;
      } else inOrder = false;
    }
    if (key === undefined) {
      key = r.tryString();
      if (key === undefined) throw fail(`object attribute names must be strings, got ${familyOf(r.peek())}`);
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
function objectShapeError(r: MsgpackReader, start: number, t: ObjectType): CtyCodecError {
  const names = objectAttributeNames(t);
  const seen = new Set<string>();
  const extra: string[] = [];
  const repeated: string[] = [];
  let given = 0;
  try {
    r.pos = start;
    given = r.mapHeader();
    for (let i = 0; i < given; i++) {
      const key = r.tryString();
      if (key === undefined) break;
      if (seen.has(key)) repeated.push(key);
      else if (!hasOwn(t.attributes, key)) extra.push(key);
      seen.add(key);
      r.skip();
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
    `an object with ${names.length} attributes is required (${given} given)` +
      (parts.length > 0 ? `: ${parts.join("; ")}` : ""),
  );
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 10).map((n) => JSON.stringify(n));
  return (names.length === 1 ? "attribute " : "attributes ") + shown.join(", ") + (names.length > 10 ? ", …" : "");
}

function decodeDynamic(r: MsgpackReader, c: number): Value {
  if (r.tryNil()) return null;
  const n = r.arrayHeader();
  if (n !== 2) {
    const got = n < 0 ? familyOf(c) : `${n} elements`;
    throw fail(`a dynamic value must be a 2-element array [type JSON, value], got ${got}`);
  }
  const len = r.rawHeader();
  if (len < 0) throw fail(`the type of a dynamic value must be binary type JSON, got ${familyOf(r.peek())}`);
  const typeText = r.utf8(len);
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
  const r = new MsgpackReader(bytes, 0, bytes.length);
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
