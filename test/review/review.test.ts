// The plan review: snapshots of the committed real-run fixtures, edge cases on small hand-made
// plans, secret masking, bad inputs (the CLI: review-cli.test.ts).

import {
  defaultHints,
  hintsFromSchema,
  NO_HINTS,
  parsePlan,
  PlanFormatError,
  reviewPlan,
  reviewPlanMarkdown,
  type JsonValue,
} from "../../src/review";
import { change, fixture, plan, REG, TYPE } from "./plans";
import { SECRETS } from "./scenario";

describe("review of the committed real-run fixtures", () => {
  it("renders the mixed plan (create, update, bind, unbind, rotate, replace, delete, drift)", () => {
    const markdown = reviewPlanMarkdown(fixture("changes.json"), defaultHints());
    expect(markdown).toMatchSnapshot();
    for (const secret of Object.values(SECRETS)) expect(markdown).not.toContain(secret);
    // The fixture itself carries the state-stored password: masking is what keeps it out.
    expect(fixture("changes.json")).toContain(SECRETS.passwordV2);
  });

  it("renders the refresh-only plan (drift only)", () => {
    const markdown = reviewPlanMarkdown(fixture("drift-only.json"), defaultHints());
    expect(markdown).toMatchSnapshot();
    expect(markdown).toContain("No SIP registration changes.");
    expect(markdown.split("\n")[0]).toBe("## Terraform plan review: Voximplant setup");
    expect(markdown).toContain("`sip_username`: `drifted` → `renamed-outside-terraform`");
    for (const secret of Object.values(SECRETS)) expect(markdown).not.toContain(secret);
  });
});

