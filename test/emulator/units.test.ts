// Pure helpers: wire formats and parsers used by the server.

import { ApiErrorReply } from "../../src/emulator/errors";
import { boundaryOf, parseMultipart, MultipartError } from "../../src/emulator/http/multipart";
import { mergeParams } from "../../src/emulator/http/request";
import { parseStatusCodeExpression, priceToCents } from "../../src/emulator/methods/registrations";
import { parse } from "../../src/emulator/params";
import { proxyHost } from "../../src/emulator/registrar";
import { formatDatePlusOneMonth, formatTimestamp } from "../../src/emulator/time";

describe("time formats", () => {
  it("formats UTC timestamps", () => {
    expect(formatTimestamp(Date.UTC(2024, 0, 5, 3, 4, 5))).toBe("2024-01-05 03:04:05");
  });
  it("adds one month, clamping to the month's end and rolling the year", () => {
    expect(formatDatePlusOneMonth(Date.UTC(2024, 0, 31, 23))).toBe("2024-02-29");
    expect(formatDatePlusOneMonth(Date.UTC(2023, 0, 31))).toBe("2023-02-28");
    expect(formatDatePlusOneMonth(Date.UTC(2024, 11, 15))).toBe("2025-01-15");
    expect(formatDatePlusOneMonth(Date.UTC(2024, 2, 31))).toBe("2024-04-30");
  });
});

describe("parameter parsing", () => {
  const spec = { id: "int", flag: "bool", ids: "intlistOrAll", names: "stringlist" } as const;
  it("parses typed values and lists", () => {
    const p = parse(
      new Map([
        ["id", " 42 "],
        ["flag", "TRUE"],
        ["ids", "1; 2;3"],
        ["names", "a;b;"],
      ]),
      spec,
    );
    expect(p).toEqual({ id: 42, flag: true, ids: [1, 2, 3], names: ["a", "b"] });
    expect(parse(new Map([["ids", "ALL"]]), spec).ids).toBe("all");
    expect(parse(new Map([["names", ";;"]]), spec)).toEqual({});
  });
  it("names the first malformed field in spec order", () => {
    try {
      parse(
        new Map([
          ["flag", "nah"],
          ["id", "x"],
        ]),
        spec,
      );
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(ApiErrorReply);
      expect((e as ApiErrorReply).code).toBe(101);
      expect((e as ApiErrorReply).fieldName).toBe("id");
    }
    expect(() => parse(new Map([["id", "99999999999999999"]]), spec)).toThrow(ApiErrorReply);
  });
  it("merges query then body, dropping empty values per source", () => {
    const q = new URLSearchParams("a=1&b=2&c=");
    const m = mergeParams(q, "application/x-www-form-urlencoded; charset=utf-8", Buffer.from("b=3&a=&d=x+y"));
    expect(Object.fromEntries(m)).toEqual({ a: "1", b: "3", d: "x y" });
    expect(Object.fromEntries(mergeParams(q, "application/json", Buffer.from('{"a":"9"}')))).toEqual({
      a: "1",
      b: "2",
    });
  });
});

describe("multipart", () => {
  it("finds quoted and bare boundaries", () => {
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe("a b");
    expect(boundaryOf("multipart/form-data; charset=utf-8; boundary=xyz")).toBe("xyz");
    expect(boundaryOf("multipart/form-data")).toBeUndefined();
  });
  it("parses parts, skips nameless ones, keeps CRLF inside values", () => {
    const body = Buffer.from(
      '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n2\r\n--X\r\nContent-Type: ' +
        "text/plain\r\n\r\nnameless\r\n--X\r\n\r\n\r\n--X\r\ncontent-disposition: form-data; " +
        'name="q\\"uote"\r\n\r\n\r\n--X--',
    );
    expect(parseMultipart(body, "X")).toEqual([
      ["a", "1\r\n2"],
      ['q"uote', ""],
    ]);
  });
  it("rejects truncated bodies", () => {
    expect(() =>
      parseMultipart(Buffer.from("--X\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue"), "X"),
    ).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from("no boundary here"), "X")).toThrow(MultipartError);
  });
});

describe("registrar and billing helpers", () => {
  it("extracts the proxy host from SIP URIs", () => {
    expect(proxyHost("sip.example.com")).toBe("sip.example.com");
    expect(proxyHost("sips:User@Fail.Example.com:5061;transport=tls")).toBe("fail.example.com");
    expect(proxyHost("[2001:db8::1]:5060")).toBe("2001:db8::1");
    expect(proxyHost("timeout.example.com/path")).toBe("timeout.example.com");
  });
  it("evaluates status_code expressions", () => {
    const m = parseStatusCodeExpression("200; 400:499 ;");
    expect([200, 201, 399, 400, 450, 499, 500].map(m)).toEqual([true, false, false, true, true, true, false]);
    expect(parseStatusCodeExpression("499:400")(450)).toBe(true);
    expect(() => parseStatusCodeExpression("2xx")).toThrow(ApiErrorReply);
  });
  it("converts prices to cents exactly", () => {
    expect(priceToCents("0.99")).toBe(99);
    expect(priceToCents("12")).toBe(1200);
    expect(priceToCents("2.5")).toBe(250);
  });
});
