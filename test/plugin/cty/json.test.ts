// JSON value encoding (docs/design/plugin-protocol.md, "Values on the wire"): RawState.json and DynamicValue.json.
import {
  BoolType,
  DynamicType,
  DynamicValue,
  NumberType,
  StringType,
  TfNumber,
  UNKNOWN,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type Value,
} from "../../../src/plugin";
import { CtyCodecError, decodeJsonValue, encodeJsonValue } from "../../../src/plugin/cty";

describe("JSON value mapping", () => {
  const t = objectOf({
    s: StringType,
    n: NumberType,
    b: BoolType,
    l: listOf(StringType),
    st: setOf(NumberType),
    tu: tupleOf([StringType, BoolType]),
    m: mapOf(NumberType),
    o: objectOf({ x: StringType }),
    d: DynamicType,
    z: StringType,
  });
  const v: Value = {
    s: "hi",
    n: TfNumber.parse("12345678901234567890.000000000000000001"),
    b: true,
    l: ["a", "b"],
    st: [TfNumber.of(1), TfNumber.of(2)],
    tu: ["x", false],
    m: { k: TfNumber.parse("-0.5") },
    o: { x: "y" },
    d: new DynamicValue(listOf(StringType), ["q"]),
    z: null,
  };
  const text =
    '{"b":true,"d":{"value":["q"],"type":["list","string"]},"l":["a","b"],"m":{"k":-0.5},' +
    '"n":12345678901234567890.000000000000000001,"o":{"x":"y"},"s":"hi","st":[1,2],"tu":["x",false],"z":null}';

  it("encodes compactly with sorted keys, numbers as exact text, dynamic as {value,type}", () => {
    expect(encodeJsonValue(v, t)).toBe(text);
  });
  it("decodes the same text back to the same value", () => {
    expect(decodeJsonValue(text, t)).toEqual(v);
    expect(decodeJsonValue(Buffer.from(text), t)).toEqual(v);
  });
});

