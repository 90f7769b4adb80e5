// Property tests over seeded random types and values: the codecs must be lossless and stable.
import { decode as genericDecode, encode as genericEncode } from "@msgpack/msgpack";
import { TfNumber, NumberType, Unknown, DynamicValue, type CtyType, type Value } from "../../../src/plugin";
import {
  conformsTo,
  decodeJsonValue,
  decodeValue,
  encodeJsonValue,
  encodeValue,
  isWhollyKnown,
  typeEquals,
  typeFromJson,
  typeFromJsonText,
  typeJsonText,
  typeToJson,
  valuesEqual,
  CtyCodecError,
} from "../../../src/plugin/cty";
import { Rng, randomType, randomValue } from "./gen";

const CASES = 400;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function forEachCase(body: (r: Rng, seed: number) => void): void {
  for (let seed = 1; seed <= CASES; seed++) {
    const r = new Rng(seed * 7919);
    try {
      body(r, seed);
    } catch (e) {
      (e as Error).message = `seed ${seed}: ${(e as Error).message}`;
      throw e;
    }
  }
}

describe("msgpack round trips", () => {
  it("encode → decode → encode is byte-exact and decode(encode(v)) equals v", () => {
    forEachCase((r) => {
      const t = randomType(r, 4);
      const v = randomValue(r, t, { unknown: 0.08, nulls: 0.08, infinity: true });
      expect(conformsTo(v, t)).toBeNull();
      const bytes = encodeValue(v, t);
      const back = decodeValue(bytes, t);
      expect(valuesEqual(back, v, t)).toBe(true);
      expect(back).toEqual(v);
      expect(hex(encodeValue(back, t))).toBe(hex(bytes));
    });
  });

  it("produces well-formed msgpack that a generic decoder reads completely", () => {
    forEachCase((r) => {
      const t = randomType(r, 4);
      const v = randomValue(r, t, { unknown: 0.08, nulls: 0.08, infinity: true });
      const bytes = encodeValue(v, t);
      // the generic decoder refuses a "__proto__" map key by design; that is not a format error
      if (bytes.includes(Buffer.from("\xa9__proto__", "latin1"))) return;
      // throws on malformed data or trailing bytes
      expect(() => genericDecode(bytes, { useBigInt64: true })).not.toThrow();
    });
  });

  it("writes safe integers in the same compact form as a reference msgpack encoder", () => {
    const r = new Rng(42);
    const samples = [
      0,
      1,
      127,
      128,
      255,
      256,
      65535,
      65536,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 53 - 1,
      -1,
      -32,
      -33,
      -128,
      -129,
      -32768,
      -32769,
      -(2 ** 31),
      -(2 ** 31) - 1,
      -(2 ** 53) + 1,
    ];
    for (let i = 0; i < 2000; i++) samples.push(Math.round((r.next() - 0.5) * 2 ** r.int(54)));
    for (const n of samples) {
      expect(hex(encodeValue(TfNumber.of(n), NumberType))).toBe(hex(genericEncode(n === 0 ? 0 : n)));
    }
  });
});

describe("JSON round trips", () => {
  it("wholly known values survive encode → decode, and re-encoding is identical text", () => {
    forEachCase((r) => {
      const t = randomType(r, 4);
      const v = randomValue(r, t, { unknown: 0, nulls: 0.08, infinity: false });
      expect(isWhollyKnown(v, t)).toBe(true);
      const text = encodeJsonValue(v, t);
      expect(() => JSON.parse(text)).not.toThrow();
      const back = decodeJsonValue(text, t);
      expect(valuesEqual(back, v, t)).toBe(true);
      expect(encodeJsonValue(back, t)).toBe(text);
      // and msgpack agrees on what the value is
      expect(hex(encodeValue(back, t))).toBe(hex(encodeValue(v, t)));
    });
  });
});

