// Shapes of an account the emulator cannot make (a user in two applications, a scenario of the
// parent account), through adoptAccount with a client that answers the list calls from fixtures.

import { adoptAccount } from "../../src/adopt";
import type { ApplicationInfo, RuleInfo, ScenarioInfo, UserInfo, VoximplantClient } from "../../src/api";

async function* rows<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const applications: ApplicationInfo[] = [
  { application_id: 2, application_name: "sales.acct.voximplant.com" },
  { application_id: 1, application_name: "pbx.acct.voximplant.com" },
];
const scenarios: ScenarioInfo[] = [
  { scenario_id: 10, scenario_name: "own" },
  { scenario_id: 11, scenario_name: "inherited", parent: true },
];
const rules: RuleInfo[] = [
  { rule_id: 5, application_id: 1, rule_name: "in", rule_pattern: ".*", scenarios: [scenarios[0]] },
  { rule_id: 6, application_id: 2, rule_name: "empty", rule_pattern: ".*", scenarios: [] },
];
const shared: UserInfo = { user_id: 7, user_name: "shared", user_display_name: "Shared" };
const usersOf: Record<number, UserInfo[]> = { 1: [shared], 2: [shared, { user_id: 8, user_name: "own" }] };

const client = {
  accountId: 42,
  listApplications: () => rows(applications),
  listScenarios: () => rows(scenarios),
  listRules: (f: { application_id: number }) => rows(rules.filter((r) => r.application_id === f.application_id)),
  listUsers: (f: { application_id: number }) => rows(usersOf[f.application_id] ?? []),
  listSipRegistrations: () => rows([]),
  getScenarioWithScript: (id: number) => Promise.resolve({ ...scenarios.find((s) => s.scenario_id === id) }),
} as unknown as VoximplantClient;

describe("adoptAccount on shapes the emulator cannot make", () => {
  it("a user in two applications is imported once, under the lowest application id", async () => {
    const r = await adoptAccount({ client, filters: { types: null, applicationId: null, proxy: null } });
    const users = r.families.find((f) => f.adopter.resourceType === "voximplant_user");
    expect(users?.objects.map((o) => o.importId)).toEqual(["1/7", "2/8"]);
  });

  it("a parent account's scenario and a rule without scenarios are left out, with the reason", async () => {
    const r = await adoptAccount({ client, filters: { types: null, applicationId: null, proxy: null } });
    expect(r.skipped).toEqual([
      'scenario 11 ("inherited") belongs to the parent account; manage it there',
      'rule 6 ("empty" of application sales) runs no scenario; voximplant_rule needs at least one',
    ]);
    expect(r.text).toContain('#   - rule 6 ("empty" of application sales) runs no scenario');
    expect(r.text).not.toContain("to = voximplant_scenario.inherited");
  });
});
