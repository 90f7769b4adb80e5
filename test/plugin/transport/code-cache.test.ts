// The V8 code cache the install command writes next to the bundle (src/plugin/install/code-cache.ts):
// made by the installed provider itself, accepted by V8 under the wrapper's Node flags, never a
// reason for the provider not to start (missing, stale or corrupt caches are compiled around).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_NODE_FLAGS, codeCachePathOf, installProvider, type InstallOptions } from "../../../src/plugin/install";
import { buildProviderBundle, pluginEnv, removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

/** Whether V8, started with `flags`, accepts `cachePath` for `bundlePath` (compiled the way start.js does). */
function cacheAccepted(bundlePath: string, cachePath: string, flags: readonly string[]): boolean {
  const check = `
const fs = require("node:fs"), vm = require("node:vm"), { Module } = require("node:module");
const [bundle, cache] = process.argv.slice(1);
const source = Module.wrap(fs.readFileSync(bundle, "utf8"));
const s = new vm.Script(source, { filename: bundle, cachedData: fs.readFileSync(cache) });
process.stdout.write(String(!s.cachedDataRejected));`;
  return (
    execFileSync(process.execPath, [...flags, "-e", check, bundlePath, cachePath], { encoding: "utf8" }) === "true"
  );
}

/** The first stdout line of the installed executable started as Terraform starts it (then killed). */
function handshakeLine(executablePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executablePath, [], { env: pluginEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      if (out.includes("\n")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", () =>
      out.includes("\n") ? resolve(out.split("\n")[0]) : reject(new Error(`no handshake: ${err}`)),
    );
  });
}

describe("code cache of the installed bundle", () => {
  let bundlePath: string;
  let base: InstallOptions;
  beforeAll(() => {
    bundlePath = buildProviderBundle();
    base = { hostname: "example.local", namespace: "acme", type: "widget", version: "1.2.3", bundlePath };
  });

  it("is written by the installed provider and accepted under the wrapper's flags", async () => {
    const result = installProvider({ ...base, dir: tempDir("tfp-cache-") });
    expect(result.codeCachePath).toBe(codeCachePathOf(result.bundleCopyPath));
    expect(existsSync(result.codeCachePath as string)).toBe(true);
    expect(cacheAccepted(result.bundleCopyPath, result.codeCachePath as string, DEFAULT_NODE_FLAGS)).toBe(true);
    expect(await handshakeLine(result.executablePath)).toMatch(/^1\|6\|(tcp|unix)\|/);
  });

  it(
    "re-installing the same build keeps the package byte for byte (lock-file hash), a new " + "build gets a new cache",
    () => {
      const dir = tempDir("tfp-cache-");
      const first = installProvider({ ...base, dir });
      const before = readFileSync(first.codeCachePath as string);
      const again = installProvider({ ...base, dir });
      expect(readFileSync(again.codeCachePath as string).equals(before)).toBe(true);
      // a different bundle: its own cache, accepted for it
      const changed = join(tempDir("tfp-bundle2-"), "provider.js");
      writeFileSync(changed, `${readFileSync(bundlePath, "utf8")}\n// another build\n`);
      const next = installProvider({ ...base, dir, bundlePath: changed });
      expect(cacheAccepted(next.bundleCopyPath, next.codeCachePath as string, DEFAULT_NODE_FLAGS)).toBe(true);
    },
  );

  it("the bundle is Latin-1 text, so V8 holds its source (and the start script's copy) one byte per character", () => {
    // esbuild escapes strings but copies regular expressions and comments as they are: write
    // characters beyond U+00FF there as \\u escapes (see src/provider/duration.ts)
    const beyondLatin1 = [...readFileSync(bundlePath, "utf8").matchAll(/.{0,40}[\u0100-\uffff]/g)].map((m) => m[0]);
    expect(beyondLatin1).toEqual([]);
  });

  it("a corrupt cache is ignored: the provider still starts", async () => {
    const result = installProvider({ ...base, dir: tempDir("tfp-cache-") });
    writeFileSync(result.codeCachePath as string, "not a V8 code cache");
    expect(await handshakeLine(result.executablePath)).toMatch(/^1\|6\|(tcp|unix)\|/);
  });

  it("codeCache: false writes none and removes the cache of an earlier install", async () => {
    const dir = tempDir("tfp-cache-");
    const first = installProvider({ ...base, dir });
    expect(existsSync(first.codeCachePath as string)).toBe(true);
    const second = installProvider({ ...base, dir, codeCache: false });
    expect(second.codeCachePath).toBeNull();
    expect(existsSync(codeCachePathOf(second.bundleCopyPath))).toBe(false);
    expect(await handshakeLine(second.executablePath)).toMatch(/^1\|6\|(tcp|unix)\|/);
  });

  it("the start script runs the bundle from its own directory with its file name", () => {
    const result = installProvider({ ...base, dir: tempDir("tfp-cache-"), codeCache: false });
    const start = readFileSync(join(result.packageDir, "start.js"), "utf8");
    expect(start).toContain('path.join(__dirname, "provider.js")');
    // the schema command goes through the start script like any other
    const schema = JSON.parse(
      execFileSync(result.executablePath, ["schema"], { encoding: "utf8", env: { PATH: process.env.PATH } }),
    ) as object;
    expect(schema).toHaveProperty("provider_schemas");
  });
});
