// End to end: a fixture provider built only on src/plugin (framework + transport + codec),
// bundled with esbuild, installed into a filesystem mirror with the installer, and driven by the
// real terraform binary. Each step builds on the state the previous one left behind.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  createProviderServer,
  installProvider,
  protocolSchemasOf,
  providerSchemaDocument,
  schemasJsonDocument,
} from "terraform-provider-voximplant/plugin";
import { fixtureProvider } from "./fixture/definition";

const execFileAsync = promisify(execFile);
const repoRoot = resolve(__dirname, "../../..");
const SOURCE = "example.local/fixture/fixture";

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

let cliConfig = "";
let home = "";
let work = "";
let remoteFile = "";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function tf(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
    ...extraEnv,
  };
  try {
    const r = await execFileAsync("terraform", [...args], { cwd: work, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as Error & { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

async function ok(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
  const r = await tf(args, extraEnv);
  if (r.code !== 0)
    throw new Error(`terraform ${args.join(" ")} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r;
}

const PROVIDER_BLOCK = () => `
terraform {
  required_providers {
    fixture = { source = "${SOURCE}" }
  }
}

provider "fixture" {
  state_file = ${JSON.stringify(remoteFile)}
}
`;

function writeConfig(body: string): void {
  writeFileSync(join(work, "main.tf"), PROVIDER_BLOCK() + body);
}

interface StateResource {
  address?: string;
  type: string;
  name: string;
  instances: {
    attributes: Record<string, unknown>;
    status?: string;
    private?: string;
    sensitive_attributes?: unknown;
  }[];
}

function stateFile(): { resources: StateResource[] } {
  return JSON.parse(readFileSync(join(work, "terraform.tfstate"), "utf8")) as { resources: StateResource[] };
}

function instance(name: string): { attributes: Record<string, unknown>; status?: string; private?: string } {
  const r = stateFile().resources.find((x) => x.type === "fixture_thing" && x.name === name);
  if (r === undefined || r.instances[0] === undefined) throw new Error(`no fixture_thing.${name} in state`);
  return r.instances[0];
}

function remote(): { things: Record<string, Record<string, unknown>> } {
  return JSON.parse(readFileSync(remoteFile, "utf8")) as { things: Record<string, Record<string, unknown>> };
}

const BASE = `
resource "fixture_thing" "a" {
  name              = "alpha"
  zone              = "eu"
  ratio             = 0.1
  tags              = ["x", "y"]
  secret_wo         = "wo-secret-value-1"
  secret_wo_version = 1
  rule {
    host = "sip.example.net"
  }
}

resource "fixture_thing" "b" {
  name = "child-of-\${fixture_thing.a.id}"
}

data "fixture_lookup" "a" {
  name       = fixture_thing.a.name
  depends_on = [fixture_thing.a]
}

output "looked_up" {
  value = data.fixture_lookup.a.thing_id
}
`;

beforeAll(() => {
  const esbuild = require("esbuild") as { buildSync(options: object): unknown };
  const build = require(join(repoRoot, "scripts", "build.js")) as {
    bundleOptions(entry: string, outfile: string): object;
  };
  const bundleDir = tempDir("fw-e2e-bundle-");
  const bundlePath = join(bundleDir, "fixture.js");
  esbuild.buildSync(build.bundleOptions("test/plugin/e2e/fixture/main.ts", bundlePath));
  const installed = installProvider({
    dir: join(tempDir("fw-e2e-install-"), "inst"),
    hostname: "example.local",
    namespace: "fixture",
    type: "fixture",
    version: "0.0.1",
    bundlePath,
  });
  cliConfig = installed.cliConfigPath;
  home = tempDir("fw-e2e-home-");
  work = tempDir("fw-e2e-work-");
  remoteFile = join(tempDir("fw-e2e-remote-"), "remote.json");
});

afterAll(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("framework provider under the real terraform", () => {
  it("init and validate work offline", async () => {
    writeConfig(BASE);
    const init = await ok(["init", "-input=false", "-no-color"]);
    expect(init.stdout).toMatch(/Installed example\.local\/fixture\/fixture v0\.0\.1/);
    const v = await ok(["validate", "-no-color"]);
    expect(v.stdout).toMatch(/The configuration is valid/);
  });

  it("validate reports validator errors with the attribute's configuration location", async () => {
    writeConfig(BASE.replace('zone              = "eu"', 'zone              = "mars"'));
    const v = await tf(["validate", "-no-color"]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/Invalid Attribute Value/);
    expect(v.stderr).toMatch(/zone value must be one of: \["eu", "us", "ap"\], got: "mars"/);
    expect(v.stderr).toMatch(/main\.tf line \d+/);
    writeConfig(BASE);
  });

  it("providers schema -json equals the framework's own schema document", async () => {
    const { stdout } = await ok(["providers", "schema", "-json"]);
    const expected = schemasJsonDocument(SOURCE, protocolSchemasOf(createProviderServer(fixtureProvider)));
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(providerSchemaDocument(fixtureProvider, SOURCE)).toEqual(expected);
  });

  it("plans unknowns flowing from one resource to another, and applies", async () => {
    const plan = await ok(["plan", "-no-color", "-out=tfplan"]);
    expect(plan.stdout).toMatch(/Plan: 2 to add, 0 to change, 0 to destroy/);
    const shown = JSON.parse((await ok(["show", "-json", "tfplan"])).stdout) as {
      resource_changes: {
        address: string;
        change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
      }[];
    };
    const b = shown.resource_changes.find((c) => c.address === "fixture_thing.b")!;
    expect(b.change.after_unknown.name).toBe(true);
    expect(b.change.after_unknown.id).toBe(true);
    const a = shown.resource_changes.find((c) => c.address === "fixture_thing.a")!;
    expect(a.change.after.size).toBe(1);
    expect(a.change.after.ratio).toBe(0.1);
    expect(a.change.after.secret_wo).toBeNull();

    await ok(["apply", "-no-color", "-input=false", "tfplan"]);
    const sa = instance("a");
    expect(sa.attributes.id).toBe("thing-1");
    expect(instance("b").attributes.name).toBe("child-of-thing-1");
    expect(sa.attributes.rule).toEqual([{ host: "sip.example.net", port: 5060 }]);
    expect(remote().things["thing-1"]!.ratio).toBe("0.1");
    const out = await ok(["output", "-raw", "looked_up"]);
    expect(out.stdout).toBe("thing-1");
  });

  it("keeps write-only values out of state but delivers them to the provider", () => {
    const sa = instance("a");
    expect(sa.attributes.secret_wo).toBeNull();
    expect(readFileSync(join(work, "terraform.tfstate"), "utf8")).not.toContain("wo-secret-value-1");
    expect(sa.attributes.secret_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(sa.private).toBeDefined();
  });

  it("a second plan shows no changes (exit 0 with -detailed-exitcode)", async () => {
    const r = await tf(["plan", "-no-color", "-detailed-exitcode"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No changes/);
  });

  it("a refresh-only plan of unchanged objects exits 0 with -detailed-exitcode, repeatedly", async () => {
    // Numbers (size, ratio, secret_wo_version, rule.port) must come back from ReadResource in a
    // form Terraform decodes exactly like the state file's JSON: Terraform 1.11 compares the
    // refreshed objects with the stored ones by reflect.DeepEqual, and answered with msgpack ints
    // it exited 2 here every time.
    for (let i = 0; i < 3; i++) {
      const r = await tf(["plan", "-refresh-only", "-no-color", "-detailed-exitcode"]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/No changes/);
      expect(r.code).toBe(0);
    }
  });

  it("an update keeps UseStateForUnknown values and a new write-only version reaches the provider", async () => {
    const hashBefore = instance("a").attributes.secret_hash;
    writeConfig(
      BASE.replace('"wo-secret-value-1"', '"wo-secret-value-2"').replace(
        "secret_wo_version = 1",
        "secret_wo_version = 2",
      ),
    );
    const plan = await ok(["plan", "-no-color"]);
    expect(plan.stdout).toMatch(/fixture_thing\.a will be updated in-place/);
    expect(plan.stdout).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    await ok(["apply", "-no-color", "-auto-approve", "-input=false"]);
    expect(instance("a").attributes.id).toBe("thing-1");
    expect(instance("a").attributes.secret_hash).not.toBe(hashBefore);
    expect((await tf(["plan", "-detailed-exitcode", "-no-color"])).code).toBe(0);
  });

  it("a RequiresReplace change plans a replacement", async () => {
    writeConfig(
      BASE.replace('"wo-secret-value-1"', '"wo-secret-value-2"')
        .replace("secret_wo_version = 1", "secret_wo_version = 2")
        .replace('zone              = "eu"', 'zone              = "us"'),
    );
    const plan = await ok(["plan", "-no-color"]);
    expect(plan.stdout).toMatch(/fixture_thing\.a must be replaced/);
    expect(plan.stdout).toMatch(/# forces replacement/);
    await ok(["apply", "-no-color", "-auto-approve", "-input=false"]);
    const sa = instance("a");
    expect(sa.attributes.zone).toBe("us");
    expect(sa.attributes.id).not.toBe("thing-1");
    expect(instance("b").attributes.name).toBe(`child-of-${String(sa.attributes.id)}`);
    expect((await tf(["plan", "-detailed-exitcode", "-no-color"])).code).toBe(0);
  });

  it("terraform import and import {} blocks bring an existing object under management", async () => {
    const id = String(instance("a").attributes.id);
    await ok(["state", "rm", "-no-color", "fixture_thing.a"]);
    const imp = await ok(["import", "-no-color", "-input=false", "fixture_thing.a", id]);
    expect(imp.stdout).toMatch(/Import successful/);
    expect(instance("a").attributes.name).toBe("alpha");
    expect(instance("a").attributes.zone).toBe("us");
    // the write-only secret cannot be read back, everything else matches the config
    const after = await tf(["plan", "-no-color", "-detailed-exitcode"]);
    expect(after.code).toBe(0);

    await ok(["state", "rm", "-no-color", "fixture_thing.a"]);
    const current = readFileSync(join(work, "main.tf"), "utf8");
    writeFileSync(join(work, "main.tf"), `${current}\nimport {\n  to = fixture_thing.a\n  id = "${id}"\n}\n`);
    const plan = await ok(["plan", "-no-color"]);
    expect(plan.stdout).toMatch(/fixture_thing\.a will be imported/);
    expect(plan.stdout).toMatch(/1 to import/);
    await ok(["apply", "-no-color", "-auto-approve", "-input=false"]);
    expect(instance("a").attributes.id).toBe(id);

    // an ID the resource rejects: the provider's diagnostic reaches the user, nothing is imported
    const withC = readFileSync(join(work, "main.tf"), "utf8");
    writeFileSync(join(work, "main.tf"), `${withC}\nresource "fixture_thing" "c" {\n  name = "c"\n}\n`);
    const bad = await tf(["import", "-no-color", "-input=false", "fixture_thing.c", "nonsense"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Invalid import ID/);
    expect(bad.stderr).toMatch(/Expected thing-<n>, got "nonsense"/);
    expect(stateFile().resources.some((x) => x.name === "c")).toBe(false);
    writeFileSync(join(work, "main.tf"), withC);
  });

  it("a create that fails after the object exists stores it as tainted", async () => {
    writeConfig(
      BASE.replace('"wo-secret-value-1"', '"wo-secret-value-2"')
        .replace("secret_wo_version = 1", "secret_wo_version = 2")
        .replace('zone              = "eu"', 'zone              = "us"') +
        `\nresource "fixture_thing" "bad" {\n  name              = "bad"\n  fail_after_create = true\n}\n`,
    );
    const r = await tf(["apply", "-no-color", "-auto-approve", "-input=false"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Create failed after the object was created/);
    const bad = instance("bad");
    expect(bad.status).toBe("tainted");
    expect(String(bad.attributes.id)).toMatch(/^thing-\d+$/);
    expect(remote().things[String(bad.attributes.id)]).toBeDefined();
    const plan = await ok(["plan", "-no-color"]);
    expect(plan.stdout).toMatch(/fixture_thing\.bad is tainted, so must be replaced/);
  });

  it("TF_LOG=debug shows the provider's own log lines", async () => {
    const r = await ok(["plan", "-no-color", "-refresh=true"], { TF_LOG: "debug" });
    expect(r.stderr).toMatch(/provider\.terraform-provider-fixture_v0\.0\.1: Received PlanResourceChange/);
    expect(r.stderr).toMatch(/fixture provider configured/);
    expect(r.stderr).not.toContain("wo-secret-value");
  });

  it("destroy removes everything", async () => {
    writeConfig(BASE);
    await ok(["destroy", "-no-color", "-auto-approve", "-input=false"]);
    expect(stateFile().resources.filter((x) => x.type === "fixture_thing")).toEqual([]);
    expect(remote().things).toEqual({});
  });
});
