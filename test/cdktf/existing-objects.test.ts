// The second example: SIP registrations bound to an application, rule and user that exist already
// (the emulator's seed: demo-app, demo-rule, demo-user), found through data sources. Both flavours
// as a user copies them: examples/hcl-existing-objects/ applied as shipped, and
// examples/existing-objects.ts synthesized. Each applies, plans clean, and its destroy leaves the
// emulator as it found it (the objects it only read are untouched).

import "cdktf/lib/testing/adapters/jest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { ExistingObjectsStack } from "../../examples/existing-objects";
import { DataVoximplantApplication, DataVoximplantRule, DataVoximplantUser } from "../../src/cdktf";
import { startStack, type EmulatorStateDump, type Stack } from "../support";
import { declaredBlocks, exampleFiles, expectSecondPlanEmptyThenDestroy, ROOT } from "./helpers";

Testing.setupJest();

const HCL_DIR = path.join(ROOT, "examples", "hcl-existing-objects");
const PASSWORD = "existing-objects-Pw4";
const env = { env: { TF_VAR_sip_password: PASSWORD } };

let stack: Stack;
let seeded: EmulatorStateDump;
beforeAll(async () => {
  stack = await startStack({ seed: true });
  seeded = await stack.emulatorState();
});
afterAll(async () => {
  await stack?.close();
});

function synthesized(): string {
  return Testing.synth(new ExistingObjectsStack(Testing.app(), "s"));
}

const FLAVOURS: Array<[string, () => Record<string, string>]> = [
  ["examples/hcl-existing-objects", () => exampleFiles(HCL_DIR)],
  ["examples/existing-objects.ts (synthesized)", () => ({ "cdk.tf.json": synthesized() })],
];

describe("the data-source example", () => {
  it("HCL: formatted, same variables and outputs as the CDKTF stack", async () => {
    const files = exampleFiles(HCL_DIR);
    const dir = stack.workdir(files, { providerFiles: false });
    stack.expectOk(await stack.tf(["fmt", "-check", "-diff"], { cwd: dir }), "terraform fmt -check");
    const cdktf = JSON.parse(synthesized()) as { variable: object; output: object };
    expect(declaredBlocks(files, "variable")).toEqual(Object.keys(cdktf.variable).sort());
    expect(declaredBlocks(files, "output")).toEqual(Object.keys(cdktf.output).sort());
  });

  it("CDKTF: reads the three objects through data sources and creates nothing but the registrations", () => {
    const text = synthesized();
    expect(text).toHaveDataSource(DataVoximplantApplication);
    expect(text).toHaveDataSource(DataVoximplantRule);
    expect(text).toHaveDataSource(DataVoximplantUser);
    expect(Object.keys((JSON.parse(text) as { resource: object }).resource)).toEqual(["voximplant_sip_registration"]);
  });

  it.each(FLAVOURS)("%s: applies, plans clean, destroys back to what it found", async (_name, files) => {
    const dir = stack.workdir(files(), { providerFiles: false });
    stack.expectOk(await stack.apply(dir, [], env), "terraform apply");
    const st = await stack.emulatorState();
    const regs = Object.fromEntries(st.registrations.map((r) => [r.sip_username, r]));
    expect(regs.office).toEqual(expect.objectContaining({ application_id: 1, rule_id: 1, password_set: true }));
    expect(regs.agent).toEqual(expect.objectContaining({ application_id: 1, user_id: 1, password_set: false }));
    expect(await stack.outputs(dir)).toEqual(
      expect.objectContaining({ office_successful: true, agent_registration_id: regs.agent!.sip_registration_id }),
    );
    expect(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")).not.toContain(PASSWORD);

    await expectSecondPlanEmptyThenDestroy(stack, dir, env);
    const after = await stack.emulatorState();
    expect(after.registrations).toEqual([]);
    expect([after.applications, after.scenarios, after.rules, after.users]).toEqual([
      seeded.applications,
      seeded.scenarios,
      seeded.rules,
      seeded.users,
    ]);
  });
});
