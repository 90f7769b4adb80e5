// cty values <-> JSON (docs/design/plugin-protocol.md, "Values on the wire"): RawState.json,
// DynamicValue.json, identity JSON.
//
// JSON numbers are arbitrary-length decimal text, so JSON.parse (doubles) is never used for values:
// a small type-directed parser reads the text directly into the Value model, keeping numbers as
// their exact text. A dynamic value is `{"value": V, "type": T}` and Terraform writes "value"
// first, so the parser skips over V, reads T, then parses V's text span with T.
//
// Decoding is lenient in the ways terraform-plugin-go is for legacy state: a number given as a
// JSON string, a string given as a JSON number or bool, and a bool given as "true"/"false"/"1"/"0"
// are accepted. Missing object attributes decode as null. Attributes the type does not have are an
// error unless `ignoreUnknownAttributes` (what RawState needs after a schema change).

import type { CtyType } from "./types";
import { DynamicValue, TfNumber, Unknown, isKnownObject, type Value, type ValueObject } from "./value";
import { CtyCodecError, describeValue, withStep, type CodecPathStep } from "./errors";
import { compareUtf8, hasOwn, setOwn } from "./keys";
import { objectAttributeNames, typeFromJsonText, typeJsonText, typeName } from "./type-json";

export interface JsonDecodeOptions {
  /** drop object attributes the type does not define instead of failing (RawState upgrades) */
  ignoreUnknownAttributes?: boolean;
}

type ObjectType = Extract<CtyType, { kind: "object" }>;

class Parser {
  pos = 0;
  constructor(
    readonly s: string,
    readonly ignoreUnknown: boolean,
  ) {}
}

function fail(reason: string): CtyCodecError {
  return new CtyCodecError("JSON decode", reason);
}

function syntax(p: Parser, what: string): CtyCodecError {
  const near = p.pos < p.s.length ? `near ${JSON.stringify(p.s.slice(p.pos, p.pos + 12))}` : "at end of input";
  return fail(`invalid JSON: ${what} at offset ${p.pos} (${near})`);
}

function ws(p: Parser): void {
  const s = p.s;
  let i = p.pos;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else break;
  }
  p.pos = i;
}

/** Next significant character code (after whitespace), or NaN at end. */
function peekChar(p: Parser): number {
  ws(p);
  return p.s.charCodeAt(p.pos);
}

function expectChar(p: Parser, code: number): void {
  if (peekChar(p) !== code) throw syntax(p, `expected '${String.fromCharCode(code)}'`);
  p.pos++;
}

function readLiteral(p: Parser, word: string): void {
  if (!p.s.startsWith(word, p.pos)) throw syntax(p, "unexpected token");
  p.pos += word.length;
}

function readString(p: Parser): string {
  const s = p.s;
  // caller has checked the opening quote
  let i = p.pos + 1;
  const start = i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      p.pos = i + 1;
      return s.slice(start, i);
    }
    if (c === 0x5c) break;
    if (c < 0x20 || Number.isNaN(c)) {
      p.pos = i;
      throw syntax(p, Number.isNaN(c) ? "unterminated string" : "control character in string");
    }
    i++;
  }
  // slow path with escapes
  let out = s.slice(start, i);
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      p.pos = i + 1;
      return out;
    }
    if (Number.isNaN(c) || c < 0x20) {
      p.pos = i;
      throw syntax(p, Number.isNaN(c) ? "unterminated string" : "control character in string");
    }
    if (c !== 0x5c) {
      out += s[i];
      i++;
      continue;
    }
    const e = s[i + 1];
    switch (e) {
      case '"':
        out += '"';
        break;
      case "\\":
        out += "\\";
        break;
      case "/":
        out += "/";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "u": {
        const h = s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) {
          p.pos = i;
          throw syntax(p, "invalid \\u escape");
        }
        out += String.fromCharCode(parseInt(h, 16));
        i += 6;
        continue;
      }
      default:
        p.pos = i;
        throw syntax(p, "invalid escape");
    }
    i += 2;
  }
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function readNumberText(p: Parser): string {
  NUMBER_RE.lastIndex = p.pos;
  const m = NUMBER_RE.exec(p.s);
  if (m === null) throw syntax(p, "invalid number");
  p.pos += m[0].length;
  return m[0];
}

