// The TypeScript stack of docs/cdktf.md ("Writing a stack") as a user copies it: compiled, its
// class instantiated the way a user's main.ts does, synthesized, applied against the emulator
// (with the application and rule it reads created first), planned clean and destroyed.

import "cdktf/lib/testing/adapters/jest";
import { Testing, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import * as ts from "typescript";
import { startStack, type Stack } from "../support";
import { snippetsRunBy } from "./snippets";
import { typeErrors } from "./typecheck";

jest.setTimeout(240_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seed: false });
});
afterAll(() => stack?.close());

type StackClass = new (scope: Construct, id: string) => TerraformStack;

/** Compiles the block and returns the stack class it declares (the last `class X extends TerraformStack`). */
function stackClassOf(text: string): StackClass {
  const name = [...text.matchAll(/^class (\w+) extends TerraformStack/gm)].pop()?.[1];
  if (name === undefined) throw new Error("the block declares no TerraformStack class");
  const out = ts.transpileModule(text, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true },
  });
  expect(out.diagnostics ?? []).toEqual([]);
  const body = `${out.outputText}\nreturn ${name};`;
  // the package name resolves through its exports map, as in a user's project
  return new Function("require", "exports", "module", body)(require, {}, { exports: {} }) as StackClass;
}

describe("docs/cdktf.md code blocks", () => {
  it.each(snippetsRunBy("cdktf-stack").map((s) => [`${s.file} "${s.heading}"`, s] as const))(
    "%s synthesizes, applies, plans clean and destroys",
    async (_id, s) => {
      expect(typeErrors({ "copied-stack.ts": s.text })).toEqual([]);
      const Sip = stackClassOf(s.text);
      const json = Testing.synth(new Sip(Testing.app(), "sip"));
      const c = stack.client;
      const app = (await c.addApplication({ application_name: "pbx-gateway" })).application_id;
      await c.addRule({ application_id: app, rule_name: "inbound", rule_pattern: ".*" });
      const dir = stack.workdir({ "cdk.tf.json": json }, { providerFiles: false });
      const env = { env: { TF_VAR_sip_password: "Cdktf-snippet-1!" } };
      stack.expectOk(await stack.apply(dir, [], env), "terraform apply");
      const regs = (await stack.emulatorState()).registrations;
      expect(regs.map((r) => [r.sip_username, r.application_id])).toEqual([["1001", app]]);
      expect((await stack.outputs(dir)).office_status_code).toBe(200);
      expect((await stack.plan(dir, ["-detailed-exitcode"], env)).code).toBe(0);
      stack.expectOk(await stack.destroy(dir, [], env), "terraform destroy");
      expect((await stack.emulatorState()).registrations).toEqual([]);
      await c.delApplication({ application_id: app });
    },
  );
});
