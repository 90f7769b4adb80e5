// Wire-level behaviour of the msgpack codec beyond the golden table: every input form Terraform
// (or another go-cty writer) may use, the number forms we emit, unknowns, dynamic slots, and the
// errors for malformed or mis-shaped data.
import {
  BoolType,
  DynamicType,
  DynamicValue,
  NumberType,
  StringType,
  TfNumber,
  UNKNOWN,
  Unknown,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type Value,
} from "../../../src/plugin";
import { CtyCodecError, decodeValue, encodeValue } from "../../../src/plugin/cty";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const num = (v: Value): string => (v as TfNumber).text;

describe("numbers: decoding every msgpack form", () => {
  it.each([
    ["positive fixint", "7f", "127"],
    ["negative fixint", "e0", "-32"],
    ["uint8", "cc ff", "255"],
    ["uint16", "cd ff ff", "65535"],
    ["uint32", "ce ff ff ff ff", "4294967295"],
    ["uint64 max", "cf ff ff ff ff ff ff ff ff", "18446744073709551615"],
    ["uint64 small", "cf 00 00 00 00 00 00 00 05", "5"],
    ["int8", "d0 80", "-128"],
    ["int16", "d1 80 00", "-32768"],
    ["int32", "d2 80 00 00 00", "-2147483648"],
    ["int64 min", "d3 80 00 00 00 00 00 00 00", "-9223372036854775808"],
    ["int64 positive", "d3 00 00 00 00 00 00 00 2a", "42"],
    ["float32 0.5", "ca 3f 00 00 00", "0.5"],
    ["float32 0.1 (its exact binary value)", "ca 3d cc cc cd", "0.100000001490116119384765625"],
    ["float64 1.5", "cb 3f f8 00 00 00 00 00 00", "1.5"],
    ["float64 integral 2^70", "cb 44 50 00 00 00 00 00 00", "1180591620717411303424"],
    ["float64 -0", "cb 80 00 00 00 00 00 00 00", "0"],
    ["float64 +Inf", "cb 7f f0 00 00 00 00 00 00", "Infinity"],
    ["float64 -Inf", "cb ff f0 00 00 00 00 00 00", "-Infinity"],
    [
      "float64 smallest subnormal",
      "cb 00 00 00 00 00 00 00 01",
      "0." +
        "0".repeat(323) +
        [
          "4940656458412465441765687928682213723650598026143247644255856825006755072702087518652998363616359923",
          "7979656469544571773092665671035593979639877479601078187812630071319031140452784581716784898210368871",
          "8636056998730723050006387409153564984387312473397273169615140031715385398074126238565591171026658556",
          "6867681870395603106249319452715914924553293054565444011274801297099995419319894090804165633245247571",
          "4786901472678015935523861155013480352649347201937902681071074917033322268447533357208324319360923828",
          "9345836806010601150616980975307834227731832924790498252473077637592724787465608477820373446969953364",
          "7017972677717585125660551199131504891101451037862738167250955837389733598993664809941164205702637090",
          "279242767544565229087538682506419718265533447265625",
        ].join(""),
    ],
    ["str big integer", "b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 36", "18446744073709551616"],
    ["str with exponent", "a3 31 65 33", "1000"],
    ["str negative fraction", "a4 2d 30 2e 31", "-0.1"],
  ])("%s", (_name, bytes, text) => {
    expect(num(decodeValue(hex(bytes), NumberType))).toBe(text);
  });

  it("rejects NaN, non-numeric strings and other families with a clear message", () => {
    expect(() => decodeValue(hex("cb 7f f8 00 00 00 00 00 00"), NumberType)).toThrow(/NaN/);
    expect(() => decodeValue(hex("a3 61 62 63"), NumberType)).toThrow(/number is required, got the string "abc"/);
    expect(() => decodeValue(hex("c3"), NumberType)).toThrow(/number is required, got a bool/);
  });
});

