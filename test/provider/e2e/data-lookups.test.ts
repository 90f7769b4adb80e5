// The lookup data sources (application, rule, user) under the real terraform against the seeded
// emulator: by name and by id, chained through references, bad inputs rejected at plan time
// without any API call, and "not found" errors that name what was searched.
import { startStack, type Stack } from "../../support";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seed: true });
});

afterAll(() => stack.close());

const LOOKUPS = `
data "voximplant_application" "by_name" {
  name = "demo-app"
}

data "voximplant_application" "by_full_name" {
  name = "demo-app-2.emulator.voximplant.com"
}

data "voximplant_application" "by_id" {
  application_id = data.voximplant_application.by_name.application_id
}

data "voximplant_rule" "by_name" {
  application_id = data.voximplant_application.by_name.application_id
  name           = "demo-rule"
}

data "voximplant_rule" "by_id" {
  application_id = data.voximplant_application.by_full_name.application_id
  rule_id        = 3
}

data "voximplant_user" "by_name" {
  application_id = data.voximplant_application.by_name.application_id
  name           = "demo-user-2"
}

data "voximplant_user" "by_id" {
  application_id = 1
  user_id        = 1
}

output "rule_pattern" {
  value = data.voximplant_rule.by_name.rule_pattern
}
`;

describe("lookup data sources under terraform", () => {
  it("read applications, rules and users by name and by id", async () => {
    const dir = stack.workdir({ "main.tf": LOOKUPS });
    stack.expectOk(await stack.apply(dir));
    expect(await stack.resource(dir, "data.voximplant_application.by_name")).toEqual({
      name: "demo-app",
      application_id: 1,
      full_name: "demo-app.emulator.voximplant.com",
      modified: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      secure_record_storage: false,
    });
    expect(await stack.resource(dir, "data.voximplant_application.by_full_name")).toMatchObject({
      application_id: 2,
      name: "demo-app-2.emulator.voximplant.com",
    });
    expect(await stack.resource(dir, "data.voximplant_application.by_id")).toMatchObject({
      name: "demo-app",
      full_name: "demo-app.emulator.voximplant.com",
    });
    expect(await stack.resource(dir, "data.voximplant_rule.by_name")).toMatchObject({
      rule_id: 1,
      rule_pattern: ".*",
      rule_pattern_exclude: null,
    });
    expect(await stack.resource(dir, "data.voximplant_rule.by_id")).toMatchObject({
      name: "demo-app-2-rule",
      application_id: 2,
    });
    expect(await stack.resource(dir, "data.voximplant_user.by_name")).toMatchObject({
      user_id: 2,
      display_name: "Demo User 2",
      active: true,
    });
    expect(await stack.resource(dir, "data.voximplant_user.by_id")).toMatchObject({ name: "demo-user" });
    expect(await stack.outputs(dir)).toEqual({ rule_pattern: ".*" });
  });

  it("plans without changes once applied", async () => {
    const dir = stack.workdir({ "main.tf": LOOKUPS });
    stack.expectOk(await stack.apply(dir));
    const plan = stack.expectOk(await stack.plan(dir, ["-detailed-exitcode"]));
    expect(plan.stdout).toMatch(/No changes/);
  });

  describe("bad inputs are rejected at plan time, naming the attribute, with zero API calls", () => {
    const cases: [string, string, RegExp, RegExp][] = [
      [
        "neither name nor id",
        `data "voximplant_application" "a" {\n}\n`,
        /Missing lookup argument/,
        /Look the application up by one of: name, or application_id/,
      ],
      [
        "both name and id",
        `data "voximplant_application" "a" {\n  name           = "demo-app"\n  application_id = 1\n}\n`,
        /Conflicting lookup arguments/,
        /line 3, in data "voximplant_application" "a":\s+3:\s+application_id = 1/,
      ],
      [
        "an id that is not a positive whole number",
        `data "voximplant_rule" "r" {\n  application_id = 1.5\n  name           = "demo-rule"\n}\n`,
        /Invalid Attribute Value/,
        new RegExp(
          /line 2, in data "voximplant_rule" "r":\s+2:\s+application_id = 1\.5[\s\S]*/.source +
            /Attribute application_id value must be a whole number/.source,
        ),
      ],
      [
        "an empty user name",
        `data "voximplant_user" "u" {\n  application_id = 1\n  name           = ""\n}\n`,
        /Invalid Attribute Value/,
        /line 3, in data "voximplant_user" "u":\s+3:\s+name\s+= ""/,
      ],
      [
        "rule name and id together",
        `data "voximplant_rule" "r" {\n  application_id = 1\n  name           = "demo-rule"\n  rule_id        = 1\n}\n`,
        /Conflicting lookup arguments/,
        /line 4, in data "voximplant_rule" "r":\s+4:\s+rule_id\s+= 1/,
      ],
    ];

    it.each(cases)("%s", async (_title, hcl, summary, where) => {
      const dir = stack.workdir({ "main.tf": hcl });
      await stack.resetCalls();
      const validate = await stack.tf(["validate"], { cwd: dir });
      expect(validate.code).toBe(1);
      expect(stack.text(validate)).toMatch(summary);
      const plan = await stack.plan(dir);
      expect(plan.code).toBe(1);
      const text = stack.text(plan);
      expect(text).toMatch(summary);
      expect(text).toMatch(where);
      expect(await stack.calls()).toEqual({ total: 0, byMethod: {} });
    });
  });

  it("reports a missing object with what was searched", async () => {
    const dir = stack.workdir({
      "main.tf":
        `data "voximplant_application" "a" {\n  name = "no-such-app"\n}\n\ndata "voximplant_user" "u" {\n ` +
        ` application_id = 2\n  name           = "demo-user"\n}\n`,
    });
    const plan = await stack.plan(dir);
    expect(plan.code).toBe(1);
    const text = stack.text(plan);
    expect(text).toMatch(/Application not found/);
    expect(text).toMatch(/No application named "no-such-app" exists in this Voximplant account/);
    expect(text).toMatch(/line 2, in data "voximplant_application" "a"/);
    expect(text).toMatch(/User not found/);
    expect(text).toMatch(/No user named "demo-user" bound to application 2 exists/);
  });
});
