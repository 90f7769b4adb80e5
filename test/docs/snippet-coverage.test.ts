// Every code block of README.md and docs/ is run by a test as written (snippets.ts says which), or
// is listed in NOT_RUN with the reason. A new block without either fails here.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { allSnippets, NOT_RUN, REPO, RUNNERS, snippetId, snippetsRunBy } from "./snippets";

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? testSources(join(dir, e.name))
      : e.name.endsWith(".test.ts")
        ? [readFileSync(join(dir, e.name), "utf8")]
        : [],
  );
}

describe("code blocks of the docs", () => {
  const all = allSnippets();

  it("finds the blocks (the parser still reads the docs)", () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((s) => s.lang === "terraform").length).toBeGreaterThan(20);
  });

  it("each runner is used by a test file", () => {
    const sources = testSources(join(REPO, "test"));
    for (const runner of RUNNERS) {
      expect([runner, sources.some((t) => t.includes(`snippetsRunBy("${runner}")`))]).toEqual([runner, true]);
    }
  });

  it("every block is run by a test, or listed in NOT_RUN with the reason", () => {
    const run = new Set(RUNNERS.flatMap((r) => snippetsRunBy(r)).map(snippetId));
    const excused = new Set(NOT_RUN.map(snippetId));
    const missing = all.filter((s) => !run.has(snippetId(s)) && !excused.has(snippetId(s)));
    expect(missing.map((s) => `${snippetId(s)} (line ${s.line}, ${s.lang || "no language"})`)).toEqual([]);
  });

  it("NOT_RUN names only blocks that exist and that no runner runs", () => {
    const ids = new Set(all.map(snippetId));
    const run = new Set(RUNNERS.flatMap((r) => snippetsRunBy(r)).map(snippetId));
    expect(NOT_RUN.map(snippetId).filter((id) => !ids.has(id) || run.has(id))).toEqual([]);
    for (const n of NOT_RUN) expect(n.why.length).toBeGreaterThan(10);
  });

  it("snippet ids are unique (file, heading, index)", () => {
    expect(new Set(all.map(snippetId)).size).toBe(all.length);
  });
});