describe("numbers: encoding mirrors go-cty (int64 → int, exact double → float64, else str)", () => {
  it.each([
    ["0", "00"],
    ["-1", "ff"],
    ["200", "cc c8"],
    ["-200", "d1 ff 38"],
    ["70000", "ce 00 01 11 70"],
    ["-70000", "d2 ff fe ee 90"],
    ["4294967296", "cf 00 00 00 01 00 00 00 00"],
    ["-4294967296", "d3 ff ff ff ff 00 00 00 00"],
    ["9007199254740993", "cf 00 20 00 00 00 00 00 01"],
    ["9223372036854775807", "cf 7f ff ff ff ff ff ff ff"],
    ["-9223372036854775808", "d3 80 00 00 00 00 00 00 00"],
    // beyond int64: float64 when exact, else decimal text
    ["9223372036854775808", "cb 43 e0 00 00 00 00 00 00"],
    ["18446744073709551615", "b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 35"],
    ["1.5", "cb 3f f8 00 00 00 00 00 00"],
    ["-0.25", "cb bf d0 00 00 00 00 00 00"],
    ["0.1", "a3 30 2e 31"],
    ["123456789.000000001", "b3 31 32 33 34 35 36 37 38 39 2e 30 30 30 30 30 30 30 30 31"],
    ["Infinity", "cb 7f f0 00 00 00 00 00 00"],
    ["-Infinity", "cb ff f0 00 00 00 00 00 00"],
  ])("%s", (text, bytes) => {
    expect(toHex(encodeValue(TfNumber.parse(text), NumberType))).toBe(toHex(hex(bytes)));
  });
});

describe("numbers with numbersAsText (the framework's resource-state answers)", () => {
  it.each([
    ["0", "a1 30"],
    ["5", "a1 35"],
    ["-200", "a4 2d 32 30 30"],
    ["1.5", "a3 31 2e 35"],
    ["0.1", "a3 30 2e 31"],
    ["9223372036854775808", "b3 39 32 32 33 33 37 32 30 33 36 38 35 34 37 37 35 38 30 38"],
    // Go's number parser cannot read "Infinity": infinities stay float64
    ["Infinity", "cb 7f f0 00 00 00 00 00 00"],
    ["-Infinity", "cb ff f0 00 00 00 00 00 00"],
  ])("%s", (text, bytes) => {
    expect(toHex(encodeValue(TfNumber.parse(text), NumberType, { numbersAsText: true }))).toBe(toHex(hex(bytes)));
  });

  it(
    "applies at every depth (objects, lists, maps, dynamic), decodes back to the same value, and does not leak " +
      "into the next call",
    () => {
      const t = objectOf({ n: NumberType, l: listOf(NumberType), m: mapOf(NumberType), d: DynamicType });
      const v = {
        n: TfNumber.of(7),
        l: [TfNumber.of(1), TfNumber.parse("2.5")],
        m: { k: TfNumber.of(300) },
        d: new DynamicValue(NumberType, TfNumber.of(4)),
      };
      const bytes = encodeValue(v, t, { numbersAsText: true });
      // keys sorted: d = [type "number", "4"], l = ["1", "2.5"], m = {k: "300"}, n = "7"
      const expected =
        "84 a1 64 92 c4 08 22 6e 75 6d 62 65 72 22 a1 34  a1 6c 92 a1 31 a3 32 2e 35  a1 6d 81 a1 6b a3 33 30 30  a1 " +
        "6e a1 37";
      expect(toHex(bytes)).toBe(toHex(hex(expected)));
      expect(decodeValue(bytes, t)).toEqual(v);
      expect(toHex(encodeValue(v, t))).not.toBe(toHex(bytes));
      expect(toHex(encodeValue(TfNumber.of(7), NumberType))).toBe("07");
    },
  );
});

describe("strings and bools", () => {
  it("decodes str8/16 and (leniently) bin, UTF-8 included", () => {
    const long = "é".repeat(100); // 200 bytes → str8
    expect(toHex(encodeValue(long, StringType)).slice(0, 4)).toBe("d9c8");
    expect(decodeValue(encodeValue(long, StringType), StringType)).toBe(long);
    const longer = "x".repeat(70000);
    expect(toHex(encodeValue(longer, StringType)).slice(0, 10)).toBe("db00011170");
    expect(decodeValue(hex("c4 02 68 69"), StringType)).toBe("hi");
    expect(decodeValue(hex("a4 f0 9f 98 80"), StringType)).toBe("😀");
  });
  it("rejects wrong families", () => {
    expect(() => decodeValue(hex("01"), StringType)).toThrow(/string is required, got an integer/);
    expect(() => decodeValue(hex("a1 61"), BoolType)).toThrow(/bool is required, got a string/);
  });
});

