// The committed CDKTF bindings (src/bindings/) against the provider's code: regenerated in
// memory they must be byte-identical, they must carry the schema's descriptions as JSDoc, and
// `terraform-provider-voximplant/cdktf` must give a TypeScript consumer full types.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import * as ts from "typescript";
import * as cdktfEntry from "../../src/cdktf";
import { providerSchemaJson } from "../../src/provider";
import { ensureBuilt, generator, ROOT } from "./helpers";

interface SchemaAttribute {
  description?: string;
}
interface SchemaDoc {
  provider_schemas: Record<
    string,
    { resource_schemas: Record<string, { block: { attributes: Record<string, SchemaAttribute> } }> }
  >;
}

describe("generated bindings", () => {
  // Rendering type-checks the output (a few seconds): done once, shared by the tests below.
  let fromCode: Promise<Map<string, string>> | undefined;
  const renderFromCode = (): Promise<Map<string, string>> =>
    (fromCode ??= generator().renderBindings(providerSchemaJson()));

  it("are up to date with the provider's schema (run `npm run generate` if this fails)", async () => {
    const files = await renderFromCode();
    const diff = generator().compareWithDirectory(files);
    expect({ missing: diff.missing, changed: diff.changed, stale: diff.extra }).toEqual({
      missing: [],
      changed: [],
      stale: [],
    });
    expect(files.size).toBeGreaterThan(5);
  });

  it("a changed schema changes exactly the affected files; stale files are found and removed", async () => {
    const schema = JSON.parse(JSON.stringify(providerSchemaJson())) as SchemaDoc;
    const a = await renderFromCode();

    const attrs =
      schema.provider_schemas["voximplant.local/voximplant/voximplant"].resource_schemas.voximplant_sip_registration
        .block.attributes;
    attrs.sip_username.description = "A changed description.";
    const changed = await generator().renderBindings(schema);
    const dir = mkdtempSync(path.join(os.tmpdir(), "bindings-test-"));
    try {
      generator().writeBindings(a, dir);
      expect(generator().compareWithDirectory(a, dir).upToDate).toBe(true);
      const diff = generator().compareWithDirectory(changed, dir);
      expect(diff.changed.sort()).toEqual(["schema.json", "voximplant/sip-registration/index.ts"]);
      // A stale file from a removed resource is reported, and writeBindings removes it.
      writeFileSync(path.join(dir, "voximplant", "stale.ts"), "export {};\n");
      expect(generator().compareWithDirectory(a, dir).extra).toEqual(["voximplant/stale.ts"]);
      generator().writeBindings(a, dir);
      expect(generator().compareWithDirectory(a, dir).upToDate).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a schema without the voximplant provider, naming the key", async () => {
    await expect(
      generator().renderBindings({ format_version: "1.0", provider_schemas: { "example.com/x/y": {} } }),
    ).rejects.toThrow(/provider_schemas\["voximplant\.local\/voximplant\/voximplant"\].*example\.com\/x\/y/);
  });

  it("keep the schema's descriptions as JSDoc and link no documentation host", () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, "src", "bindings", "schema.json"), "utf8")) as SchemaDoc;
    const attrs =
      schema.provider_schemas["voximplant.local/voximplant/voximplant"].resource_schemas.voximplant_sip_registration
        .block.attributes;
    const source = readFileSync(
      path.join(ROOT, "src", "bindings", "voximplant", "sip-registration", "index.ts"),
      "utf8",
    );
    for (const name of ["sip_username", "password_wo", "is_persistent", "application_id"]) {
      const description = attrs[name].description;
      expect(description).toBeTruthy();
      // The generator re-wraps nothing: the first sentence appears verbatim in a doc comment.
      expect(source).toContain(`* ${(description ?? "").split(". ")[0]}`);
    }
    expect(source).not.toMatch(/https?:\/\/voximplant\.local/);
    expect(source).not.toContain("Docs at Terraform Registry");
    expect(readFileSync(path.join(ROOT, "src", "bindings", "schema.json"), "utf8")).not.toContain("provider_versions");
  });

  it("are exported flat from src/cdktf.ts: provider, resource and every data source", () => {
    expect(cdktfEntry.VoximplantProvider.tfResourceType).toBe("voximplant");
    expect(cdktfEntry.SipRegistration.tfResourceType).toBe("voximplant_sip_registration");
    expect(cdktfEntry.DataVoximplantApplication.tfResourceType).toBe("voximplant_application");
    expect(cdktfEntry.DataVoximplantRule.tfResourceType).toBe("voximplant_rule");
    expect(cdktfEntry.DataVoximplantUser.tfResourceType).toBe("voximplant_user");
    expect(cdktfEntry.DataVoximplantSipRegistration.tfResourceType).toBe("voximplant_sip_registration");
    expect(cdktfEntry.DataVoximplantSipRegistrations.tfResourceType).toBe("voximplant_sip_registrations");
  });

  it("write the provider source and the ~> 0.1 constraint into required_providers (no pinned version)", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    new cdktfEntry.VoximplantProvider(stack, "voximplant", {});
    const json = JSON.parse(Testing.synth(stack)) as { terraform: { required_providers: Record<string, unknown> } };
    expect(json.terraform.required_providers.voximplant).toEqual({
      source: cdktfEntry.VOXIMPLANT_PROVIDER_SOURCE,
      version: "~> 0.1",
    });
    expect(`${cdktfEntry.VOXIMPLANT_PROVIDER_SOURCE}@${cdktfEntry.VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT}`).toBe(
      generator().PROVIDER_CONSTRAINT,
    );
  });
});

