// TypeScript blocks of the docs that stand alone (snippets.ts, ts-typecheck): type-checked as
// written, as files of this repository, with the package's published types.
import { snippetId, snippetsRunBy, typecheckedAt } from "./snippets";
import { typeErrors } from "./typecheck";

describe("TypeScript code blocks of the docs", () => {
  it("type-check as written", () => {
    const blocks = snippetsRunBy("ts-typecheck");
    expect(blocks.length).toBeGreaterThan(0);
    const files = Object.fromEntries(blocks.map((s) => [typecheckedAt(s), s.text]));
    expect(Object.keys(files)).toHaveLength(blocks.length);
    expect([blocks.map(snippetId), typeErrors(files)]).toEqual([blocks.map(snippetId), []]);
  });
});
