import { ClientValidationError, checkParams, encodeFormData, encodeParamValue } from "../../src/api";
import { boundaryOf, parseMultipart } from "../../src/emulator/http/multipart";

describe("parameter encoding", () => {
  it("encodes booleans, integers, strings and lists", () => {
    expect(encodeParamValue("M", "b", true)).toBe("true");
    expect(encodeParamValue("M", "b", false)).toBe("false");
    expect(encodeParamValue("M", "n", 4567)).toBe("4567");
    expect(encodeParamValue("M", "n", 0)).toBe("0");
    expect(encodeParamValue("M", "l", [1, 3, 7])).toBe("1;3;7");
    expect(encodeParamValue("M", "l", ["a.example", "b.example"])).toBe("a.example;b.example");
    expect(encodeParamValue("M", "s", "sip user")).toBe("sip user");
  });

  it("builds a multipart body, one part per parameter in order, undefined omitted, values verbatim", () => {
    const { contentType, body } = encodeFormData("CreateSipRegistration", {
      sip_username: "alice smith",
      proxy: "sip.example.com:5060",
      password: "p&ss=w+rd;x\r\n--ü",
      is_persistent: false,
      application_id: 12,
      rule_id: undefined,
    });
    const boundary = boundaryOf(contentType);
    expect(contentType.startsWith("multipart/form-data; boundary=")).toBe(true);
    expect(parseMultipart(body, boundary!)).toEqual([
      ["sip_username", "alice smith"],
      ["proxy", "sip.example.com:5060"],
      ["password", "p&ss=w+rd;x\r\n--ü"],
      ["is_persistent", "false"],
      ["application_id", "12"],
    ]);
    expect(body.toString("utf8")).not.toContain("rule_id");
  });

  it("never uses a boundary that occurs in a value", () => {
    const { contentType, body } = encodeFormData("M", { a: "x--fixed-boundary--y" }, "fixed-boundary");
    const boundary = boundaryOf(contentType)!;
    expect(boundary).not.toBe("fixed-boundary");
    expect(parseMultipart(body, boundary)).toEqual([["a", "x--fixed-boundary--y"]]);
  });

  it("refuses a parameter name that could break the part header", () => {
    expect(() => encodeFormData("M", { 'a"b': "1" })).toThrow(ClientValidationError);
  });

  const bad: [string, unknown, RegExp][] = [
    ["non-integer number", 1.5, /must be an integer/],
    ["NaN", Number.NaN, /must be an integer/],
    ["unsafe integer", 2 ** 60, /must be an integer/],
    ["empty list", [], /empty list/],
    ["list item with ;", ["a;b"], /must not contain ";"/],
    ["null", null, /unsupported type \(null\)/],
    ["object", { a: 1 }, /unsupported type \(object\)/],
    ["nested list", [[1]], /unsupported type/],
  ];
  it.each(bad)("rejects %s naming the field", (_n, value, re) => {
    let err: unknown;
    try {
      encodeFormData("GetSipRegistrations", { the_field: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClientValidationError);
    expect((err as ClientValidationError).fields).toEqual(["the_field"]);
    expect((err as Error).message).toMatch(/the_field/);
    expect((err as Error).message).toMatch(re);
  });
});

describe("checkParams (local checks before sending)", () => {
  const pairs: [string, string][] = [
    ["application_id", "application_name"],
    ["rule_id", "rule_name"],
    ["user_id", "user_name"],
  ];
  it.each(pairs)("rejects %s together with %s, naming both", (a, b) => {
    let err: unknown;
    try {
      checkParams("UpdateSipRegistration", { sip_registration_id: 1, [a]: 1, [b]: "x" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClientValidationError);
    expect((err as ClientValidationError).fields).toEqual([a, b]);
    expect((err as Error).message).toContain(a);
    expect((err as Error).message).toContain(b);
  });

  it("requires the mandatory parameters", () => {
    expect(() => checkParams("CreateSipRegistration", { proxy: "p" })).toThrow(/sip_username is required/);
    expect(() => checkParams("CreateSipRegistration", { sip_username: "", proxy: "p" })).toThrow(
      /sip_username is required/,
    );
    expect(() => checkParams("DeleteSipRegistration", {})).toThrow(/sip_registration_id is required/);
    expect(() => checkParams("BindSipRegistration", { application_id: 1 })).toThrow(/sip_registration_id is required/);
    expect(() => checkParams("GetRules", {})).toThrow(/one of application_id or application_name/);
  });

  it("accepts valid combinations, including unbinding a user everywhere", () => {
    expect(() => checkParams("BindSipRegistration", { user_id: 5, bind: false })).not.toThrow();
    expect(() =>
      checkParams("CreateSipRegistration", { sip_username: "u", proxy: "p", application_id: 1, rule_name: "r" }),
    ).not.toThrow();
    expect(() => checkParams("GetSipRegistrations", {})).not.toThrow();
  });
});