describe("unknown values", () => {
  it("accepts every extension form as unknown", () => {
    for (const b of ["d4 00 00", "c7 00 00", "d5 00 00 00", "d6 05 01 02 03 04", "c8 00 01 07 00", "d4 0c 00"]) {
      expect(decodeValue(hex(b), listOf(StringType))).toBe(UNKNOWN);
    }
  });

  it("parses number and length refinements, skipping unknown keys and keys for other types", () => {
    // {1: false, 3: [1, true], 4: ["9.5", false], 99: {"x": [1,2]}}
    const payload = "84 01 c2 03 92 01 c3 04 92 a3 39 2e 35 c2 63 81 a1 78 92 01 02";
    const len = Buffer.from(hex(payload)).length;
    const bytes = hex(`c7 ${len.toString(16).padStart(2, "0")} 0c ${payload}`);
    const u = decodeValue(bytes, NumberType) as Unknown;
    expect(u).toBeInstanceOf(Unknown);
    expect(u.refinements?.notNull).toBe(true);
    expect(u.refinements?.numberLower).toEqual({ value: TfNumber.of(1), inclusive: true });
    expect(u.refinements?.numberUpper).toEqual({ value: TfNumber.parse("9.5"), inclusive: false });
    // a prefix refinement on a number does not apply: ignored
    expect(decodeValue(hex("c7 05 0c 81 02 a2 61 62"), NumberType)).toBe(UNKNOWN);
    // length bounds on a map
    expect((decodeValue(hex("c7 05 0c 82 05 01 06 03"), mapOf(StringType)) as Unknown).refinements).toEqual({
      lengthLower: 1,
      lengthUpper: 3,
    });
  });

  it("treats a malformed refinement payload as a plain unknown", () => {
    expect(decodeValue(hex("c7 02 0c 92 01"), StringType)).toBe(UNKNOWN);
    expect(decodeValue(hex("c7 01 0c c1"), StringType)).toBe(UNKNOWN);
  });

  it("always encodes unknowns as d4 00 00, refinements dropped", () => {
    const refined = new Unknown({ notNull: true, stringPrefix: "ab" });
    expect(toHex(encodeValue(refined, StringType))).toBe("d40000");
    expect(toHex(encodeValue(UNKNOWN, objectOf({ a: StringType })))).toBe("d40000");
    expect(toHex(encodeValue(UNKNOWN, DynamicType))).toBe("d40000");
    expect(toHex(encodeValue([UNKNOWN, "a"], setOf(StringType)))).toBe("92d40000a161");
  });
});

describe("dynamic slots", () => {
  it("decodes all four forms", () => {
    expect(decodeValue(hex("c0"), DynamicType)).toBeNull();
    expect(decodeValue(hex("d4 00 00"), DynamicType)).toBe(UNKNOWN);
    expect(decodeValue(hex("92 c4 08 22 73 74 72 69 6e 67 22 d4 00 00"), DynamicType)).toEqual(
      new DynamicValue(StringType, UNKNOWN),
    );
    expect(decodeValue(hex("92 c4 06 22 62 6f 6f 6c 22 c3"), DynamicType)).toEqual(new DynamicValue(BoolType, true));
    // type JSON as str instead of bin is accepted
    expect(decodeValue(hex("92 a6 22 62 6f 6f 6c 22 c2"), DynamicType)).toEqual(new DynamicValue(BoolType, false));
  });

  it("encodes unknown of a known type inside the wrapper, and nested dynamic values", () => {
    expect(toHex(encodeValue(new DynamicValue(StringType, UNKNOWN), DynamicType))).toBe("92c40822737472696e6722d40000");
    const t = objectOf({ d: DynamicType });
    const v = { d: new DynamicValue(listOf(DynamicType), [new DynamicValue(NumberType, TfNumber.of(1)), null]) };
    const bytes = encodeValue(v, t);
    expect(decodeValue(bytes, t)).toEqual(v);
  });

  it("writes a DynamicValue whose type is itself dynamic without a second wrapper", () => {
    expect(toHex(encodeValue(new DynamicValue(DynamicType, null), DynamicType))).toBe("c0");
    expect(toHex(encodeValue(new DynamicValue(DynamicType, new DynamicValue(BoolType, true)), DynamicType))).toBe(
      "92c40622626f6f6c22c3",
    );
  });

  it("sorts object attributes in the wrapper's type JSON like go-cty", () => {
    const v = new DynamicValue(objectOf({ b: StringType, a: NumberType }), { b: "x", a: TfNumber.of(1) });
    const bytes = encodeValue(v, DynamicType);
    expect(bytes[1]).toBe(0xc4);
    expect(bytes.subarray(3, 3 + (bytes[2] as number)).toString()).toBe('["object",{"a":"number","b":"string"}]');
  });

  it("rejects malformed wrappers and bare values", () => {
    expect(() => decodeValue(hex("93 c4 08 22 73 74 72 69 6e 67 22 a1 61 c0"), DynamicType)).toThrow(/2-element array/);
    expect(() => decodeValue(hex("a1 61"), DynamicType)).toThrow(/2-element array \[type JSON, value\], got a string/);
    expect(() => decodeValue(hex("92 c4 06 73 74 72 69 6e 67 a1 61"), DynamicType)).toThrow(
      /type of a dynamic value is invalid/,
    );
    expect(() => encodeValue("bare" as Value, DynamicType)).toThrow(/needs a DynamicValue/);
  });
});

