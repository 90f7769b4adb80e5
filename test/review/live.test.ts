// The review on plans made by the real terraform against the emulator (test/review/scenario.ts).
// Asserts meaning rather than exact text, so provider changes that add an attribute do not break
// it; the exact text is snapshot-checked on the committed fixtures (review.test.ts).
// UPDATE_REVIEW_FIXTURES=1 rewrites those fixtures from this run.

import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { defaultHints, reviewPlan, reviewPlanMarkdown } from "../../src/review";
import { startStack, type Stack } from "../support";
import { fixtureOf, runScenario, SECRETS, type ScenarioPlans } from "./scenario";

let stack: Stack;
let plans: ScenarioPlans;

beforeAll(async () => {
  stack = await startStack({ seed: true });
  plans = await runScenario(stack);
  if (process.env.UPDATE_REVIEW_FIXTURES === "1") {
    const dir = path.join(__dirname, "fixtures");
    writeFileSync(path.join(dir, "changes.json"), `${JSON.stringify(fixtureOf(plans.changes), null, 1)}\n`);
    writeFileSync(path.join(dir, "drift-only.json"), `${JSON.stringify(fixtureOf(plans.driftOnly), null, 1)}\n`);
  }
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe("review of a real plan", () => {
  it("the raw plan JSON does contain the state-stored password (so the masking below is tested)", () => {
    expect(JSON.stringify(plans.changes)).toContain(SECRETS.passwordV2);
  });

  it("classifies every change and names the attribute that forces the replacement", () => {
    const review = reviewPlan(plans.changes, defaultHints());
    const byAddress = Object.fromEntries(
      review.registrations.map((r) => [r.address.replace("voximplant_sip_registration.", ""), r]),
    );
    expect(Object.fromEntries(Object.entries(byAddress).map(([k, r]) => [k, r.kind]))).toEqual({
      created: "create",
      updated: "update",
      bound: "update",
      unbound: "update",
      rotated: "update",
      drifted: "update",
      replaced: "replace",
      deleted: "delete",
    });
    expect(byAddress.updated.fields.map((f) => f.attribute)).toContain("auth_user");
    expect(byAddress.updated.secrets.join(" ")).toMatch(/`password` changes/);
    expect(byAddress.bound.bindings).toEqual([expect.objectContaining({ target: "rule", kind: "bind" })]);
    expect(byAddress.unbound.bindings).toEqual([expect.objectContaining({ target: "user", kind: "unbind" })]);
    expect(byAddress.rotated.secrets.join(" ")).toMatch(/`password_wo` is sent again .*1 → 2/);
    expect(byAddress.replaced.replaceBecause.map((r) => r.attribute)).toEqual(["is_persistent"]);
    expect(byAddress.deleted.reason).toMatch(/removed from the configuration/);
    expect(byAddress.created.initialBindings.map((b) => b.target)).toEqual(["application", "rule"]);
    expect(review.cost).toEqual(expect.objectContaining({ created: 1, replaced: 1, deleted: 1 }));
  });

  it("reports the out-of-band rename as drift, in both the change plan and the refresh-only plan", () => {
    expect(plans.driftExitCode).toBe(2);
    for (const plan of [plans.changes, plans.driftOnly]) {
      const drift = reviewPlan(plan, defaultHints()).drift;
      expect(drift.map((d) => d.address)).toContain("voximplant_sip_registration.drifted");
      const d = drift.find((x) => x.address === "voximplant_sip_registration.drifted");
      expect(d?.fields).toEqual([expect.objectContaining({ attribute: "sip_username" })]);
    }
    expect(reviewPlan(plans.driftOnly, defaultHints()).registrations).toEqual([]);
  });

  it("never prints a secret", () => {
    for (const plan of [plans.changes, plans.driftOnly]) {
      const markdown = reviewPlanMarkdown(plan, defaultHints());
      for (const secret of Object.values(SECRETS)) expect(markdown).not.toContain(secret);
    }
  });
});
