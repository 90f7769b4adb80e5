// docs/cdktf.md, docs/gitops.md and the examples' README: relative links resolve, and the
// documented `npm start` options are the ones the demo accepts.

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_USAGE } from "../../src/demo/options";
import { ROOT } from "./helpers";

const DOCS = ["docs/cdktf.md", "docs/gitops.md", "docs/adopt.md", "examples/gitops/README.md"];

describe("CDKTF and GitOps docs", () => {
  it.each(DOCS)("%s: every relative link points at an existing file", (doc) => {
    const text = readFileSync(path.join(ROOT, doc), "utf8");
    const links = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    const missing = links.filter((l) => !existsSync(path.resolve(path.dirname(path.join(ROOT, doc)), l)));
    expect(missing).toEqual([]);
  });

  it("documents exactly the options npm start accepts", () => {
    const documented = [...readFileSync(path.join(ROOT, "docs/cdktf.md"), "utf8").matchAll(/^\| `(--[a-z-]+)/gm)]
      .map((m) => m[1])
      .sort();
    const accepted = [...DEMO_USAGE.matchAll(/^ {2}(--[a-z-]+)/gm)]
      .map((m) => m[1])
      .filter((o) => o !== "--help")
      .sort();
    expect(documented).toEqual(accepted);
  });
});
