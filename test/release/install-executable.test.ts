// `install` puts the self-contained executable into the filesystem mirror when one is built from
// the same bundle (or when the executable itself runs `install`), and a Node.js wrapper otherwise;
// terraform then runs the installed executable with nothing of Node.js on its PATH.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../src/emulator";
import { goPlatform, installProvider, type InstallOptions } from "../../src/plugin/install";
import { buildExecutable } from "../../src/release/executable";
import { RELEASE_PLATFORMS } from "../../src/release/platforms";
import { diagnosticsText, ensureBundle, expectSuccess, runTerraform } from "../support";
import { REPO_ROOT } from "../support/install";

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const EXE_NAME = `terraform-provider-voximplant_v${VERSION}`;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "vox-install-exe-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixture(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text, { mode: 0o755 });
  return path;
}

describe("installProvider with an executable", () => {
  const base = (dir: string): Omit<InstallOptions, "bundlePath" | "executablePath"> => ({
    dir,
    hostname: "example.local",
    namespace: "acme",
    type: "widget",
    version: "1.2.3",
  });

  it("copies the executable as the provider, alone in the package, replacing an earlier wrapper install", () => {
    const dir = join(work, "unit");
    const wrapper = installProvider({
      ...base(dir),
      bundlePath: fixture("bundle.js", "// bundle\n"),
      codeCache: false,
    });
    // A code cache file as a real wrapper installation leaves it.
    writeFileSync(`${wrapper.bundleCopyPath}.v8cache`, "cache");
    expect(readdirSync(wrapper.packageDir).sort()).toEqual([
      "provider.js",
      "provider.js.v8cache",
      "start.js",
      "terraform-provider-widget_v1.2.3",
    ]);
    const exe = fixture("exe", "#!/bin/sh\necho native\n");
    const result = installProvider({ ...base(dir), executablePath: exe });
    expect(readdirSync(result.packageDir)).toEqual(["terraform-provider-widget_v1.2.3"]);
    expect(readFileSync(result.executablePath, "utf8")).toBe("#!/bin/sh\necho native\n");
    expect(statSync(result.executablePath).mode & 0o777).toBe(0o755);
  });

  it("needs exactly one of bundlePath and executablePath, and an existing file", () => {
    const dir = join(work, "bad");
    const exe = fixture("exe2", "x");
    expect(() => installProvider({ ...base(dir) })).toThrow(/give exactly one of bundlePath and executablePath/);
    expect(() => installProvider({ ...base(dir), executablePath: exe, bundlePath: exe })).toThrow(/exactly one/);
    expect(() => installProvider({ ...base(dir), executablePath: join(work, "missing") })).toThrow(
      /executablePath ".*missing" is not an existing file/,
    );
    expect(readdirSync(work)).not.toContain("bad");
  });
});

