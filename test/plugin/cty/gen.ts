// Seeded random generators for property tests: cty types of bounded depth and values of those
// types with nulls and unknowns at every level, awkward numbers and strings. Deterministic per
// seed, so a failure report (which prints the seed) can be replayed exactly.

import { DynamicValue, TfNumber, UNKNOWN, type CtyType, type Value, type ValueObject } from "../../../src/plugin";
import { isWhollyKnown, valueKey } from "../../../src/plugin/cty";

/** mulberry32: tiny, fast, good enough for test data. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
}

const NAME_POOL = [
  "a",
  "b",
  "id",
  "name",
  "size",
  "x_1",
  "zeta",
  "__proto__",
  "constructor",
  "é",
  "日本",
  "😀",
  "\ue000",
  "A",
  "_",
];

export function randomType(r: Rng, depth: number, opts: { dynamic?: boolean } = {}): CtyType {
  const allowDynamic = opts.dynamic !== false;
  const leaf = depth <= 0 || r.chance(0.35);
  if (leaf) {
    const kinds = allowDynamic ? ["string", "number", "bool", "dynamic"] : ["string", "number", "bool"];
    return { kind: r.pick(kinds) } as CtyType;
  }
  switch (r.int(5)) {
    case 0:
      return { kind: "list", element: randomType(r, depth - 1, opts) };
    case 1:
      return { kind: "set", element: randomType(r, depth - 1, opts) };
    case 2:
      return { kind: "map", element: randomType(r, depth - 1, opts) };
    case 3: {
      const n = r.int(4);
      const elements: CtyType[] = [];
      for (let i = 0; i < n; i++) elements.push(randomType(r, depth - 1, opts));
      return { kind: "tuple", elements };
    }
    default: {
      const n = r.int(6);
      const attributes: Record<string, CtyType> = {};
      for (let i = 0; i < n; i++) {
        const name = r.chance(0.7) ? r.pick(NAME_POOL) : `attr_${r.int(100)}`;
        Object.defineProperty(attributes, name, {
          value: randomType(r, depth - 1, opts),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return { kind: "object", attributes };
    }
  }
}

const NUMBER_TEXTS = [
  "0",
  "1",
  "-1",
  "127",
  "128",
  "-32",
  "-33",
  "255",
  "256",
  "-128",
  "-129",
  "65535",
  "65536",
  "-32768",
  "-32769",
  "4294967295",
  "4294967296",
  "-2147483648",
  "-2147483649",
  "9007199254740991",
  "9007199254740993",
  "-9007199254740993",
  "9223372036854775807",
  "-9223372036854775808",
  "9223372036854775808",
  "18446744073709551615",
  "18446744073709551616",
  "-18446744073709551617",
  "123456789012345678901234567890",
  "1180591620717411303424",
  "1e21",
  "-1e22",
  "0.1",
  "-0.1",
  "0.2",
  "1.5",
  "-2.75",
  "0.25",
  "123456789.000000001",
  "3.141592653589793238462643383279",
  "0.000000000000000000001",
  "1.0000000000000002220446049250313080847263336181640625",
  "5e-324",
  "1.7976931348623157e308",
  "100.5",
  "-0.5",
  "Infinity",
  "-Infinity",
];

function randomNumber(r: Rng, allowInfinity: boolean): TfNumber {
  switch (r.int(5)) {
    case 0:
    case 1: {
      const t = r.pick(NUMBER_TEXTS);
      if (!allowInfinity && t.endsWith("Infinity")) return TfNumber.of(7);
      return TfNumber.parse(t);
    }
    case 2:
      return TfNumber.of(r.int(2_000_000) - 1_000_000);
    case 3: {
      // random big decimal text: up to 40 integer digits and 25 fraction digits
      let s = r.chance(0.5) ? "-" : "";
      const intDigits = 1 + r.int(40);
      for (let i = 0; i < intDigits; i++) s += String(r.int(10));
      if (r.chance(0.5)) {
        s += ".";
        const fd = 1 + r.int(25);
        for (let i = 0; i < fd; i++) s += String(r.int(10));
      }
      return TfNumber.parse(s);
    }
    default: {
      // a random double: its exact value goes over the wire as float64 (or int)
      const d = (r.next() - 0.5) * 10 ** (r.int(40) - 20);
      return TfNumber.parse(exactText(d));
    }
  }
}

/** Exact decimal text of a double, computed independently of the code under test. */
function exactText(d: number): string {
  if (Number.isInteger(d)) return BigInt(d).toString();
  let k = 0;
  let m = Math.abs(d);
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  const digits = (BigInt(m) * 5n ** BigInt(k)).toString().padStart(k + 1, "0");
  return (d < 0 ? "-" : "") + digits.slice(0, digits.length - k) + "." + digits.slice(digits.length - k);
}