function parseNumberText(text: string): TfNumber {
  try {
    return TfNumber.parse(text);
  } catch {
    throw fail(`number is required, got ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text)}`);
  }
}

/** Skips one JSON value (validating its syntax). */
function skipValue(p: Parser): void {
  const c = peekChar(p);
  switch (c) {
    case 0x22:
      readString(p);
      return;
    case 0x7b: {
      p.pos++;
      if (peekChar(p) === 0x7d) {
        p.pos++;
        return;
      }
      for (;;) {
        if (peekChar(p) !== 0x22) throw syntax(p, "expected a property name");
        readString(p);
        expectChar(p, 0x3a);
        skipValue(p);
        const n = peekChar(p);
        p.pos++;
        if (n === 0x7d) return;
        if (n !== 0x2c) {
          p.pos--;
          throw syntax(p, "expected ',' or '}'");
        }
      }
    }
    case 0x5b: {
      p.pos++;
      if (peekChar(p) === 0x5d) {
        p.pos++;
        return;
      }
      for (;;) {
        skipValue(p);
        const n = peekChar(p);
        p.pos++;
        if (n === 0x5d) return;
        if (n !== 0x2c) {
          p.pos--;
          throw syntax(p, "expected ',' or ']'");
        }
      }
    }
    case 0x74:
      readLiteral(p, "true");
      return;
    case 0x66:
      readLiteral(p, "false");
      return;
    case 0x6e:
      readLiteral(p, "null");
      return;
    default:
      readNumberText(p);
  }
}

function kindOfToken(c: number): string {
  switch (c) {
    case 0x22:
      return "a string";
    case 0x7b:
      return "an object";
    case 0x5b:
      return "an array";
    case 0x74:
    case 0x66:
      return "a bool";
    case 0x6e:
      return "null";
    default:
      return Number.isNaN(c) ? "end of input" : "a number";
  }
}

function isNumberStart(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39);
}

function parseValue(p: Parser, t: CtyType): Value {
  const c = peekChar(p);
  if (c === 0x6e) {
    readLiteral(p, "null");
    return null;
  }
  switch (t.kind) {
    case "string":
      if (c === 0x22) return readString(p);
      // legacy state: a number or bool where a string is expected keeps its JSON text
      if (isNumberStart(c)) return readNumberText(p);
      if (c === 0x74) {
        readLiteral(p, "true");
        return "true";
      }
      if (c === 0x66) {
        readLiteral(p, "false");
        return "false";
      }
      throw fail(`string is required, got ${kindOfToken(c)}`);
    case "number":
      if (isNumberStart(c)) return parseNumberText(readNumberText(p));
      if (c === 0x22) return parseNumberText(readString(p));
      throw fail(`number is required, got ${kindOfToken(c)}`);
    case "bool":
      if (c === 0x74) {
        readLiteral(p, "true");
        return true;
      }
      if (c === 0x66) {
        readLiteral(p, "false");
        return false;
      }
      if (c === 0x22) {
        const s = readString(p);
        if (s === "true" || s === "1") return true;
        if (s === "false" || s === "0") return false;
        throw fail(`bool is required, got the string ${JSON.stringify(s.length > 40 ? s.slice(0, 40) + "…" : s)}`);
      }
      throw fail(`bool is required, got ${kindOfToken(c)}`);
    case "list":
    case "set":
    case "tuple": {
      if (c !== 0x5b)
        throw fail(
          `${t.kind === "list" ? "a list" : t.kind === "set" ? "a set" : "a tuple"} is required, got ${kindOfToken(c)}`,
        );
      p.pos++;
      const arr: Value[] = [];
      if (peekChar(p) === 0x5d) p.pos++;
      else {
        for (;;) {
          const i = arr.length;
          let et: CtyType;
          if (t.kind === "tuple") {
            if (i >= t.elements.length) throw fail(`a tuple of ${t.elements.length} elements is required (more given)`);
            et = t.elements[i] as CtyType;
          } else et = t.element;
          try {
            arr.push(parseValue(p, et));
          } catch (e) {
            throw withStep(e, { index: i });
          }
          const n = peekChar(p);
          p.pos++;
          if (n === 0x5d) break;
          if (n !== 0x2c) {
            p.pos--;
            throw syntax(p, "expected ',' or ']'");
          }
        }
      }
      if (t.kind === "tuple" && arr.length !== t.elements.length) {
        throw fail(`a tuple of ${t.elements.length} elements is required (${arr.length} given)`);
      }
      return arr;
    }
    case "map": {
      if (c !== 0x7b) throw fail(`a map is required, got ${kindOfToken(c)}`);
      const obj: ValueObject = {};
      readMembers(p, (key) => {
        try {
          setOwn(obj, key, parseValue(p, t.element));
        } catch (e) {
          throw withStep(e, { key });
        }
      });
      return obj;
    }
    case "object":
      if (c !== 0x7b) throw fail(`an object is required, got ${kindOfToken(c)}`);
      return parseObject(p, t);
    case "dynamic":
      if (c !== 0x7b)
        throw fail(`a dynamic value must be a JSON object {"value": ..., "type": ...}, got ${kindOfToken(c)}`);
      return parseDynamic(p);
  }
}

