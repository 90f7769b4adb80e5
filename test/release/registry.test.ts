// Installing the released provider the way users will, with the real terraform and nothing of
// Node.js on its PATH: from the static registry tree (`npm run package -- --registry-dir`) served
// over HTTPS by a plain static host with a throwaway CA, then from the same tree as a network
// mirror. Each installation then applies, plans and destroys against the emulator. Tampered
// archives and checksum files must fail `terraform init` with Terraform's own checksum errors.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { diagnosticsText, expectSuccess, runTerraform, type TfResult } from "../support";
import { makeThrowawayCa, startStaticHost, type StaticHost, type ThrowawayCa } from "./https-registry";
import { makeSigningKey, type TestSigningKey } from "./keys";
import { runPackage } from "./run-package";
import { zipArchive } from "../../src/release/zip";

const VERSION = (JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string })
  .version;
const NAME = "terraform-provider-voximplant";
/**
 * The source host of the mirror tests. Not the registry's localhost:PORT: Terraform cannot use a
 * network mirror for a host name with a port (it builds the mirror URL by joining the host name as
 * a relative path, and "localhost:PORT/..." then parses as a URL scheme). Never contacted.
 */
const MIRRORED_HOST = "voximplant.example.test";

let key: TestSigningKey;
let ca: ThrowawayCa;
let host: StaticHost;
let emulator: RunningEmulator;
let work: string;
let tree: string;
let hostname: string;
let terraformOnlyPath: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "vox-registry-"));
  tree = join(work, "tree");
  mkdirSync(tree);
  key = await makeSigningKey();
  ca = makeThrowawayCa();
  host = await startStaticHost(ca, tree);
  hostname = `localhost:${host.port}`;
  const run = await runPackage(
    [
      "--platforms",
      "linux_amd64",
      "--out",
      join(work, "release"),
      "--registry-dir",
      tree,
      "--hostname",
      `${hostname},${MIRRORED_HOST}`,
    ],
    { RELEASE_SIGNING_KEY_FILE: key.privateKeyFile, RELEASE_SIGNING_PASSPHRASE: key.passphrase },
  );
  if (run.code !== 0) throw new Error(`npm run package failed:\n${run.err}`);
  emulator = await startEmulator({ seed: false });
  // A PATH holding terraform and nothing else: no node, no shell utilities.
  terraformOnlyPath = join(work, "bin");
  mkdirSync(terraformOnlyPath);
  const terraform = execFileSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).trim();
  symlinkSync(realpathSync(terraform), join(terraformOnlyPath, "terraform"));
}, 600_000);

