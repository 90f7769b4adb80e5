// Golden bytes (see docs/design/plugin-protocol.md, "Values on the wire"): what Terraform sends and expects back.
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
  objectOf,
  type CtyType,
} from "../../../src/plugin";
import { decodeValue, encodeValue } from "../../../src/plugin/cty";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

const serverType = objectOf({ id: StringType, name: StringType, size: NumberType });

describe("msgpack golden bytes", () => {
  const rows: [string, CtyType, () => unknown, string][] = [
    [
      "planned state with unknown id and null size",
      serverType,
      () => ({ id: UNKNOWN, name: "web", size: null }),
      "83 a2 69 64 d4 00 00 a4 6e 61 6d 65 a3 77 65 62 a4 73 69 7a 65 c0",
    ],
    ["null resource", serverType, () => null, "c0"],
    ["number 300", NumberType, () => TfNumber.of(300), "cd 01 2c"],
    ["number 1.5", NumberType, () => TfNumber.parse("1.5"), "cb 3f f8 00 00 00 00 00 00"],
    ["number 0.1", NumberType, () => TfNumber.parse("0.1"), "a3 30 2e 31"],
    ["empty list of blocks", listOf(objectOf({ a: StringType })), () => [], "90"],
    [
      "dynamic string",
      DynamicType,
      () => new DynamicValue(StringType, "hello"),
      "92 c4 08 22 73 74 72 69 6e 67 22 a5 68 65 6c 6c 6f",
    ],
    [
      "dynamic list",
      DynamicType,
      () => new DynamicValue(listOf(StringType), ["a", "b"]),
      "92 c4 11 5b 22 6c 69 73 74 22 2c 22 73 74 72 69 6e 67 22 5d 92 a1 61 a1 62",
    ],
    [
      "dynamic null number",
      DynamicType,
      () => new DynamicValue(NumberType, null),
      "92 c4 08 22 6e 75 6d 62 65 72 22 c0",
    ],
    ["bool", BoolType, () => true, "c3"],
  ];
  it.each(rows)("%s: encodes to Terraform's bytes and decodes back", (_name, type, make, bytes) => {
    const value = make() as Parameters<typeof encodeValue>[0];
    expect(toHex(encodeValue(value, type))).toBe(toHex(hex(bytes)));
    expect(decodeValue(hex(bytes), type)).toEqual(value);
  });

  it("decodes refined unknowns (extension 12) and re-encodes them as plain d4 00 00", () => {
    const s = decodeValue(hex("c7 07 0c 82 01 c2 02 a2 61 62"), StringType);
    expect(s).toBeInstanceOf(Unknown);
    expect((s as Unknown).refinements).toEqual({ notNull: true, stringPrefix: "ab" });
    expect(toHex(encodeValue(s, StringType))).toBe("d40000");
    const l = decodeValue(hex("c7 05 0c 82 01 c2 05 01"), listOf(StringType));
    expect((l as Unknown).refinements).toEqual({ notNull: true, lengthLower: 1 });
    expect(toHex(encodeValue(l, listOf(StringType)))).toBe("d40000");
  });
});
