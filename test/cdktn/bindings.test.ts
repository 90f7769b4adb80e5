// The committed CDK Terrain bindings (src/bindings-cdktn/): regenerated in memory from the
// provider's code they must be byte-identical (rendering also type-checks them under the
// project's strict tsconfig), they extend cdktn's classes, not cdktf's, and
// `terraform-provider-voximplant/cdktn` exports them.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing, TerraformResource, TerraformStack } from "cdktn";
import * as cdktf from "cdktf";
import * as cdktnEntry from "../../src/cdktn";
import * as cdktfEntry from "../../src/cdktf";
import { providerSchemaJson } from "../../src/provider";
import { generator, ROOT } from "../cdktf/helpers";

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, { types: string; default: string }>;
};

describe("CDK Terrain bindings", () => {
  it("are up to date with the provider's schema (run `npm run generate` if this fails)", async () => {
    const files = await generator().renderBindings(providerSchemaJson(), "cdktn");
    const diff = generator().compareWithDirectory(files, generator().TARGETS.cdktn.dir);
    expect({ missing: diff.missing, changed: diff.changed, stale: diff.extra }).toEqual({
      missing: [],
      changed: [],
      stale: [],
    });
    // The schema document is committed once, beside the cdktf bindings.
    expect([...files.keys()]).not.toContain("schema.json");
    expect(files.size).toBeGreaterThan(5);
  });

  it("import cdktn and never cdktf", () => {
    const dir = generator().TARGETS.cdktn.dir;
    const source = readFileSync(path.join(dir, "voximplant", "sip-registration", "index.ts"), "utf8");
    expect(source).toContain("import * as cdktn from 'cdktn';");
    expect(source).not.toMatch(/from 'cdktf'/);
    // cdktn registers the write-only password so synth can check the declared Terraform versions.
    expect(source).toContain("password_wo: this.markWriteOnlyAttribute(");
  });

  it("are exported as terraform-provider-voximplant/cdktn, extending cdktn's classes", () => {
    expect(manifest.exports["./cdktn"]).toEqual({ types: "./dist/src/cdktn.d.ts", default: "./dist/src/cdktn.js" });
    expect(cdktnEntry.SipRegistration.tfResourceType).toBe("voximplant_sip_registration");
    expect(cdktnEntry.DataVoximplantSipRegistrations.tfResourceType).toBe("voximplant_sip_registrations");
    expect(cdktnEntry.VOXIMPLANT_PROVIDER_SOURCE).toBe(cdktfEntry.VOXIMPLANT_PROVIDER_SOURCE);

    const stack = new TerraformStack(Testing.app(), "s");
    new cdktnEntry.VoximplantProvider(stack, "p", {});
    const reg = new cdktnEntry.SipRegistration(stack, "r", { sipUsername: "u", proxy: "sip.example.com" });
    expect(reg).toBeInstanceOf(TerraformResource);
    expect(reg).not.toBeInstanceOf(cdktf.TerraformResource);
    const json = JSON.parse(Testing.synth(stack)) as { terraform: { required_providers: Record<string, unknown> } };
    expect(json.terraform.required_providers.voximplant).toEqual({
      source: cdktnEntry.VOXIMPLANT_PROVIDER_SOURCE,
      version: cdktnEntry.VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT,
    });
  });
});