describe("review model", () => {
  it("names the reason of a replacement without replace_paths (tainted) and the create-before-destroy order", () => {
    const r = reviewPlan(
      plan([
        change({
          name: "t",
          actions: ["delete", "create"],
          before: REG,
          after: { ...REG, id: null },
          action_reason: "replace_because_tainted",
        }),
        change({
          name: "c",
          actions: ["create", "delete"],
          before: REG,
          after: { ...REG, is_persistent: false },
          replace_paths: [["is_persistent"]],
        }),
      ]),
    );
    const [c, t] = r.registrations;
    expect(t.reason).toMatch(/tainted/);
    expect(t.replaceBecause).toEqual([]);
    expect(t.createBeforeDestroy).toBe(false);
    expect(c.createBeforeDestroy).toBe(true);
    expect(c.createBeforeDestroyKeepsLine).toBe(true);
    expect(t.createBeforeDestroyKeepsLine).toBe(false);
    const otherLine = { ...REG, proxy: "sip2.example.com" };
    const moving = reviewPlanMarkdown(
      plan([change({ name: "c", actions: ["create", "delete"], before: REG, after: otherLine })]),
    );
    expect(moving).toContain("the new registration is created before the old one is deleted (another line");
    expect(moving).not.toContain("will fail");
  });

  it("flags create_before_destroy on a replacement that keeps the line: it cannot work and says what to do", () => {
    const after = { ...REG, proxy: "SIP.example.com:5060", is_persistent: false };
    const markdown = reviewPlanMarkdown(
      plan([change({ name: "c", actions: ["create", "delete"], before: REG, after })]),
    );
    expect(markdown).toContain("⚠ will fail: `create_before_destroy` with the same `sip_username` and `proxy`");
    expect(markdown).toContain("two paid registrations of one line");
    expect(markdown).toContain("Remove `create_before_destroy` from this resource");
    expect(markdown).not.toContain("the new registration is created before the old one is deleted");
  });

  it("flags one line planned twice (normalised), naming both resources; not a line that moves away", () => {
    const created = { ...REG, id: null, sip_registration_id: null };
    const r = reviewPlan(
      plan([
        change({ name: "a", actions: ["no-op"], before: REG, after: REG }),
        change({ name: "b", actions: ["create"], before: null, after: { ...created, proxy: "Sip.Example.Com:5060" } }),
        change({ name: "c", actions: ["create"], before: null, after: { ...created, sip_username: "other" } }),
        change({ name: "d", actions: ["delete"], before: REG, after: null }),
      ]),
    );
    expect(r.duplicateLines).toEqual([
      { line: "line@sip.example.com", addresses: ["voximplant_sip_registration.a", "voximplant_sip_registration.b"] },
    ]);
    const markdown = reviewPlanMarkdown(
      plan([
        change({ name: "a", actions: ["create"], before: null, after: created }),
        change({ name: "b", actions: ["create"], before: null, after: created }),
      ]),
    );
    expect(markdown).toContain("### Duplicate lines");
    expect(markdown).toContain(
      "⚠ `line@sip.example.com` is planned 2 times**: `voximplant_sip_registration.a`, `voximplant_sip_registration.b`",
    );
  });

  it("tells bind, unbind and rebind apart, by id and by name", () => {
    const r = reviewPlan(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, rule_id: 1, rule_name: "demo-rule", user_id: null, user_name: null },
          after: {
            ...REG,
            application_id: 2,
            application_name: "other-app",
            rule_id: null,
            rule_name: null,
            user_id: 5,
            user_name: null,
          },
          after_unknown: { user_name: true },
        }),
      ]),
    );
    expect(r.registrations[0].bindings).toEqual([
      {
        target: "application",
        kind: "rebind",
        before: { kind: "bound", name: "demo-app", id: 1 },
        after: { kind: "bound", name: "other-app", id: 2 },
      },
      { target: "rule", kind: "unbind", before: { kind: "bound", name: "demo-rule", id: 1 }, after: { kind: "none" } },
      { target: "user", kind: "bind", before: { kind: "none" }, after: { kind: "bound", id: 5 } },
    ]);
  });

  it("names bound objects known only by id from the plan's data sources (root and child modules)", () => {
    const prior = {
      values: {
        root_module: {
          resources: [
            {
              address: "data.voximplant_rule.night",
              mode: "data",
              type: "voximplant_rule",
              name: "night",
              values: { application_id: 1, rule_id: 9, name: "night-shift" },
            },
          ],
          child_modules: [
            {
              resources: [
                {
                  address: "module.m.data.voximplant_user.u",
                  mode: "data",
                  type: "voximplant_user",
                  name: "u",
                  values: { user_id: 4, name: "alice" },
                },
              ],
            },
          ],
        },
      },
    };
    const md = reviewPlanMarkdown(
      plan(
        [
          change({
            actions: ["create"],
            after: { ...REG, rule_id: 9, rule_name: null, user_id: 4, user_name: null },
            after_unknown: { rule_name: true, user_name: true },
          }),
        ],
        { prior_state: prior },
      ),
    );
    expect(md).toContain("bound to rule `night-shift` (id 9)");
    expect(md).toContain("bound to user `alice` (id 4)");
    expect(
      reviewPlanMarkdown(
        plan([change({ actions: ["create"], after: { ...REG, rule_id: 8 } })], { prior_state: prior }),
      ),
    ).toContain("bound to rule id 8");
  });

  it("does not report a binding whose name turns unknown while its id stays", () => {
    const r = reviewPlan(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, auth_user: "a" },
          after: { ...REG, auth_user: "b", application_name: null },
          after_unknown: { application_name: true },
        }),
      ]),
    );
    expect(r.registrations[0].bindings).toEqual([]);
    expect(r.registrations[0].fields.map((f) => f.attribute)).toEqual(["auth_user"]);
  });

  it("shows an unknown configured value as known after apply", () => {
    const md = reviewPlanMarkdown(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, auth_user: "a" },
          after: { ...REG, auth_user: null },
          after_unknown: { auth_user: true },
        }),
      ]),
    );
    expect(md).toContain("`auth_user`: `a` → _(known after apply)_");
  });

  it("counts the money side: creates and replacements reserve fees, with the account's current price", () => {
    const r = reviewPlan(
      plan([
        change({ name: "a", actions: ["create"], after: REG }),
        change({ name: "b", actions: ["create"], after: REG }),
        change({
          name: "c",
          actions: ["delete", "create"],
          before: { ...REG, subscription_price: "1.50" },
          after: REG,
          replace_paths: [["is_persistent"]],
        }),
        change({
          name: "d",
          actions: ["no-op"],
          before: { ...REG, subscription_price: "1.50" },
          after: { ...REG, subscription_price: "1.50" },
        }),
      ]),
    );
    expect(r.cost).toEqual({ created: 2, replaced: 1, deleted: 0, knownPrices: ["1.50"] });
    const md = reviewPlanMarkdown(plan([change({ name: "a", actions: ["create"], after: REG })]));
    expect(md).toContain("**1 monthly subscription fee will be reserved**");
    expect(
      reviewPlanMarkdown(
        plan([change({ actions: ["update"], before: { ...REG, auth_user: "a" }, after: { ...REG, auth_user: "b" } })]),
      ),
    ).toContain("No new subscriptions: no fee is reserved.");
  });

  it("lists drift (changed and deleted outside Terraform) and other resource types", () => {
    const r = reviewPlan(
      plan([change({ type: "null_resource", name: "n", actions: ["create"], after: {} })], {
        resource_drift: [
          change({ name: "gone", actions: ["delete"], before: REG, after: null }),
          change({
            name: "moved",
            actions: ["update"],
            before: { ...REG, user_id: 3, user_name: "u" },
            after: { ...REG, user_id: null, user_name: null, last_updated: 5 },
          }),
          change({
            name: "noise",
            actions: ["update"],
            before: { ...REG, last_updated: 1 },
            after: { ...REG, last_updated: 2 },
          }),
        ],
      }),
    );
    expect(r.drift.map((d) => [d.address, d.deleted])).toEqual([
      [`${TYPE}.gone`, true],
      [`${TYPE}.moved`, false],
    ]);
    expect(r.other).toEqual([{ address: "null_resource.n", actions: "create" }]);
    const md = reviewPlanMarkdown(
      plan([], {
        resource_drift: [
          change({ name: "moved", actions: ["update"], before: { ...REG, user_id: 3, user_name: "u" }, after: REG }),
        ],
      }),
    );
    expect(md).toContain("was unbound from user `u` (id 3)");
  });

  it("drift of values only Voximplant reports: says an apply changes nothing instead of advising it", () => {
    const failing = change({
      name: "failing",
      actions: ["update"],
      before: { ...REG, successful: true, status_code: 200 },
      after: { ...REG, successful: false, status_code: 403 },
    });
    const renamed = change({
      name: "renamed",
      actions: ["update"],
      before: REG,
      after: { ...REG, sip_username: "other" },
    });
    const only = reviewPlanMarkdown(plan([], { resource_drift: [failing] }), defaultHints());
    expect(only).toContain("`successful`: `true` → `false`");
    expect(only).toContain("applying the configuration again changes nothing");
    expect(only).not.toContain("apply the configuration again");
    const mixed = reviewPlanMarkdown(plan([], { resource_drift: [failing, renamed] }), defaultHints());
    expect(mixed).toContain("To restore the configured values, apply the configuration again.");
    expect(mixed).toContain(
      `For \`${TYPE}.failing\` only values that Voximplant reports changed: an apply changes nothing there`,
    );
    const settable = reviewPlanMarkdown(plan([], { resource_drift: [renamed] }), defaultHints());
    expect(settable).toContain("To restore the configured values, apply the configuration again.");
    expect(settable).not.toContain("Voximplant reports");
  });

  it("warns when the plan errored and says when nothing changes", () => {
    expect(reviewPlanMarkdown(plan([], { errored: true }))).toContain("the plan ended with errors");
    expect(reviewPlanMarkdown(plan([]))).toContain("No SIP registration changes.");
  });

  it("escapes values that contain backticks or newlines and truncates long ones", () => {
    const md = reviewPlanMarkdown(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, auth_user: "a`b" },
          after: { ...REG, auth_user: `x\n${"y".repeat(300)}` },
        }),
      ]),
    );
    expect(md).toContain("``a`b``");
    expect(md).toMatch(/`x\\ny+…`/);
  });
});

