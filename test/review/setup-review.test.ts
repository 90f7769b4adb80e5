// The review of applications, scenarios, rules and users on plans made by the real terraform
// against the emulator, from the main example (examples/hcl) as shipped: a rule is described by
// what it routes where (scenario names, also for scenarios created in the same apply), a script
// change by its size in lines, and a delete by what the API takes with it.

import * as path from "node:path";
import { defaultHints, reviewPlan, reviewPlanMarkdown } from "../../src/review";
import { countLineChanges } from "../../src/review/script-diff";
import { exampleFiles, ROOT } from "../cdktf/helpers";
import { startStack, type Stack } from "../support";

jest.setTimeout(240_000);

const SECRETS = { TF_VAR_sip_password: "review-setup-Sip-1", TF_VAR_user_password: "Review-setup-user-2!" };
const env = { env: SECRETS };

let stack: Stack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ seed: false });
  dir = stack.workdir(exampleFiles(path.join(ROOT, "examples", "hcl")), { providerFiles: false });
});
afterAll(async () => {
  await stack?.close();
});

async function markdown(args: string[] = []): Promise<string> {
  const md = reviewPlanMarkdown(await stack.planJson(dir, args, env), defaultHints());
  for (const secret of Object.values(SECRETS)) expect(md).not.toContain(secret);
  return md;
}

describe("review of the setup objects", () => {
  it("a new stack: the rule routes calls to the scenario by name, the script's size, the user password", async () => {
    const md = await markdown();
    expect(md).toContain("**Applications, scenarios, rules and users: 4 to create, 0 to update, 0 to replace");
    expect(md).toContain("- **`voximplant_rule.extensions`** — create rule `extensions`");
    expect(md).toContain("  - routes calls matching `^1\\d{3}$` to scenario `pbx-gateway-inbound`");
    expect(md).toContain("- **`voximplant_scenario.inbound`** — create scenario `pbx-gateway-inbound`");
    expect(md).toContain("  - script: 7 lines");
    expect(md).toMatch(/`voximplant_user\.reception`\*\* — create user `reception`\n {2}- `password_wo` is sent once/);
    expect(md).not.toContain("VoxEngine.addEventListener"); // the script itself is never quoted
    expect(md).not.toContain("### Other changes");
  });

  it("a script edit and a new pattern: lines added and removed, the old and new routing", async () => {
    stack.expectOk(await stack.apply(dir, [], env), "terraform apply");
    const main = exampleFiles(path.join(ROOT, "examples", "hcl"))["main.tf"]!;
    const edited = main
      .replace("      e.call.answer();\n", '      e.call.answer();\n      Logger.write("answered");\n')
      .replace('rule_pattern   = "^1\\\\d{3}$"', 'rule_pattern   = "^2\\\\d{3}$"');
    expect(edited).not.toBe(main);
    stack.writeFiles(dir, { "main.tf": edited });
    const review = reviewPlan(await stack.planJson(dir, [], env), defaultHints());
    expect(review.setup.map((s) => [s.address, s.kind])).toEqual([
      ["voximplant_rule.extensions", "update"],
      ["voximplant_scenario.inbound", "update"],
    ]);
    const md = await markdown();
    expect(md).toContain("  - script: 1 line added, 0 removed (now 8 lines)");
    expect(md).toContain("  - routes calls matching `^2\\d{3}$` to scenario `pbx-gateway-inbound`");
    expect(md).toContain("  - `rule_pattern`: `^1\\d{3}$` → `^2\\d{3}$`");
  });

  it("destroy: what each delete takes with it, naming the resources it reaches", async () => {
    const md = await markdown(["-destroy"]);
    expect(md).toContain("- **`voximplant_application.application`** — delete application `pbx-gateway`");
    expect(md).toContain("the API deletes the application's rules with it: `voximplant_rule.extensions`");
    expect(md).toContain("the API deletes its users that belong to no other application: `voximplant_user.reception`");
    expect(md).toContain(
      "lose their application, rule and user binding (they are not deleted, and stay paid for): " +
        "`voximplant_sip_registration.agent`, `voximplant_sip_registration.office`",
    );
    expect(md).toContain("the API takes it off every rule that runs it: `voximplant_rule.extensions`");
    expect(md).toContain("SIP registrations bound to it lose their rule binding: `voximplant_sip_registration.office`");
    expect(md).toContain("SIP registrations bound to it lose their user binding: `voximplant_sip_registration.agent`");
    expect(md).toContain("  - routed calls matching `^1\\d{3}$` to scenario `pbx-gateway-inbound`");
    stack.expectOk(await stack.destroy(dir, [], env), "terraform destroy");
  });
});

describe("script changes in lines", () => {
  it("counts added and removed lines, ignoring a final newline", () => {
    expect(countLineChanges("", "a\nb\n")).toEqual({ added: 2, removed: 0, lines: 2 });
    expect(countLineChanges("a\nb\nc\n", "a\nB\nc\nd")).toEqual({ added: 2, removed: 1, lines: 4 });
    expect(countLineChanges("a\nb\n", "a\nb")).toEqual({ added: 0, removed: 0, lines: 2 });
    expect(countLineChanges("x\ny\n", "y\nx\n")).toEqual({ added: 1, removed: 1, lines: 2 });
  });

  it("a script changed outside Terraform is reported in lines, never quoted", () => {
    const md = reviewPlanMarkdown({
      format_version: "1.2",
      resource_changes: [],
      resource_drift: [
        {
          address: "voximplant_scenario.s",
          mode: "managed",
          type: "voximplant_scenario",
          name: "s",
          change: {
            actions: ["update"],
            before: { name: "s", scenario_id: 4, script: "keep();\nold();\n" },
            after: { name: "s", scenario_id: 4, script: "keep();\nnew1();\nnew2();\n" },
          },
        },
      ],
    });
    expect(md).toContain("  - script: 2 lines added, 1 removed (now 3 lines)");
    expect(md).not.toMatch(/old\(\)|new1\(\)/);
  });

  it("a setup object deleted outside Terraform is reported without the registration's monthly fee", () => {
    const md = reviewPlanMarkdown({
      format_version: "1.2",
      resource_changes: [],
      resource_drift: [
        {
          address: "voximplant_user.u",
          mode: "managed",
          type: "voximplant_user",
          name: "u",
          change: { actions: ["delete"], before: { name: "u", user_id: 3 }, after: null },
        },
      ],
    });
    expect(md).toContain("was deleted outside Terraform; the next apply creates it again\n");
    expect(md).not.toContain("monthly fee");
  });
});
