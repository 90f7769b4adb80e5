// examples/hcl/ is the same stack as examples/stack.ts in plain HCL: same variables, outputs and
// script, and applied exactly as shipped against an empty emulator it creates the whole setup,
// plans clean afterwards, and its destroy leaves the emulator empty.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { INBOUND_SCRIPT, VoximplantSetupStack } from "../../examples/stack";
import { startStack, type Stack } from "../support";
import { declaredBlocks, exampleFiles, expectSecondPlanEmptyThenDestroy, ROOT } from "./helpers";

const HCL_DIR = path.join(ROOT, "examples", "hcl");
const SIP_PASSWORD = "hcl-example-password-Lw3";
const USER_PASSWORD = "Hcl-example-user-9!";
const env = { env: { TF_VAR_sip_password: SIP_PASSWORD, TF_VAR_user_password: USER_PASSWORD } };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seed: false });
});
afterAll(async () => {
  await stack?.close();
});

describe("examples/hcl", () => {
  it("is formatted and declares the same variables and outputs as the CDKTF stack", async () => {
    const files = exampleFiles(HCL_DIR);
    const dir = stack.workdir(files, { providerFiles: false });
    stack.expectOk(await stack.tf(["fmt", "-check", "-diff"], { cwd: dir }), "terraform fmt -check");
    const cdktf = JSON.parse(Testing.synth(new VoximplantSetupStack(Testing.app(), "s"))) as {
      variable: object;
      output: object;
    };
    expect(declaredBlocks(files, "variable")).toEqual(Object.keys(cdktf.variable).sort());
    expect(declaredBlocks(files, "output")).toEqual(Object.keys(cdktf.output).sort());
  });

  it("creates the whole setup bound by reference, plans clean, and destroys it all", async () => {
    const dir = stack.workdir(exampleFiles(HCL_DIR), { providerFiles: false });
    stack.expectOk(await stack.apply(dir, [], env), "terraform apply");
    const st = await stack.emulatorState();
    expect(st.applications.map((a) => a.application_name)).toEqual(["pbx-gateway.emulator.voximplant.com"]);
    const app = st.applications[0]!.application_id;
    const [scenario] = st.scenarios;
    expect(scenario).toEqual(expect.objectContaining({ scenario_name: "pbx-gateway-inbound" }));
    // The heredoc in main.tf is the script of examples/stack.ts, byte for byte.
    expect((await stack.resource(dir, "voximplant_scenario.inbound")).script).toBe(INBOUND_SCRIPT);
    expect(st.rules).toEqual([
      expect.objectContaining({ application_id: app, rule_name: "extensions", rule_pattern: "^1\\d{3}$" }),
    ]);
    expect(st.users).toEqual([expect.objectContaining({ user_name: "reception", application_ids: [app] })]);
    const regs = Object.fromEntries(st.registrations.map((r) => [r.sip_username, r]));
    expect(regs.office).toEqual(
      expect.objectContaining({ application_id: app, rule_id: st.rules[0]!.rule_id, password_set: true }),
    );
    expect(regs.agent).toEqual(
      expect.objectContaining({ application_id: app, user_id: st.users[0]!.user_id, password_set: false }),
    );
    expect(await stack.outputs(dir)).toEqual(
      expect.objectContaining({
        application_full_name: "pbx-gateway.emulator.voximplant.com",
        office_successful: true,
        office_status_code: 200,
        agent_registration_id: regs.agent!.sip_registration_id,
      }),
    );
    const state = readFileSync(path.join(dir, "terraform.tfstate"), "utf8");
    expect(state).not.toContain(SIP_PASSWORD);
    expect(state).not.toContain(USER_PASSWORD);

    await expectSecondPlanEmptyThenDestroy(stack, dir, env);
    const after = await stack.emulatorState();
    expect([after.applications, after.scenarios, after.rules, after.users, after.registrations]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });
});
