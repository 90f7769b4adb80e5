// `npm start` arguments and environment → what the demo does.

import * as path from "node:path";
import { parseDemoArgs } from "../../src/demo/options";
import { findRepoRoot } from "../../src/demo/paths";

const ROOT = path.resolve(__dirname, "..", "..");

describe("npm start options", () => {
  it("defaults: emulator, tmp/demo in the repository", () => {
    expect(parseDemoArgs([], {}, ROOT)).toEqual({
      help: false,
      options: {
        workDir: path.join(ROOT, "tmp", "demo"),
        reset: false,
        destroy: false,
        keepRunning: false,
        target: { kind: "emulator" },
      },
    });
  });

  it("flags and the work directory from the command line or the environment", () => {
    const r = parseDemoArgs(
      ["--reset", "--destroy", "--keep-running", "--work-dir", "w"],
      { VOXIMPLANT_DEMO_DIR: "ignored" },
      ROOT,
    );
    expect(r).toEqual({
      help: false,
      options: expect.objectContaining({ reset: true, destroy: true, keepRunning: true, workDir: path.resolve("w") }),
    });
    expect(parseDemoArgs(["--work-dir=x"], {}, ROOT)).toEqual({
      help: false,
      options: expect.objectContaining({ workDir: path.resolve("x") }),
    });
    expect(parseDemoArgs([], { VOXIMPLANT_DEMO_DIR: "from-env" }, ROOT)).toEqual({
      help: false,
      options: expect.objectContaining({ workDir: path.resolve("from-env") }),
    });
  });

  it(
    "VOXIMPLANT_CREDENTIALS selects a real account, confirmed only by VOXIMPLANT_DEMO_CONFIRM=yes; --emulator " +
      "overrides",
    () => {
      const env = { VOXIMPLANT_CREDENTIALS: "creds.json", VOXIMPLANT_API_URL: "https://api.example.com/platform_api" };
      expect(parseDemoArgs([], env, ROOT)).toEqual({
        help: false,
        options: expect.objectContaining({
          target: {
            kind: "real",
            credentialsPath: path.resolve("creds.json"),
            apiUrl: env.VOXIMPLANT_API_URL,
            confirmed: false,
          },
        }),
      });
      for (const [value, confirmed] of [
        ["yes", true],
        ["YES", true],
        ["1", false],
        ["true", false],
        ["", false],
      ] as const) {
        const r = parseDemoArgs([], { ...env, VOXIMPLANT_DEMO_CONFIRM: value }, ROOT);
        expect(r).toEqual({
          help: false,
          options: expect.objectContaining({ target: expect.objectContaining({ confirmed }) }),
        });
      }
      expect(parseDemoArgs(["--emulator"], env, ROOT)).toEqual({
        help: false,
        options: expect.objectContaining({ target: { kind: "emulator" } }),
      });
      expect(parseDemoArgs([], { VOXIMPLANT_CREDENTIALS: "  " }, ROOT)).toEqual({
        help: false,
        options: expect.objectContaining({ target: { kind: "emulator" } }),
      });
    },
  );

  it("bad arguments are errors naming them; --help wins", () => {
    expect(parseDemoArgs(["--bogus"], {}, ROOT)).toEqual({ error: 'unknown argument "--bogus"' });
    expect(parseDemoArgs(["--work-dir"], {}, ROOT)).toEqual({ error: "--work-dir needs a directory" });
    expect(parseDemoArgs(["--reset", "--help"], {}, ROOT)).toEqual({ help: true });
  });

  it("finds the repository root from anywhere inside it, and fails clearly outside", () => {
    expect(findRepoRoot(path.join(ROOT, "src", "demo"))).toBe(ROOT);
    expect(() => findRepoRoot(path.parse(ROOT).root)).toThrow(
      /cannot find the terraform-provider-voximplant repository/,
    );
  });
});
