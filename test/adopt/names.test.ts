// Resource names for adopted objects: valid Terraform identifiers, readable, unique, and
// independent of the order the API lists objects in.

import { assignNames, sanitizeName } from "../../src/adopt";
import { hclComment, hclString, hclText } from "../../src/adopt";

describe("sanitizeName", () => {
  it.each([
    ["office", "office"],
    ["UPPER.Case", "upper_case"],
    ["+7(495)555-01-01", "sip_7_495_555_01_01"],
    ["crème brûlée", "creme_brulee"],
    ["støre/Æble", "store_aeble"],
    ['q"uote${x}', "q_uote_x"],
    ["--", ""],
    ["日本", ""],
    ["x".repeat(100), "x".repeat(64)],
  ])("%j → %j", (input, expected) => {
    expect(sanitizeName(input, "sip")).toBe(expected);
  });
});

describe("assignNames", () => {
  const req = (id: number, base: string, qualifier?: string) => ({
    id,
    base,
    qualifier,
    fallback: `sip_registration_${id}`,
  });

  it("names without collisions are the sanitised bases; empty ones fall back", () => {
    const names = assignNames([req(1, "office"), req(2, "日本"), req(3, "1001")], "sip");
    expect([...names.entries()]).toEqual([
      [1, "office"],
      [2, "sip_registration_2"],
      [3, "sip_1001"],
    ]);
  });

  it("collisions: the qualifier where it tells them apart, else the id", () => {
    const names = assignNames(
      [
        req(1, "1001", "sip.a.example"),
        req(2, "1001", "sip.b.example"),
        req(3, "line.1", "sip.a.example"),
        req(4, "line_1", "sip.a.example"),
      ],
      "sip",
    );
    expect(Object.fromEntries(names)).toEqual({
      1: "sip_1001_sip_a_example",
      2: "sip_1001_sip_b_example",
      3: "line_1_3",
      4: "line_1_4",
    });
  });

  it("a name made by the id suffix that meets another object's own name is resolved again", () => {
    const names = assignNames([req(17, "a.b"), req(18, "a_b"), req(3, "a_b_17")], "sip");
    expect(new Set(names.values()).size).toBe(3);
    for (const n of names.values()) expect(n).toMatch(/^[a-z_][a-z0-9_]*$/);
  });

  it("does not depend on the order of the list", () => {
    const list = [req(5, "x", "p1"), req(2, "x", "p1"), req(9, "x", "p2"), req(1, "y")];
    const a = assignNames(list, "sip");
    const b = assignNames([...list].reverse(), "sip");
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(b));
  });
});

describe("hclString / hclComment", () => {
  it("escapes quotes, backslashes, control characters and template sequences", () => {
    expect(hclString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(hclString("${x} %{y} $x")).toBe('"$${x} %%{y} $x"');
    expect(hclString("a\nb\u0001")).toBe('"a\\nb\\u0001"');
  });

  it("hclText: a heredoc for several lines ending in a line break, template sequences doubled", () => {
    expect(hclText("a ${x}\n%{y}\n")).toBe("<<EOT\na $${x}\n%%{y}\nEOT");
    // a line equal to the delimiter picks another one
    expect(hclText("x\n EOT\n")).toBe("<<EOT1\nx\n EOT\nEOT1");
  });

  it.each([["one line"], ["one line\n"], ["no final\nline break"], ["carriage\r\nreturn\r\n"]])(
    "hclText: %j is a quoted string",
    (text) => {
      expect(hclText(text)).toBe(hclString(text));
    },
  );

  it("keeps comments on one line", () => {
    expect(hclComment("a\nb\r\n c\u2028d")).toBe("# a b  c d");
  });
});