describe("type JSON round trips", () => {
  it("typeFromJson(typeToJson(t)) equals t and the text is stable", () => {
    forEachCase((r) => {
      const t: CtyType = randomType(r, 5);
      const j = typeToJson(t);
      const back = typeFromJson(j);
      expect(typeEquals(back, t)).toBe(true);
      expect(typeJsonText(back)).toBe(typeJsonText(t));
      expect(typeEquals(typeFromJsonText(typeJsonText(t)), t)).toBe(true);
      expect(JSON.parse(typeJsonText(t))).toEqual(j);
    });
  });
});

describe("equality is an equivalence consistent with the wire", () => {
  it("values with identical encodings are equal; different sets orders are equal", () => {
    forEachCase((r) => {
      const t = randomType(r, 3);
      const v = randomValue(r, t, { unknown: 0.05, nulls: 0.1, infinity: true });
      expect(valuesEqual(v, v, t)).toBe(true);
      const shuffled = reverseSets(v, t);
      expect(valuesEqual(shuffled, v, t)).toBe(true);
      expect(valuesEqual(v, shuffled, t)).toBe(true);
    });
  });
});

/** The same value with every set's elements in reverse order. */
function reverseSets(v: Value, t: CtyType): Value {
  if (v === null || typeof v !== "object" || v instanceof TfNumber || v instanceof Unknown) return v;
  if (v instanceof DynamicValue) return new DynamicValue(v.type, reverseSets(v.value, v.type));
  if (Array.isArray(v)) {
    if (t.kind === "set") return v.map((e) => reverseSets(e, t.element)).reverse();
    if (t.kind === "list") return v.map((e) => reverseSets(e, t.element));
    if (t.kind === "tuple") return v.map((e, i) => reverseSets(e, t.elements[i] as CtyType));
    return v;
  }
  if (t.kind === "object" || t.kind === "map") {
    const out: Record<string, Value> = {};
    for (const k of Object.keys(v)) {
      const et = t.kind === "map" ? t.element : (t.attributes[k] as CtyType);
      Object.defineProperty(out, k, {
        value: reverseSets((v as Record<string, Value>)[k] as Value, et),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

describe("decoders on corrupted input", () => {
  it("msgpack: mutated or truncated bytes either decode or fail with CtyCodecError, never anything else", () => {
    forEachCase((r) => {
      const t = randomType(r, 3);
      const good = encodeValue(randomValue(r, t, { unknown: 0.1, nulls: 0.05, infinity: true }), t);
      for (let k = 0; k < 5; k++) {
        const bad = Buffer.from(good);
        const mode = r.int(3);
        if (mode === 0 && bad.length > 0) bad[r.int(bad.length)] = r.int(256);
        const input =
          mode === 1
            ? bad.subarray(0, r.int(bad.length + 1))
            : mode === 2
              ? Buffer.concat([bad, Buffer.from([r.int(256)])])
              : bad;
        try {
          decodeValue(input, t);
        } catch (e) {
          expect(e).toBeInstanceOf(CtyCodecError);
        }
      }
    });
  });

  it("JSON: mutated text either decodes or fails with CtyCodecError", () => {
    const alphabet = ['"', "{", "}", "[", "]", ",", ":", "1", "-", ".", "e", "n", "t", "\\", " ", "x"];
    forEachCase((r) => {
      const t = randomType(r, 3);
      const good = encodeJsonValue(randomValue(r, t, { unknown: 0, nulls: 0.05, infinity: false }), t);
      for (let k = 0; k < 5; k++) {
        const i = r.int(good.length + 1);
        const bad = r.chance(0.5) ? good.slice(0, i) + r.pick(alphabet) + good.slice(i + 1) : good.slice(0, i);
        try {
          decodeJsonValue(bad, t, { ignoreUnknownAttributes: r.chance(0.5) });
        } catch (e) {
          expect(e).toBeInstanceOf(CtyCodecError);
        }
      }
    });
  });

  it("rejects absurd element counts without allocating them", () => {
    expect(() => decodeValue(Buffer.from("ddffffffff01", "hex"), { kind: "list", element: NumberType })).toThrow(
      CtyCodecError,
    );
    expect(() => decodeValue(Buffer.from("dfffffffff01", "hex"), { kind: "map", element: NumberType })).toThrow(
      /announces/,
    );
  });
});