describe("objects", () => {
  const t = objectOf({ id: StringType, name: StringType, size: NumberType });

  it("rejects a missing attribute, naming it", () => {
    // {"id": "x", "name": "y"}
    expect(() => decodeValue(hex("82 a2 69 64 a1 78 a4 6e 61 6d 65 a1 79"), t)).toThrow(
      'msgpack decode: an object with 3 attributes is required (2 given): missing attribute "size"',
    );
  });

  it("rejects an extra attribute, naming it", () => {
    // {"id": "x", "name": "y", "size": 1, "zzz": nil}
    expect(() =>
      decodeValue(hex("84 a2 69 64 a1 78 a4 6e 61 6d 65 a1 79 a4 73 69 7a 65 01 a3 7a 7a 7a c0"), t),
    ).toThrow(/\(4 given\): unsupported attribute "zzz"/);
    // same count, one replaced
    expect(() => decodeValue(hex("83 a2 69 64 a1 78 a4 6e 61 6d 65 a1 79 a3 7a 7a 7a c0"), t)).toThrow(
      /missing attribute "size"; unsupported attribute "zzz"/,
    );
  });

  it("rejects a repeated attribute", () => {
    expect(() => decodeValue(hex("83 a2 69 64 a1 78 a2 69 64 a1 78 a4 73 69 7a 65 01"), t)).toThrow(
      /missing attribute "name"; repeated attribute "id"/,
    );
  });

  it("accepts attributes in any order (only Terraform's own writer sorts them)", () => {
    // {"size": 1, "name": "y", "id": "x"}
    const v = decodeValue(hex("83 a4 73 69 7a 65 01 a4 6e 61 6d 65 a1 79 a2 69 64 a1 78"), t);
    expect(v).toEqual({ id: "x", name: "y", size: TfNumber.of(1) });
    // in order at first, then a repeat of an earlier key
    expect(() => decodeValue(hex("83 a2 69 64 a1 78 a4 73 69 7a 65 01 a2 69 64 a1 78"), t)).toThrow(
      /missing attribute "name"; repeated attribute "id"/,
    );
  });

  it("rejects an empty map for an object type with attributes (Terraform's empty-object case)", () => {
    expect(() => decodeValue(hex("80"), t)).toThrow(/3 attributes is required \(0 given\)/);
    expect(decodeValue(hex("80"), objectOf({}))).toEqual({});
  });

  it("reports the path of a nested problem", () => {
    const nested = objectOf({ disk: listOf(objectOf({ size: NumberType })) });
    // {"disk": [{"size": "big"}]}
    expect(() => decodeValue(hex("81 a4 64 69 73 6b 91 81 a4 73 69 7a 65 a3 62 69 67"), nested)).toThrow(
      'msgpack decode at .disk[0].size: number is required, got the string "big"',
    );
  });

  it("encodes every attribute in sorted order, ignores extra JS properties, and refuses missing ones", () => {
    const v = { size: TfNumber.of(1), name: "n", id: "i", extra: "ignored" };
    expect(toHex(encodeValue(v, t))).toBe("83a26964a169a46e616d65a16ea473697a6501");
    expect(() => encodeValue({ id: "i", name: "n" }, t)).toThrow(
      "msgpack encode at .size: expected number, got nothing (attribute missing)",
    );
  });

  it('keeps a "__proto__" map key as data', () => {
    const m = mapOf(StringType);
    const bytes = hex("81 a9 5f 5f 70 72 6f 74 6f 5f 5f a1 78");
    const v = decodeValue(bytes, m) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(toHex(encodeValue(v as Value, m))).toBe(toHex(bytes));
  });

  it("sorts map keys by UTF-8 bytes like Go", () => {
    // U+FF61 (ef bd a1) sorts before U+1F600 (f0 9f 98 80) in UTF-8 although not in UTF-16
    const v = { "😀": "a", "｡": "b", z: "c" };
    expect(toHex(encodeValue(v, mapOf(StringType)))).toBe("83a17aa163a3efbda1a162a4f09f9880a161");
  });
});