describe("secrets", () => {
  const secret = "very-secret-value-42";

  it("masks a value the plan marks sensitive, even under an innocent name and with no schema", () => {
    const md = reviewPlanMarkdown(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, outbound_proxy: secret },
          after: { ...REG, outbound_proxy: `${secret}-2` },
          before_sensitive: { outbound_proxy: true },
          after_sensitive: { outbound_proxy: true },
        }),
      ]),
      NO_HINTS,
    );
    expect(md).not.toContain(secret);
    expect(md).toContain("`outbound_proxy` changes (sensitive; values not shown)");
  });

  it("masks whole-object and nested sensitivity marks", () => {
    for (const marks of [true, { tags: [false, true] }] as JsonValue[]) {
      const md = reviewPlanMarkdown(
        plan([
          change({
            actions: ["update"],
            before: { ...REG, tags: ["a", "b"] },
            after: { ...REG, tags: ["a", secret] },
            before_sensitive: marks,
            after_sensitive: marks,
          }),
        ]),
      );
      expect(md).not.toContain(secret);
    }
  });

  it("masks secret-looking names even when the plan and the schema forget to mark them", () => {
    const md = reviewPlanMarkdown(
      plan([
        change({
          actions: ["create"],
          after: { ...REG, password: secret, api_token: secret, private_key: secret },
          after_sensitive: {},
        }),
      ]),
      NO_HINTS,
    );
    expect(md).not.toContain(secret);
    expect(md).toContain("`password` is set (sensitive, stored in state; value not shown)");
  });

  it("never shows a write-only attribute, even if a plan carried a value for it", () => {
    const md = reviewPlanMarkdown(
      plan([
        change({
          actions: ["update"],
          before: { ...REG, password_wo: null, password_wo_version: 1 },
          after: { ...REG, password_wo: secret, password_wo_version: 2 },
        }),
      ]),
      defaultHints(),
    );
    expect(md).not.toContain(secret);
    expect(md).toContain("`password_wo` is sent again (write-only, never stored; version 1 → 2)");
  });

  it("takes sensitive, write-only and computed-only attributes from the provider schema", () => {
    const hints = defaultHints();
    expect(hints.sensitive.get(TYPE)?.has("password")).toBe(true);
    expect(hints.writeOnly.get(TYPE)?.has("password_wo")).toBe(true);
    expect(hints.computedOnly.get(TYPE)?.has("status_code")).toBe(true);
    expect(hints.computedOnly.get(TYPE)?.has("application_id")).toBe(false);
    expect(hintsFromSchema({ nothing: 1 }).sensitive.size).toBe(0);
  });
});

