// Scenarios → voximplant_scenario, import id `<scenario_id>`. A scenario refers to nothing; its
// block is written by `adopt` only when an adopted rule runs it (the script is then read, one
// GetScenarios call per scenario), otherwise Terraform generates it. Under -application: the
// scenarios that application's rules run and those created inside that application.

import type { AdoptedObject, Adopter, ListContext } from "../adopter";
import { hclString, hclText } from "../hcl";

export const SCENARIO_TYPE = "voximplant_scenario";

export const scenarioAdopter: Adopter = {
  resourceType: SCENARIO_TYPE,
  label: "scenarios",
  labelOne: "scenario",
  fallbackName: "scenario",
  namePrefix: "scenario",

  async list(context: ListContext): Promise<AdoptedObject[]> {
    const { filters, account, client, signal } = context;
    if (filters.proxy !== null) return [];
    const options = signal === undefined ? {} : { signal };
    let used: Set<number> | null = null;
    if (filters.applicationId !== null) {
      used = new Set((await account.rules()).flatMap((r) => (r.scenarios ?? []).map((s) => s.scenario_id)));
      for await (const sc of client.listScenarios({ application_id: filters.applicationId }, options)) {
        used.add(sc.scenario_id);
      }
    }
    const out: AdoptedObject[] = [];
    for await (const sc of client.listScenarios({}, options)) {
      if (used !== null && !used.has(sc.scenario_id)) continue;
      if (sc.parent === true) {
        context.skip(
          `scenario ${sc.scenario_id} (${JSON.stringify(sc.scenario_name)}) belongs to the parent account; ` +
            "manage it there",
        );
        continue;
      }
      out.push({
        resourceType: SCENARIO_TYPE,
        id: sc.scenario_id,
        importId: String(sc.scenario_id),
        nameBase: sc.scenario_name,
        description: `scenario ${sc.scenario_id}: ${JSON.stringify(sc.scenario_name)}`,
        arguments: async () => {
          const full = await client.getScenarioWithScript(sc.scenario_id, options);
          return [
            ["name", { kind: "hcl", text: hclString(sc.scenario_name) }],
            ["script", { kind: "hcl", text: hclText(full?.scenario_script ?? "") }],
          ];
        },
      });
    }
    return out;
  },
};