const STRINGS = [
  "",
  "a",
  "hello",
  "web",
  "é",
  "e\u0301",
  "日本語",
  "😀 emoji",
  'quote"back\\slash',
  "line\nbreak",
  "\u0000nul",
  "<&>",
  "\u2028",
];

function randomString(r: Rng): string {
  switch (r.int(4)) {
    case 0:
    case 1:
      return r.pick(STRINGS);
    case 2: {
      const len = r.chance(0.1) ? 200 + r.int(70000) : r.int(40);
      let s = "";
      for (let i = 0; i < len; i++) s += String.fromCharCode(32 + r.int(95));
      return s;
    }
    default: {
      const len = r.int(30);
      let s = "";
      for (let i = 0; i < len; i++) s += r.pick(["x", "é", "中", "😀", "\u00ff", "\u07ff", "\u0800", "\uffff"]);
      return s;
    }
  }
}

export interface ValueOpts {
  /** probability of an unknown at any level (0 for JSON tests) */
  unknown: number;
  nulls: number;
  infinity: boolean;
}

export function randomValue(r: Rng, t: CtyType, o: ValueOpts, depth = 0): Value {
  if (r.chance(o.nulls)) return null;
  if (r.chance(o.unknown)) return UNKNOWN;
  switch (t.kind) {
    case "string":
      return randomString(r);
    case "number":
      return randomNumber(r, o.infinity);
    case "bool":
      return r.chance(0.5);
    case "list":
      return Array.from({ length: r.int(4) }, () => randomValue(r, t.element, o, depth + 1));
    case "set": {
      // Terraform's sets never hold two equal known elements
      const out: Value[] = [];
      const seen = new Set<string>();
      for (let i = r.int(4); i > 0; i--) {
        const v = randomValue(r, t.element, o, depth + 1);
        if (isWhollyKnown(v, t.element)) {
          const k = valueKey(v, t.element);
          if (seen.has(k)) continue;
          seen.add(k);
        }
        out.push(v);
      }
      return out;
    }
    case "tuple":
      return t.elements.map((e) => randomValue(r, e, o, depth + 1));
    case "map": {
      const obj: ValueObject = {};
      for (let i = r.int(4); i > 0; i--) {
        const k = r.chance(0.6) ? r.pick(NAME_POOL) : Array.from(randomString(r)).slice(0, 10).join("");
        Object.defineProperty(obj, k, {
          value: randomValue(r, t.element, o, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
    case "object": {
      const obj: ValueObject = {};
      for (const k of Object.keys(t.attributes)) {
        Object.defineProperty(obj, k, {
          value: randomValue(r, t.attributes[k] as CtyType, o, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
    case "dynamic": {
      // a concrete type (which may itself contain dynamic slots) and a value of it
      const inner = randomType(r, Math.max(0, 2 - depth), { dynamic: depth < 2 });
      if (inner.kind === "dynamic") return randomValue(r, inner, o, depth + 1);
      return new DynamicValue(inner, randomValue(r, inner, o, depth + 1));
    }
  }
}