describe("collections and framing", () => {
  it("round-trips 16-bit and 32-bit array/map headers", () => {
    const list = Array.from({ length: 70000 }, (_, i) => TfNumber.of(i % 3));
    const bytes = encodeValue(list, listOf(NumberType));
    expect(toHex(bytes.subarray(0, 5))).toBe("dd00011170");
    expect(decodeValue(bytes, listOf(NumberType))).toEqual(list);
    const map: Record<string, Value> = {};
    for (let i = 0; i < 20; i++) map[`k${i}`] = true;
    const mb = encodeValue(map, mapOf(BoolType));
    expect(toHex(mb.subarray(0, 3))).toBe("de0014");
    expect(decodeValue(mb, mapOf(BoolType))).toEqual(map);
  });

  it("checks tuple lengths both ways", () => {
    const t = tupleOf([StringType, NumberType]);
    expect(() => decodeValue(hex("91 a1 61"), t)).toThrow(/tuple of 2 elements is required \(1 given\)/);
    expect(() => encodeValue(["a"], t)).toThrow(/tuple of 2 elements, got 1/);
  });

  it("rejects empty input, truncated input and trailing bytes", () => {
    expect(() => decodeValue(new Uint8Array(0), StringType)).toThrow(/no data/);
    expect(() => decodeValue(hex("a5 68 65"), StringType)).toThrow(/unexpected end of data/);
    expect(() => decodeValue(hex("92 a1 61"), listOf(StringType))).toThrow(/at \[1\]: unexpected end of data/);
    expect(() => decodeValue(hex("c3 c3"), BoolType)).toThrow(/1 unexpected trailing bytes/);
  });

  it("decodes from a Uint8Array view with an offset", () => {
    const backing = hex("ff ff a2 68 69 ff");
    expect(decodeValue(new Uint8Array(backing.buffer, backing.byteOffset + 2, 3), StringType)).toBe("hi");
  });

  it("gives each call its own output buffer", () => {
    const a = encodeValue("first", StringType);
    const b = encodeValue("second", StringType);
    expect(a.toString("latin1")).toBe("\xa5first");
    expect(b.toString("latin1")).toBe("\xa6second");
  });

  it("names the JS value it did not expect", () => {
    expect(() => encodeValue(TfNumber.of(1), StringType)).toThrow("msgpack encode: expected string, got a number");
    expect(() => encodeValue(["x", 3 as unknown as Value], listOf(StringType))).toThrow(
      "msgpack encode at [1]: expected string, got a JavaScript number",
    );
    expect(() => encodeValue({ a: "x" }, listOf(StringType))).toThrow(/expected list of string, got an object/);
  });

  it("throws CtyCodecError with a structured path", () => {
    try {
      decodeValue(hex("81 a1 61 92 01 a1 78"), mapOf(listOf(NumberType)));
      throw new Error("should have failed");
    } catch (e) {
      expect(e).toBeInstanceOf(CtyCodecError);
      expect((e as CtyCodecError).steps).toEqual([{ key: "a" }, { index: 1 }]);
      expect((e as CtyCodecError).pathText).toBe('["a"][1]');
    }
  });
});
