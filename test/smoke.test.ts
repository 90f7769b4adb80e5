import { TfNumber } from "../src/plugin/cty/value";

describe("TfNumber", () => {
  it("canonicalises decimal text losslessly", () => {
    expect(TfNumber.parse("0.10").text).toBe("0.1");
    expect(TfNumber.parse("1e3").text).toBe("1000");
    expect(TfNumber.parse("-0").text).toBe("0");
    expect(TfNumber.parse("12345678901234567890123").text).toBe("12345678901234567890123");
    expect(TfNumber.of(1.5).text).toBe("1.5");
    expect(() => TfNumber.parse("abc")).toThrow(/not a decimal/);
  });
  it("loads jose (ESM-only) under jest", async () => {
    const jose = await import("jose");
    expect(typeof jose.SignJWT).toBe("function");
  });
});
