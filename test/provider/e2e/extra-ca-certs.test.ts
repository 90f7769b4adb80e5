// NODE_EXTRA_CA_CERTS under the real terraform, as a user behind a corporate TLS proxy sets it:
// the installed wrapper moves it aside (so Node.js starts without building its certificate store)
// and the provider's API client trusts the file itself. The emulator serves HTTPS with a
// self-signed certificate that only that file vouches for.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFERRED_EXTRA_CA_CERTS_KEY } from "../../../src/plugin";
import { generateServerCertificate } from "../../../src/plugin/transport/certificate";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { diagnosticsText, runTerraform } from "../../support";
import * as support from "../../support/install";

const cert = generateServerCertificate({ hostname: "localhost" });
let inst: support.Installation;
let emu: RunningEmulator;
let caFile: string;
let dir: string;

beforeAll(async () => {
  inst = await support.installation();
  emu = await startEmulator({ seed: false, tls: cert, config: { strictRequestForm: true } });
  const root = mkdtempSync(join(inst.root, "extra-ca-"));
  caFile = join(root, "corporate-ca.pem");
  writeFileSync(caFile, cert.certPem);
  dir = join(root, "work");
  mkdirSync(dir);
  writeFileSync(join(dir, "versions.tf"), support.REQUIRED_PROVIDERS_HCL);
  writeFileSync(
    join(dir, "main.tf"),
    `provider "voximplant" {
  api_url          = "https://localhost:${emu.port}/platform_api"
  credentials_file = ${JSON.stringify(emu.credentialsPath)}
}

resource "voximplant_sip_registration" "office" {
  sip_username = "1001"
  proxy        = "sip.example.com"
}

data "voximplant_sip_registrations" "all" {
  depends_on = [voximplant_sip_registration.office]
}

output "ids" {
  value = data.voximplant_sip_registrations.all.ids
}
`,
  );
  support.copyInit(inst, dir);
});

afterAll(async () => {
  await emu.close();
  await support.removeInstallation();
});

const tf = (args: string[], extraCaCerts: string | undefined) =>
  runTerraform(args, dir, {
    ...support.baseTerraformEnv(inst),
    ...(extraCaCerts === undefined ? {} : { NODE_EXTRA_CA_CERTS: extraCaCerts }),
  });

describe("NODE_EXTRA_CA_CERTS with the installed provider", () => {
  it("is moved aside by the installed wrapper, so Node.js does not load it at start", () => {
    expect(readFileSync(inst.install.executablePath, "utf8")).toContain(DEFERRED_EXTRA_CA_CERTS_KEY);
  });

  it("lets the provider reach an API whose certificate only that file vouches for", async () => {
    const applied = await tf(["apply", "-auto-approve", "-input=false"], caFile);
    expect(applied.code).toBe(0);
    const ids = JSON.parse((await tf(["output", "-json", "ids"], caFile)).stdout) as number[];
    expect(ids).toHaveLength(1);
    expect(emu.emulator.state.registrations.size).toBe(1);

    // nothing to change on the next plan: every read went through the same trust
    const plan = await tf(["plan", "-detailed-exitcode", "-input=false"], caFile);
    expect(plan.code).toBe(0);
  });

  it("without it the API is refused as untrusted, with an error that says so, and state is kept", async () => {
    const plan = await tf(["plan", "-input=false"], undefined);
    expect(plan.code).toBe(1);
    expect(diagnosticsText(plan.stdout + plan.stderr)).toMatch(/certificate/i);
    const state = JSON.parse((await tf(["show", "-json"], undefined)).stdout) as {
      values?: { root_module: { resources?: unknown[] } };
    };
    expect(state.values?.root_module.resources).toHaveLength(2);
  });

  it("destroys through the same trust", async () => {
    expect((await tf(["destroy", "-auto-approve", "-input=false"], caFile)).code).toBe(0);
    expect(emu.emulator.state.registrations.size).toBe(0);
  });
});