describe("the install command", () => {
  let seaPath: string;
  const platform = RELEASE_PLATFORMS.find((p) => p.id === goPlatform());

  beforeAll(() => {
    if (platform === undefined) throw new Error(`no release platform for ${goPlatform()}`);
    seaPath = buildExecutable({ bundlePath: ensureBundle(), platform, seaDir: join(REPO_ROOT, "dist", "sea") }).path;
  }, 600_000);

  const install = (file: string, args: string[], dir: string, env: NodeJS.ProcessEnv = {}) =>
    execFileSync(file, [...args, "install", "--dir", dir], { encoding: "utf8", env: { ...env, HOME: work } });

  it("from the bundle, installs the executable built from that bundle", () => {
    const dir = join(work, "from-bundle");
    const out = install(process.execPath, [join(REPO_ROOT, "dist", "bundle", "provider.js")], dir);
    expect(out).toContain("Installed as the self-contained executable (no Node.js needed)");
    const pkg = join(dir, "mirror", "voximplant.local", "voximplant", "voximplant", VERSION, goPlatform());
    expect(readdirSync(pkg)).toEqual([EXE_NAME]);
    expect(readFileSync(join(pkg, EXE_NAME)).equals(readFileSync(seaPath))).toBe(true);
  });

  it("from a bundle whose executable was built from other sources, installs the Node.js wrapper", () => {
    // The same layout as dist/: bundle/provider.js and sea/OS_ARCH/ with a stamp of another bundle.
    const fake = join(work, "fake-dist");
    mkdirSync(join(fake, "bundle"), { recursive: true });
    mkdirSync(join(fake, "sea", goPlatform()), { recursive: true });
    copyFileSync(join(REPO_ROOT, "dist", "bundle", "provider.js"), join(fake, "bundle", "provider.js"));
    copyFileSync(seaPath, join(fake, "sea", goPlatform(), "terraform-provider-voximplant"));
    writeFileSync(
      join(fake, "sea", goPlatform(), "build-stamp.json"),
      JSON.stringify({ bundleSha256: "0".repeat(64) }),
    );
    const dir = join(work, "stale");
    const out = install(process.execPath, [join(fake, "bundle", "provider.js")], dir);
    expect(out).toContain("Installed as a wrapper that runs this bundle with Node.js");
    const pkg = join(dir, "mirror", "voximplant.local", "voximplant", "voximplant", VERSION, goPlatform());
    expect(readdirSync(pkg)).toEqual(expect.arrayContaining(["provider.js", EXE_NAME]));
    expect(readFileSync(join(pkg, EXE_NAME), "utf8")).toMatch(/^#!\/bin\/sh\n/);
  });

  it("run by the executable itself (no Node.js anywhere), installs itself; terraform applies with it", async () => {
    const dir = join(work, "from-sea");
    const out = install(seaPath, [], dir);
    expect(out).toContain("Installed as the self-contained executable (no Node.js needed)");
    const cliConfig = /^export TF_CLI_CONFIG_FILE=(.+)$/m.exec(out)?.[1] ?? "";
    const pkg = join(dir, "mirror", "voximplant.local", "voximplant", "voximplant", VERSION, goPlatform());
    expect(readFileSync(join(pkg, EXE_NAME)).equals(readFileSync(seaPath))).toBe(true);

    const bin = join(work, "bin");
    mkdirSync(bin);
    const terraform = execFileSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).trim();
    symlinkSync(realpathSync(terraform), join(bin, "terraform"));
    const tfDir = join(work, "tf");
    mkdirSync(tfDir);
    writeFileSync(
      join(tfDir, "main.tf"),
      `terraform {\n  required_providers {\n    voximplant = { source = "voximplant.local/voximplant/voximplant" ` +
        `}\n  }\n}\n\n` +
        `resource "voximplant_sip_registration" "main" {\n  sip_username = "fs-mirror"\n  proxy        = ` +
        `"sip.example.com"\n}\n`,
    );
    const emulator = await startEmulator({ seed: false });
    try {
      const env: NodeJS.ProcessEnv = {
        PATH: bin,
        HOME: work,
        TF_CLI_CONFIG_FILE: cliConfig,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        VOXIMPLANT_CREDENTIALS: emulator.credentialsPath,
        VOXIMPLANT_API_URL: emulator.url,
      };
      expectSuccess(await runTerraform(["init", "-input=false"], tfDir, env), "init");
      const applied = expectSuccess(
        await runTerraform(["apply", "-auto-approve", "-input=false"], tfDir, env),
        "apply",
      );
      expect(diagnosticsText(applied.stdout)).toContain("Apply complete! Resources: 1 added");
      const destroyed = expectSuccess(
        await runTerraform(["destroy", "-auto-approve", "-input=false"], tfDir, env),
        "destroy",
      );
      expect(diagnosticsText(destroyed.stdout)).toContain("Destroy complete! Resources: 1 destroyed.");
    } finally {
      await emulator.close();
    }
  });
});