describe("decoding", () => {
  const t = objectOf({ id: StringType, size: NumberType, tags: mapOf(StringType) });

  it("keeps numbers lossless (no double rounding)", () => {
    const big = decodeJsonValue('{"id":"a","size":18446744073709551617,"tags":{}}', t) as Record<string, Value>;
    expect((big["size"] as TfNumber).text).toBe("18446744073709551617");
    expect((decodeJsonValue("0.1", NumberType) as TfNumber).text).toBe("0.1");
    expect((decodeJsonValue("1.5e-7", NumberType) as TfNumber).text).toBe("0.00000015");
    expect((decodeJsonValue("-0", NumberType) as TfNumber).text).toBe("0");
  });

  it("gives integers their canonical text whichever way they are written or made", () => {
    const text = (json: string): string => (decodeJsonValue(json, NumberType) as TfNumber).text;
    expect(["0", "7", "-42", "1700000000", "9007199254740993"].map(text)).toEqual([
      "0",
      "7",
      "-42",
      "1700000000",
      "9007199254740993",
    ]);
    expect(["-0", "-0.0", "0.0", "7.000", "4.2e1", "-4200e-2"].map(text)).toEqual(["0", "0", "0", "7", "42", "-42"]);
    expect(() => decodeJsonValue("-", NumberType)).toThrow();
    expect([0, -0, 12345, -7, Number.MAX_SAFE_INTEGER, 1e21, 0.5].map((n) => TfNumber.of(n).text)).toEqual([
      "0",
      "0",
      "12345",
      "-7",
      "9007199254740991",
      "1000000000000000000000",
      "0.5",
    ]);
  });

  it("treats missing attributes as null and orders attributes like the type", () => {
    const v = decodeJsonValue('{"tags":{"b":"2","a":"1"}}', t) as Record<string, Value>;
    expect(v).toEqual({ id: null, size: null, tags: { b: "2", a: "1" } });
    expect(Object.keys(v)).toEqual(["id", "size", "tags"]);
  });

  it("rejects unknown attributes unless told to ignore them (RawState after a schema change)", () => {
    const text = '{"id":"a","gone":{"deep":[1,{"x":null}]},"size":1}';
    expect(() => decodeJsonValue(text, t)).toThrow('JSON decode: unsupported attribute "gone"');
    expect(decodeJsonValue(text, t, { ignoreUnknownAttributes: true })).toEqual({
      id: "a",
      size: TfNumber.of(1),
      tags: null,
    });
    // also inside nested objects
    const nested = objectOf({ o: objectOf({ a: StringType }) });
    expect(decodeJsonValue('{"o":{"a":"x","old":1}}', nested, { ignoreUnknownAttributes: true })).toEqual({
      o: { a: "x" },
    });
  });

  it("accepts legacy state forms: number as string, string as number/bool, bool as string", () => {
    expect((decodeJsonValue('"42.50"', NumberType) as TfNumber).text).toBe("42.5");
    expect(decodeJsonValue("12.0", StringType)).toBe("12.0");
    expect(decodeJsonValue("true", StringType)).toBe("true");
    expect(decodeJsonValue('"1"', BoolType)).toBe(true);
    expect(decodeJsonValue('"false"', BoolType)).toBe(false);
    expect(() => decodeJsonValue('"yes"', BoolType)).toThrow(/bool is required, got the string "yes"/);
    expect(() => decodeJsonValue('"12abc"', NumberType)).toThrow(/number is required, got "12abc"/);
  });

  it("decodes dynamic values with type before or after value, and null dynamic", () => {
    const want = new DynamicValue(mapOf(NumberType), { a: TfNumber.parse("0.1") });
    expect(decodeJsonValue('{"value":{"a":0.1},"type":["map","number"]}', DynamicType)).toEqual(want);
    expect(decodeJsonValue('{"type":["map","number"],"value":{"a":0.1}}', DynamicType)).toEqual(want);
    expect(decodeJsonValue('{"type":"string"}', DynamicType)).toEqual(new DynamicValue(StringType, null));
    expect(decodeJsonValue("null", DynamicType)).toBeNull();
    expect(() => decodeJsonValue('{"value":1}', DynamicType)).toThrow(/needs a "type"/);
    expect(() => decodeJsonValue('{"value":1,"type":"number","x":2}', DynamicType)).toThrow(/unsupported property "x"/);
    expect(() => decodeJsonValue('{"value":1,"type":"int"}', DynamicType)).toThrow(
      /"type" of a dynamic value is invalid/,
    );
    expect(() => decodeJsonValue('{"value":"x","type":"number"}', DynamicType)).toThrow(/number is required/);
  });

  it("handles string escapes and a byte-order mark", () => {
    expect(decodeJsonValue('"a\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00"', StringType)).toBe('a"b\\c/d\né😀');
    expect(decodeJsonValue('\ufeff"x"', StringType)).toBe("x");
  });

  it("reports syntax errors and type mismatches with position/path", () => {
    expect(() => decodeJsonValue('{"id":"a",}', t)).toThrow(/invalid JSON: expected a property name at offset 10/);
    expect(() => decodeJsonValue('{"id":"a"} x', t)).toThrow(/unexpected data after the value/);
    expect(() => decodeJsonValue("", t)).toThrow(/no data/);
    expect(() => decodeJsonValue('{"tags":{"a":1.5.3}}', t)).toThrow(/expected ',' or '}'/);
    expect(() => decodeJsonValue('{"tags":{"a":[1]}}', t)).toThrow(
      'JSON decode at .tags["a"]: string is required, got an array',
    );
    expect(() => decodeJsonValue('["a",1]', tupleOf([StringType]))).toThrow(/tuple of 1 elements is required/);
    expect(() => decodeJsonValue('"unterminated', StringType)).toThrow(/unterminated string/);
    expect(() => decodeJsonValue("01", NumberType)).toThrow(/unexpected data/);
    expect(() => decodeJsonValue("nul", NumberType)).toThrow(/unexpected token/);
  });

  it("turns absurd nesting of an ignored attribute into a CtyCodecError", () => {
    const deep = '{"x":' + "[".repeat(200000) + "]".repeat(200000) + "}";
    expect(() => decodeJsonValue(deep, objectOf({}), { ignoreUnknownAttributes: true })).toThrow(CtyCodecError);
  });
});

describe("encoding", () => {
  it("refuses unknowns and infinities, naming the path", () => {
    const t = objectOf({ a: listOf(StringType) });
    expect(() => encodeJsonValue({ a: ["x", UNKNOWN] }, t)).toThrow(
      "JSON encode at .a[1]: unknown values cannot be represented in JSON",
    );
    expect(() => encodeJsonValue(TfNumber.POSITIVE_INFINITY, NumberType)).toThrow(/infinity/);
    expect(() => encodeJsonValue({}, t)).toThrow(/at \.a: expected list of string, got nothing/);
  });

  it("escapes strings as valid JSON", () => {
    const s = 'q"\\\n\u0001é😀';
    expect(JSON.parse(encodeJsonValue(s, StringType))).toBe(s);
  });

  it("writes null of dynamic as null and a typed null inside the wrapper", () => {
    expect(encodeJsonValue(null, DynamicType)).toBe("null");
    expect(encodeJsonValue(new DynamicValue(NumberType, null), DynamicType)).toBe('{"value":null,"type":"number"}');
  });
});