/** Iterates the members of the object at p.pos (which is '{'), calling `member` with p at the value. */
function readMembers(p: Parser, member: (key: string) => void): void {
  p.pos++;
  if (peekChar(p) === 0x7d) {
    p.pos++;
    return;
  }
  for (;;) {
    if (peekChar(p) !== 0x22) throw syntax(p, "expected a property name");
    const key = readString(p);
    expectChar(p, 0x3a);
    ws(p);
    member(key);
    const n = peekChar(p);
    p.pos++;
    if (n === 0x7d) return;
    if (n !== 0x2c) {
      p.pos--;
      throw syntax(p, "expected ',' or '}'");
    }
  }
}

function parseObject(p: Parser, t: ObjectType): ValueObject {
  const attrs = t.attributes;
  const obj: ValueObject = {};
  readMembers(p, (key) => {
    if (!hasOwn(attrs, key)) {
      if (p.ignoreUnknown) {
        skipValue(p);
        return;
      }
      throw fail(`unsupported attribute ${JSON.stringify(key)}`);
    }
    try {
      setOwn(obj, key, parseValue(p, attrs[key] as CtyType));
    } catch (e) {
      throw withStep(e, { attr: key });
    }
  });
  // Missing attributes are null; rebuild in the type's order so every decoded object of a type
  // has the same property order (and V8 shape) however the JSON was ordered.
  const names = objectAttributeNames(t);
  const result: ValueObject = {};
  for (const name of names) setOwn(result, name, hasOwn(obj, name) ? (obj[name] as Value) : null);
  return result;
}

function parseDynamic(p: Parser): Value {
  let valueStart = -1;
  let type: CtyType | undefined;
  readMembers(p, (key) => {
    if (key === "value") {
      valueStart = p.pos;
      skipValue(p);
    } else if (key === "type") {
      const start = p.pos;
      skipValue(p);
      try {
        type = typeFromJsonText(p.s.slice(start, p.pos));
      } catch (e) {
        throw fail(`the "type" of a dynamic value is invalid: ${(e as Error).message}`);
      }
    } else {
      throw fail(`unsupported property ${JSON.stringify(key)} in a dynamic value (only "value" and "type")`);
    }
  });
  if (type === undefined) throw fail(`a dynamic value needs a "type" property`);
  let v: Value = null;
  if (valueStart >= 0) {
    // the span was already syntax-checked by skipValue; parse it again, now with its type
    const sub = new Parser(p.s, p.ignoreUnknown);
    sub.pos = valueStart;
    v = parseValue(sub, type);
  }
  return type.kind === "dynamic" ? v : new DynamicValue(type, v);
}

/** Decodes JSON text or UTF-8 bytes as `type`. Throws CtyCodecError naming the path. */
export function decodeJsonValue(json: string | Uint8Array, type: CtyType, opts?: JsonDecodeOptions): Value {
  let s = typeof json === "string" ? json : Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString("utf8");
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  const p = new Parser(s, opts?.ignoreUnknownAttributes === true);
  if (Number.isNaN(peekChar(p))) throw fail("no data (empty JSON)");
  let v: Value;
  try {
    v = parseValue(p, type);
  } catch (e) {
    // skipping an ignored attribute recurses with the input's nesting; absurd depth is bad data
    if (e instanceof RangeError) throw fail(`value too deeply nested (${e.message})`);
    throw e;
  }
  if (!Number.isNaN(peekChar(p))) throw syntax(p, "unexpected data after the value");
  return v;
}

