import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_NODE_FLAGS,
  cliConfig,
  goPlatform,
  installProvider,
  type InstallOptions,
} from "../../../src/plugin/install";
import { DEFERRED_EXTRA_CA_CERTS_KEY } from "../../../src/plugin";
import { removeTempDirs, tempDir } from "./helpers";

afterAll(removeTempDirs);

function options(overrides: Partial<InstallOptions> = {}): InstallOptions & { bundlePath: string } {
  const src = tempDir("tfp-src-");
  const bundlePath = join(src, "bundle.js");
  writeFileSync(bundlePath, 'process.stdout.write("args:" + process.argv.slice(2).join(",") + "\\n");\n');
  return {
    dir: tempDir("tfp-inst-"),
    hostname: "example.local",
    namespace: "acme",
    type: "widget",
    version: "1.2.3",
    bundlePath,
    ...overrides,
  } as InstallOptions & { bundlePath: string };
}

describe("installProvider", () => {
  it(
    "lays out an unpacked filesystem mirror with a wrapper that execs node on a start script " +
      "and a copy of the bundle",
    () => {
      const opts = options();
      const result = installProvider(opts);
      const pkg = join(opts.dir as string, "mirror", "example.local", "acme", "widget", "1.2.3", goPlatform());
      expect(result.packageDir).toBe(pkg);
      expect(result.mirrorDir).toBe(join(opts.dir as string, "mirror"));
      expect(result.executablePath).toBe(join(pkg, "terraform-provider-widget_v1.2.3"));
      // this bundle never gets to a handshake, so it has no code cache (and the install still works)
      expect(readdirSync(pkg).sort()).toEqual(["provider.js", "start.js", "terraform-provider-widget_v1.2.3"]);
      expect(result.codeCachePath).toBeNull();
      expect(statSync(result.executablePath).mode & 0o777).toBe(0o755);
      expect(readFileSync(result.bundleCopyPath, "utf8")).toBe(readFileSync(opts.bundlePath, "utf8"));

      const wrapper = readFileSync(result.executablePath, "utf8");
      expect(wrapper.startsWith("#!/bin/sh\n")).toBe(true);
      expect(DEFAULT_NODE_FLAGS).toEqual([]);
      expect(wrapper).toContain(`exec ${process.execPath} "$(dirname -- "$0")/start.js" "$@"`);
      // the wrapper really runs the copied bundle and passes arguments through
      expect(execFileSync(result.executablePath, ["a", "b"], { encoding: "utf8" })).toBe("args:a,b\n");
    },
  );

  it("writes a CLI configuration that sends only this namespace to the mirror, and an export line", () => {
    const opts = options();
    const result = installProvider(opts);
    expect(result.cliConfigPath).toBe(join(opts.dir as string, "terraformrc"));
    const text = readFileSync(result.cliConfigPath, "utf8");
    expect(text).toContain(`path    = "${join(opts.dir as string, "mirror")}"`);
    expect(text).toContain('include = ["example.local/acme/*"]');
    expect(text).toContain('exclude = ["example.local/acme/*"]');
    expect(text.indexOf("filesystem_mirror")).toBeLessThan(text.indexOf("direct"));
    expect(result.exportLine).toBe(`export TF_CLI_CONFIG_FILE=${result.cliConfigPath}`);
    expect(result.sourceAddress).toBe("example.local/acme/widget");
  });

  it("overwrites an existing installation in place", () => {
    const opts = options();
    const first = installProvider(opts);
    writeFileSync(opts.bundlePath, "// second build\n");
    const second = installProvider({ ...opts, nodePath: "/opt/node/bin/node" });
    expect(second.packageDir).toBe(first.packageDir);
    expect(readFileSync(second.bundleCopyPath, "utf8")).toBe("// second build\n");
    expect(readFileSync(second.executablePath, "utf8")).toContain("exec /opt/node/bin/node ");
    expect(readdirSync(second.packageDir).sort()).toEqual([
      "provider.js",
      "start.js",
      "terraform-provider-widget_v1.2.3",
    ]);
  });

  it("quotes paths with spaces and quotes for the shell and for HCL", () => {
    const base = tempDir("tfp-odd-");
    const opts = options({ dir: join(base, `my "odd" dir's`), nodePath: "/opt/my node/node" });
    const result = installProvider(opts);
    expect(readFileSync(result.executablePath, "utf8")).toContain(`exec '/opt/my node/node' `);
    expect(result.exportLine).toBe(`export TF_CLI_CONFIG_FILE='${result.cliConfigPath.replace(/'/g, `'\\''`)}'`);
    expect(readFileSync(result.cliConfigPath, "utf8")).toContain(`my \\"odd\\" dir's/mirror"`);
    expect(cliConfig("/a/${b}/%{c}", "h/n/*")).toContain('path    = "/a/$${b}/%%{c}"');
  });

  it("runs Node with the default flags, or with the given ones, and rejects anything that is not an option", () => {
    const custom = installProvider(options({ dir: tempDir("tfp-flags-"), nodeFlags: ["--max-old-space-size=64"] }));
    const wrapper = readFileSync(custom.executablePath, "utf8");
    expect(wrapper).toContain(`exec ${process.execPath} --max-old-space-size=64 "$(dirname`);
    expect(wrapper).not.toContain("--max-semi-space-size");
    expect(execFileSync(custom.executablePath, ["x"], { encoding: "utf8" })).toBe("args:x\n");
    expect(() => installProvider(options({ dir: tempDir("tfp-flags-"), nodeFlags: ["; rm -rf /"] }))).toThrow(
      /nodeFlags entry "; rm -rf \/" is not a Node.js option/,
    );
  });

  it("moves NODE_EXTRA_CA_CERTS aside only when asked, so Node.js starts without loading it", () => {
    const opts = options();
    writeFileSync(
      opts.bundlePath,
      "const e = process.env;\n" +
        "process.stdout.write(JSON.stringify([e.NODE_EXTRA_CA_CERTS, e.TF_PLUGIN_NODE_EXTRA_CA_CERTS]));\n",
    );
    // a file that does not exist: Node.js warns about it on stderr when it loads it at start
    const missing = join(tempDir("tfp-ca-"), "corporate ca.pem");
    const run = (executable: string, env: NodeJS.ProcessEnv) => {
      const r = spawnSync(executable, [], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
      return { values: JSON.parse(r.stdout) as (string | null)[], stderr: r.stderr };
    };

    const deferring = installProvider({ ...opts, deferExtraCaCerts: true });
    expect(readFileSync(deferring.executablePath, "utf8")).toContain(DEFERRED_EXTRA_CA_CERTS_KEY);
    const moved = run(deferring.executablePath, { NODE_EXTRA_CA_CERTS: missing });
    expect(moved.values).toEqual([null, missing]);
    expect(moved.stderr).toBe(""); // Node.js did not try to load it
    expect(run(deferring.executablePath, {}).values).toEqual([null, null]);
    expect(run(deferring.executablePath, { NODE_EXTRA_CA_CERTS: "" }).values).toEqual(["", null]);

    const plain = installProvider({ ...opts, dir: tempDir("tfp-inst-") });
    expect(readFileSync(plain.executablePath, "utf8")).not.toContain(DEFERRED_EXTRA_CA_CERTS_KEY);
    const kept = run(plain.executablePath, { NODE_EXTRA_CA_CERTS: missing });
    expect(kept.values).toEqual([missing, null]);
    expect(kept.stderr).toContain("extra certs"); // Node.js's own warning: it loaded the variable
  });

  it("keeps the young generation small once the bundle has started, without a flag on the command line", () => {
    // The bundle keeps many objects alive for a while, which makes V8 grow the young generation,
    // then prints its size. The start script limits that growth once start-up is over (the first
    // turn of the event loop); a provider's RPCs come later still, like this timer.
    const opts = options();
    writeFileSync(
      opts.bundlePath,
      [
        "setTimeout(() => {",
        "  let keep = [];",
        "  for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 200000) keep = []; }",
        "  const young = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');",
        "  process.stdout.write(String(young.space_size / 1048576));",
        "}, 20);",
        "",
      ].join("\n"),
    );
    const result = installProvider(opts);
    expect(readFileSync(result.executablePath, "utf8")).not.toMatch(/semi-space/);
    const installedMb = Number(execFileSync(result.executablePath, [], { encoding: "utf8" }));
    const plainMb = Number(execFileSync(process.execPath, [opts.bundlePath], { encoding: "utf8" }));
    expect(installedMb).toBeLessThanOrEqual(4);
    expect(plainMb).toBeGreaterThan(8); // V8's default, so the limit above is what made the difference
  });

  it("rejects malformed parameters with an error naming the field", () => {
    expect(() => installProvider(options({ hostname: "Example.Local" }))).toThrow(/invalid hostname "Example.Local"/);
    expect(() => installProvider(options({ namespace: "a/b" }))).toThrow(/invalid namespace/);
    expect(() => installProvider(options({ type: "" }))).toThrow(/invalid type/);
    expect(() => installProvider(options({ version: "v1.0.0" }))).toThrow(/invalid version "v1.0.0"/);
    expect(() => installProvider(options({ bundlePath: "/nonexistent/bundle.js" }))).toThrow(
      /bundlePath "\/nonexistent\/bundle.js" is not an existing file/,
    );
    expect(() => installProvider(options({ nodePath: "node" }))).toThrow(/nodePath "node" must be an absolute path/);
  });

  it("leaves nothing behind when validation fails", () => {
    const opts = options({ version: "latest" });
    expect(() => installProvider(opts)).toThrow(/invalid version/);
    expect(existsSync(join(opts.dir as string, "mirror"))).toBe(false);
  });
});

describe("goPlatform", () => {
  it("maps Node platform/arch names to Terraform's", () => {
    expect(goPlatform("linux", "x64")).toBe("linux_amd64");
    expect(goPlatform("darwin", "arm64")).toBe("darwin_arm64");
    expect(goPlatform("win32", "ia32")).toBe("windows_386");
    expect(() => goPlatform("aix", "ppc64")).toThrow(/unsupported platform aix\/ppc64/);
  });
});