afterAll(async () => {
  await emulator?.close();
  await host?.close();
  for (const dir of [work, key?.dir, ca?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const MAIN_TF = `resource "voximplant_sip_registration" "main" {
  sip_username = "release-e2e"
  proxy        = "sip.example.com"
}
`;

function versionsTf(sourceHost: string): string {
  return `terraform {
  required_providers {
    voximplant = {
      source  = "${sourceHost}/voximplant/voximplant"
      version = "${VERSION}"
    }
  }
}
`;
}

/** A working dir plus the environment terraform runs with (CLI config given as text). */
function workspace(name: string, cliConfig: string, sourceHost = hostname): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = join(work, name);
  mkdirSync(join(dir, "home"), { recursive: true });
  writeFileSync(join(dir, "versions.tf"), versionsTf(sourceHost));
  writeFileSync(join(dir, "main.tf"), MAIN_TF);
  writeFileSync(join(dir, "home", "terraformrc"), cliConfig);
  const env: NodeJS.ProcessEnv = {
    PATH: terraformOnlyPath,
    HOME: join(dir, "home"),
    TF_CLI_CONFIG_FILE: join(dir, "home", "terraformrc"),
    SSL_CERT_FILE: ca.caFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    VOXIMPLANT_CREDENTIALS: emulator.credentialsPath,
    VOXIMPLANT_API_URL: emulator.url,
  };
  return { dir, env };
}

const text = (r: TfResult) => diagnosticsText(`${r.stdout}\n${r.stderr}`);
/** Terraform wraps long diagnostics; messages are matched with their line breaks as spaces. */
const oneLine = (r: TfResult) => text(r).replace(/\s+/g, " ");

async function registrations(): Promise<unknown[]> {
  const res = await fetch(`${emulator.adminUrl}/state`);
  return ((await res.json()) as { registrations: unknown[] }).registrations;
}

/** The installed package directory holds exactly the executable, a native binary (not a script). */
function expectInstalledExecutable(dir: string, sourceHost = hostname): void {
  const pkg = join(dir, ".terraform", "providers", sourceHost, "voximplant", "voximplant", VERSION, "linux_amd64");
  expect(readdirSync(pkg)).toEqual([`${NAME}_v${VERSION}`]);
  expect(readFileSync(join(pkg, `${NAME}_v${VERSION}`)).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

/** apply, an empty plan, destroy: the provider works with no Node.js on PATH. */
async function applyPlanDestroy(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const before = (await registrations()).length;
  const applied = expectSuccess(await runTerraform(["apply", "-auto-approve", "-input=false"], dir, env), "apply");
  expect(text(applied)).toContain("Apply complete! Resources: 1 added, 0 changed, 0 destroyed.");
  expect(await registrations()).toHaveLength(before + 1);
  const plan = expectSuccess(await runTerraform(["plan", "-input=false", "-detailed-exitcode"], dir, env), "plan");
  expect(text(plan)).toContain("No changes.");
  const destroyed = expectSuccess(
    await runTerraform(["destroy", "-auto-approve", "-input=false"], dir, env),
    "destroy",
  );
  expect(text(destroyed)).toContain("Destroy complete! Resources: 1 destroyed.");
  expect(await registrations()).toHaveLength(before);
}

describe("from the registry protocol", () => {
  it("installs the signed provider and reports it signed by the release key", async () => {
    const { dir, env } = workspace("registry", "");
    host.clearLog();
    const init = expectSuccess(await runTerraform(["init", "-input=false"], dir, env), "terraform init");
    expect(text(init)).toContain(
      `- Installed ${hostname}/voximplant/voximplant v${VERSION} (self-signed, key ID ${key.keyId})`,
    );
    expect(host.requests).toEqual(
      expect.arrayContaining([
        "/.well-known/terraform.json",
        "/v1/providers/voximplant/voximplant/versions",
        `/v1/providers/voximplant/voximplant/${VERSION}/download/linux/amd64`,
        `/releases/${VERSION}/${NAME}_${VERSION}_linux_amd64.zip`,
        `/releases/${VERSION}/${NAME}_${VERSION}_SHA256SUMS`,
        `/releases/${VERSION}/${NAME}_${VERSION}_SHA256SUMS.sig`,
      ]),
    );
    expectInstalledExecutable(dir);
    await applyPlanDestroy(dir, env);
  });
});

describe("from the network mirror protocol", () => {
  it("installs from the mirror alone, checksums verified, and the provider works", async () => {
    const config = `provider_installation {\n  network_mirror {\n    url = "https://${hostname}/mirror/"\n  }\n}\n`;
    const { dir, env } = workspace("mirror", config, MIRRORED_HOST);
    host.clearLog();
    const init = expectSuccess(await runTerraform(["init", "-input=false"], dir, env), "terraform init");
    expect(text(init)).toContain(`- Installed ${MIRRORED_HOST}/voximplant/voximplant v${VERSION} (verified checksum)`);
    expect(host.requests.filter((p) => !p.startsWith("/mirror/") && !p.startsWith("/releases/"))).toEqual([]);
    expect(host.requests).toContain(`/mirror/${MIRRORED_HOST}/voximplant/voximplant/index.json`);
    expectInstalledExecutable(dir, MIRRORED_HOST);
    await applyPlanDestroy(dir, env);
  });
});

describe("from a release zip in a filesystem mirror", () => {
  it("installs the zip copied unchanged into the packed layout, and the provider works", async () => {
    const mirror = join(work, "fs-mirror");
    const zip = `${NAME}_${VERSION}_linux_amd64.zip`;
    mkdirSync(join(mirror, MIRRORED_HOST, "voximplant", "voximplant"), { recursive: true });
    cpSync(join(work, "release", zip), join(mirror, MIRRORED_HOST, "voximplant", "voximplant", zip));
    const config = `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`;
    const { dir, env } = workspace("fs-mirror-ws", config, MIRRORED_HOST);
    host.clearLog();
    const init = expectSuccess(await runTerraform(["init", "-input=false"], dir, env), "terraform init");
    expect(text(init)).toContain(`- Installed ${MIRRORED_HOST}/voximplant/voximplant v${VERSION} (unauthenticated)`);
    expect(host.requests).toEqual([]);
    expectInstalledExecutable(dir, MIRRORED_HOST);
    await applyPlanDestroy(dir, env);
  });
});

describe("tampered releases fail terraform init with its checksum errors", () => {
  const zipName = `${NAME}_${VERSION}_linux_amd64.zip`;
  const sumsName = `${NAME}_${VERSION}_SHA256SUMS`;

  /** Serves a copy of the tree with one release file changed by `tamper`. */
  function tamperedTree(name: string, file: string, tamper: (data: Buffer) => Buffer): void {
    const copy = join(work, name);
    cpSync(tree, copy, { recursive: true });
    const path = join(copy, "releases", VERSION, file);
    writeFileSync(path, tamper(readFileSync(path)));
    host.root = copy;
  }

  afterEach(() => {
    host.root = tree;
  });

  it("a changed byte in the zip", async () => {
    tamperedTree("tampered-zip", zipName, (zip) => {
      const copy = Buffer.from(zip);
      copy[Math.floor(copy.length / 2)] ^= 0xff;
      return copy;
    });
    const { dir, env } = workspace("tampered-zip-ws", "");
    const init = await runTerraform(["init", "-input=false"], dir, env);
    expect(init.code).toBe(1);
    expect(oneLine(init)).toMatch(/archive has incorrect checksum zh:[0-9a-f]{64} \(expected zh:[0-9a-f]{64}\)/);
    expect(readdirSync(dir)).not.toContain(".terraform.lock.hcl");
  });

  it("a changed checksum in SHA256SUMS", async () => {
    tamperedTree("tampered-sums", sumsName, (sums) =>
      Buffer.from(sums.toString().replace(/^[0-9a-f]/gm, (c) => (c === "0" ? "1" : "0"))),
    );
    const { dir, env } = workspace("tampered-sums-ws", "");
    const init = await runTerraform(["init", "-input=false"], dir, env);
    expect(init.code).toBe(1);
    expect(oneLine(init)).toMatch(/checksum list has unexpected SHA-256 hash [0-9a-f]{64} \(expected [0-9a-f]{64}\)/);
  });

  it("another valid zip in place of the release's, through the network mirror", async () => {
    // A well-formed archive (so the failure is the checksum, not the zip format) with other bytes.
    tamperedTree("tampered-mirror", zipName, () =>
      zipArchive([{ name: `${NAME}_v${VERSION}`, data: Buffer.from("#!/bin/sh\nexit 0\n"), mode: 0o755 }], new Date()),
    );
    const config = `provider_installation {\n  network_mirror {\n    url = "https://${hostname}/mirror/"\n  }\n}\n`;
    const { dir, env } = workspace("tampered-mirror-ws", config, MIRRORED_HOST);
    const init = await runTerraform(["init", "-input=false"], dir, env);
    expect(init.code).toBe(1);
    expect(oneLine(init)).toContain("provider package doesn't match the any of the expected checksums");
    expect(readdirSync(dir)).not.toContain(".terraform.lock.hcl");
  });
});