describe("the example app", () => {
  it("type-checks under the project's strict options (npm test's build does not compile examples/)", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, "tsconfig.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
    );
    const options: ts.CompilerOptions = { ...(config?.options ?? {}), noEmit: true, types: ["node"] };
    const program = ts.createProgram([path.join(ROOT, "examples", "main.ts")], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(problems).toEqual([]);
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith(path.join("examples", "stack.ts")))).toBe(true);
  });
});

describe("package entry terraform-provider-voximplant/cdktf", () => {
  beforeAll(() =>
    ensureBuilt([path.join(ROOT, "dist", "src", "cdktf.js"), path.join(ROOT, "dist", "src", "cdktf.d.ts")]),
  );

  it("resolves through the exports map to the compiled entry", () => {
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        "const m = require('terraform-provider-voximplant/cdktf'); " +
          "console.log(require.resolve('terraform-provider-voximplant/cdktf')); console.log(Object.keys(m).filter(k " +
          "=> " +
          "/^(VoximplantProvider|SipRegistration|DataVoximplant(Application|Rule|User))$/.test(k)).sort().join(','))",
      ],
      { cwd: ROOT, encoding: "utf8" },
    ).split("\n");
    expect(path.relative(ROOT, out[0])).toBe(path.join("dist", "src", "cdktf.js"));
    expect(out[1]).toBe(
      "DataVoximplantApplication,DataVoximplantRule,DataVoximplantUser,SipRegistration,VoximplantProvider",
    );
  });

  it(
    "gives a TypeScript consumer full types: a correct stack compiles, a wrong argument type " +
      "is an error naming it",
    () => {
      // Inside the package (tmp/ is git-ignored), so the self-reference by package name resolves.
      mkdirSync(path.join(ROOT, "tmp"), { recursive: true });
      const dir = mkdtempSync(path.join(ROOT, "tmp", "cdktf-consumer-"));
      try {
        const good = path.join(dir, "good.ts");
        const bad = path.join(dir, "bad.ts");
        const header = [
          'import { App, TerraformStack } from "cdktf";',
          "import { DataVoximplantApplication, SipRegistration, VoximplantProvider } from " +
            '"terraform-provider-voximplant/cdktf";',
          'const stack = new TerraformStack(new App(), "s");',
          'new VoximplantProvider(stack, "p", {});',
          'const app = new DataVoximplantApplication(stack, "a", { name: "demo-app" });',
        ].join("\n");
        writeFileSync(
          good,
          `${header}\nnew SipRegistration(stack, "r", { sipUsername: "u", proxy: "sip.example.com", applicationId: ` +
            `app.applicationId });\n`,
        );
        writeFileSync(
          bad,
          `${header}\nnew SipRegistration(stack, "r", { sipUsername: 42, proxy: "sip.example.com" });\n`,
        );
        const config = ts.getParsedCommandLineOfConfigFile(
          path.join(ROOT, "tsconfig.json"),
          {},
          { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
        );
        const options: ts.CompilerOptions = { ...(config?.options ?? {}), noEmit: true, types: ["node"] };
        const diagnostics = (file: string): string[] =>
          ts
            .getPreEmitDiagnostics(ts.createProgram([file], options))
            .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
        expect(diagnostics(good)).toEqual([]);
        const errors = diagnostics(bad);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/number.*not assignable to type 'string'/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
