import { existsSync } from "node:fs";
import { join } from "node:path";
import * as pkg from "../../src";

const root = join(__dirname, "..", "..");
const manifest = require(join(root, "package.json")) as {
  main: string;
  exports: Record<string, string | { default: string; types: string }>;
  bin: Record<string, string>;
};

describe("package entry points", () => {
  it("exports the embeddable pieces", () => {
    expect(typeof pkg.startEmulator).toBe("function");
    expect(typeof pkg.createProvider).toBe("function");
    expect(typeof pkg.api.VoximplantClient).toBe("function");
    expect(typeof pkg.reviewPlanMarkdown).toBe("function");
  });

  it("points main, exports and bin at files the build produces", () => {
    // npm test builds before jest runs, so these must exist
    const files = [manifest.main, ...Object.values(manifest.bin)];
    for (const e of Object.values(manifest.exports)) {
      if (typeof e !== "string") files.push(e.default, e.types);
    }
    for (const f of files) expect({ file: f, exists: existsSync(join(root, f)) }).toEqual({ file: f, exists: true });
  });
});
