// End to end with the real Terraform CLI: the install command's filesystem mirror + CLI config,
// `terraform init` (offline) and `terraform providers schema -json` through the full AutoMTLS
// handshake, provider log lines in Terraform's debug log, and debug/reattach mode.
import { execFile, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { installProvider } from "../../../src/plugin/install";
import { buildFixtureBundle, buildProviderBundle, isAlive, removeTempDirs, tempDir, waitFor } from "./helpers";

const execFileAsync = promisify(execFile);
const SOURCE = "voximplant.local/voximplant/voximplant";
const VERSION = (JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { version: string })
  .version;

let bundle: string;
let home: string;

beforeAll(() => {
  bundle = buildProviderBundle();
  home = tempDir("tfp-home-");
});

afterAll(removeTempDirs);

/** A clean environment for terraform: no user CLI config, plugin cache or log settings leak in. */
function terraformEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ...extra };
}

async function terraform(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync("terraform", args, { cwd, env: terraformEnv(env), maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(" ")} failed: ${e.message}\nstdout:\n${e.stdout}\nstderr:\n${e.stderr}`);
  }
}

function configDir(): string {
  const dir = tempDir("tfp-config-");
  writeFileSync(
    join(dir, "main.tf"),
    `terraform {\n  required_providers {\n    voximplant = { source = "${SOURCE}" }\n  }\n}\n`,
  );
  return dir;
}

function install(dir: string): { exportLine: string; configFile: string; stdout: string } {
  const stdout = require("node:child_process").execFileSync(process.execPath, [bundle, "install", "--dir", dir], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: home },
  }) as string;
  const lines = stdout.trimEnd().split("\n");
  const exportLine = lines[lines.length - 1];
  const match = /^export TF_CLI_CONFIG_FILE=(.+)$/.exec(exportLine);
  if (!match) throw new Error(`install did not end with an export line:\n${stdout}`);
  return { exportLine, configFile: match[1], stdout };
}

describe("installed provider under the real terraform", () => {
  it("is found by terraform init and serves its schema to terraform providers schema -json", async () => {
    const installDir = join(tempDir("tfp-install-"), "inst");
    const { configFile, stdout } = install(installDir);
    expect(configFile).toBe(join(installDir, "terraformrc"));
    expect(stdout).toContain(`Installed ${SOURCE} ${VERSION}`);

    const cwd = configDir();
    const env = { TF_CLI_CONFIG_FILE: configFile };
    const init = await terraform(cwd, ["init", "-input=false", "-no-color"], env);
    expect(init.stdout).toMatch(
      new RegExp(`Installed ${SOURCE.replace(/\./g, "\\.")} v${VERSION.replace(/\./g, "\\.")}`),
    );
    // the lock file pins the package by its h1: hash (which covers the bundle copy)
    const lock = readFileSync(join(cwd, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(`provider "${SOURCE}"`);
    expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);

    const { stdout: json } = await terraform(cwd, ["providers", "schema", "-json"], env);
    const schema = JSON.parse(json) as {
      format_version: string;
      provider_schemas: Record<string, { provider?: unknown }>;
    };
    expect(schema.format_version).toBe("1.0");
    expect(Object.keys(schema.provider_schemas)).toEqual([SOURCE]);
    expect(schema.provider_schemas[SOURCE].provider).toBeDefined();

    // TF_LOG=debug: the provider's hclog lines are re-logged under provider.<executable>
    const { stderr } = await terraform(cwd, ["providers", "schema", "-json"], { ...env, TF_LOG: "debug" });
    const providerLogger = `provider.terraform-provider-voximplant_v${VERSION}`;
    expect(stderr).toMatch(
      new RegExp(`\\[DEBUG\\] ${providerLogger.replace(/\./g, "\\.")}: served RPC: .*rpc=GetProviderSchema`),
    );
    // our @timestamp parsed, so Terraform did not add its zero-time placeholder to our records
    const ours = stderr.split("\n").filter((l) => l.includes(`${providerLogger}: `));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((l) => l.includes("timestamp=0001-01-01"))).toEqual([]);
    // AutoMTLS was used (the launch went through the TLS path)
    expect(stderr).toMatch(/tls=true/);

    // installing again over the same directory works, and terraform still accepts the package
    install(installDir);
    const again = await terraform(cwd, ["providers", "schema", "-json"], env);
    expect(Object.keys((JSON.parse(again.stdout) as { provider_schemas: object }).provider_schemas)).toEqual([SOURCE]);
  });

  it("serves plaintext when the user disables AutoMTLS with TF_DISABLE_PLUGIN_TLS", async () => {
    const { configFile } = install(join(tempDir("tfp-install-"), "inst"));
    const cwd = configDir();
    const env = { TF_CLI_CONFIG_FILE: configFile };
    await terraform(cwd, ["init", "-input=false", "-no-color"], env);
    const { stdout, stderr } = await terraform(cwd, ["providers", "schema", "-json"], {
      ...env,
      TF_DISABLE_PLUGIN_TLS: "1",
      TF_LOG: "debug",
    });
    expect(Object.keys((JSON.parse(stdout) as { provider_schemas: object }).provider_schemas)).toEqual([SOURCE]);
    expect(stderr).toMatch(/plugin server listening: .*tls=false/);
  });

  it("shows a provider crash to the user as Terraform's plugin-crashed report", async () => {
    const installed = installProvider({
      dir: join(tempDir("tfp-install-"), "inst"),
      hostname: "example.local",
      namespace: "acme",
      type: "fixture",
      version: "0.0.1",
      bundlePath: buildFixtureBundle(),
    });
    const cwd = tempDir("tfp-config-");
    writeFileSync(
      join(cwd, "main.tf"),
      `terraform {\n  required_providers {\n    fixture = { source = "${installed.sourceAddress}" }\n  }\n}\n`,
    );
    const env = { TF_CLI_CONFIG_FILE: installed.cliConfigPath };
    await terraform(cwd, ["init", "-input=false", "-no-color"], env);
    const failure = await terraform(cwd, ["providers", "schema", "-json", "-no-color"], {
      ...env,
      FIXTURE_BEHAVIOUR: "crash",
    }).then(
      () => "",
      (err: Error) => err.message,
    );
    expect(failure).toMatch(
      /Stack trace from the terraform-provider-fixture_v0\.0\.1 plugin:\s+panic: fixture exploded\n\s+at /,
    );
    expect(failure).toMatch(/plugin crashed/);
  });

  it("serves terraform in debug mode through TF_REATTACH_PROVIDERS", async () => {
    const child = spawn(process.execPath, [bundle, "--debug"], {
      env: { PATH: process.env.PATH, HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      await waitFor(() => /export TF_REATTACH_PROVIDERS='.*'\n/.test(out), 30_000, "the reattach line");
      const value = /export TF_REATTACH_PROVIDERS='(.*)'\n/.exec(out)?.[1] ?? "";
      const reattach = JSON.parse(value) as Record<
        string,
        {
          Protocol: string;
          ProtocolVersion: number;
          Pid: number;
          Test: boolean;
          Addr: { Network: string; String: string };
        }
      >;
      expect(Object.keys(reattach)).toEqual([SOURCE]);
      expect(reattach[SOURCE]).toEqual({
        Protocol: "grpc",
        ProtocolVersion: 6,
        Pid: child.pid,
        Test: true,
        Addr: { Network: "tcp", String: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
      });

      // no installation and no CLI config at all: terraform connects to the running process
      const cwd = configDir();
      const env = { TF_REATTACH_PROVIDERS: value };
      await terraform(cwd, ["init", "-input=false", "-no-color"], env);
      const { stdout } = await terraform(cwd, ["providers", "schema", "-json"], env);
      expect(Object.keys((JSON.parse(stdout) as { provider_schemas: object }).provider_schemas)).toEqual([SOURCE]);
      // Terraform does not shut a reattached provider down: it serves the next command too
      const second = await terraform(cwd, ["providers", "schema", "-json"], env);
      expect(JSON.parse(second.stdout)).toEqual(JSON.parse(stdout));
      expect(isAlive(child.pid ?? -1)).toBe(true);
    } finally {
      child.kill("SIGINT"); // Ctrl-C ends debug mode
    }
    expect(await exited).toBe(0);
  });
});