describe("bad input", () => {
  const bad = (input: unknown): string => {
    try {
      parsePlan(input);
    } catch (e) {
      expect(e).toBeInstanceOf(PlanFormatError);
      return (e as Error).message;
    }
    throw new Error("parsePlan accepted the input");
  };

  it("never quotes the input of a plan that is not JSON (plans hold sensitive values in clear)", () => {
    for (const text of [
      '{"after":{"password": hunter2-secret}}',
      "hunter2-secret",
      '{"after":{"password":"hunter2-secret"}} x',
    ]) {
      const message = bad(text);
      expect(message).toMatch(/^the plan is not valid JSON: /);
      expect(message).not.toContain("hunter2");
      expect(message).not.toContain("password");
    }
  });

  it("names what is wrong", () => {
    expect(bad("{nope")).toMatch(/not valid JSON/);
    expect(bad('{"format_version":"1.2","resource_changes":[]')).toMatch(/not valid JSON: Expected .* at position 45$/);
    expect(bad('{"@level":"info","@message":"Terraform 1.11.4"}\n{"@level":"info"}')).toMatch(
      /terraform show -json tfplan/,
    );
    expect(bad("[]")).toMatch(/must be a JSON object \(got an array\)/);
    expect(bad({ resource_changes: [] })).toMatch(/format_version must be a string/);
    expect(bad({ format_version: "2.0", resource_changes: [] })).toMatch(/format_version "2\.0" is not supported/);
    expect(bad({ format_version: "1.0", values: {} })).toMatch(/not a plan \(a state file\?/);
    expect(bad({ format_version: "1.2", resource_changes: {} })).toMatch(
      /^resource_changes must be an array \(got a object\)/,
    );
    expect(
      bad({ format_version: "1.2", resource_changes: [{ address: "a", mode: "managed", type: "t", name: "n" }] }),
    ).toMatch(/resource_changes\[0\]\.change must be an object/);
    expect(bad(plan([change({ actions: ["explode"] })]))).toMatch(
      /resource_changes\[0\]\.change\.actions\[0\] is not a Terraform action: "explode"/,
    );
    expect(bad(plan([change({ actions: ["update"], replace_paths: "x" })]))).toMatch(
      /resource_changes\[0\]\.change\.replace_paths must be an array/,
    );
    expect(bad(plan([{ ...change({ actions: ["update"] }), address: 5 }]))).toMatch(
      /resource_changes\[0\]\.address must be a string \(got a number\)/,
    );
  });
});