// ------------------------------------------------------------------------------------------------
// Encoding

function encFail(reason: string): CtyCodecError {
  return new CtyCodecError("JSON encode", reason);
}

function jsonString(s: string): string {
  return JSON.stringify(s);
}

function enc(v: Value, t: CtyType, parts: string[]): void {
  if (t.kind === "dynamic") {
    encDynamic(v, parts);
    return;
  }
  if (v === null) {
    parts.push("null");
    return;
  }
  if (v instanceof Unknown) throw encFail("unknown values cannot be represented in JSON");
  switch (t.kind) {
    case "string":
      if (typeof v !== "string") throw encMismatch(t, v);
      parts.push(jsonString(v));
      return;
    case "number":
      if (!(v instanceof TfNumber)) throw encMismatch(t, v);
      if (v.isInfinite()) throw encFail("infinity cannot be represented in JSON");
      parts.push(v.text);
      return;
    case "bool":
      if (typeof v !== "boolean") throw encMismatch(t, v);
      parts.push(v ? "true" : "false");
      return;
    case "list":
    case "set":
    case "tuple": {
      if (!Array.isArray(v)) throw encMismatch(t, v);
      if (t.kind === "tuple" && v.length !== t.elements.length) {
        throw encFail(`expected a tuple of ${t.elements.length} elements, got ${v.length}`);
      }
      parts.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) parts.push(",");
        try {
          enc(v[i] as Value, t.kind === "tuple" ? (t.elements[i] as CtyType) : t.element, parts);
        } catch (e) {
          throw withStep(e, { index: i });
        }
      }
      parts.push("]");
      return;
    }
    case "map": {
      if (!isKnownObject(v)) throw encMismatch(t, v);
      encMembers(
        Object.keys(v).sort(compareUtf8),
        parts,
        (key) => ({ key }),
        (k) => enc(v[k] as Value, t.element, parts),
      );
      return;
    }
    case "object": {
      if (!isKnownObject(v)) throw encMismatch(t, v);
      encMembers(
        objectAttributeNames(t),
        parts,
        (attr) => ({ attr }),
        (n) => {
          const av = hasOwn(v, n) ? v[n] : undefined;
          if (av === undefined) throw encMismatch(t.attributes[n] as CtyType, undefined);
          enc(av, t.attributes[n] as CtyType, parts);
        },
      );
      return;
    }
  }
}

/**
 * `{"name":value,...}` for a map or an object, in the given (Go) order. An error while encoding a
 * member is re-thrown with the member's path step, so it names the key or attribute at fault.
 */
function encMembers(
  names: readonly string[],
  parts: string[],
  stepOf: (name: string) => CodecPathStep,
  encodeMember: (name: string) => void,
): void {
  parts.push("{");
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (i > 0) parts.push(",");
    parts.push(jsonString(name), ":");
    try {
      encodeMember(name);
    } catch (e) {
      throw withStep(e, stepOf(name));
    }
  }
  parts.push("}");
}

function encDynamic(v: Value, parts: string[]): void {
  if (v === null) {
    parts.push("null");
    return;
  }
  if (v instanceof Unknown) throw encFail("unknown values cannot be represented in JSON");
  if (!(v instanceof DynamicValue)) {
    throw encFail(`a dynamic attribute needs a DynamicValue (value plus its concrete type), got ${describeValue(v)}`);
  }
  if (v.type.kind === "dynamic") {
    encDynamic(v.value, parts);
    return;
  }
  parts.push('{"value":');
  enc(v.value, v.type, parts);
  parts.push(',"type":', typeJsonText(v.type), "}");
}

function encMismatch(t: CtyType, v: Value | undefined): CtyCodecError {
  return encFail(`expected ${typeName(t)}, got ${describeValue(v)}`);
}

/** Compact JSON for a wholly known value of `type`; unknowns and infinities are errors. */
export function encodeJsonValue(value: Value, type: CtyType): string {
  const parts: string[] = [];
  enc(value, type, parts);
  return parts.join("");
}
