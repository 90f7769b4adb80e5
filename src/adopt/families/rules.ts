// Rules → voximplant_rule, import id `<application_id>/<rule_id>`. A rule refers to its
// application and to the scenarios it runs (in order), so `adopt` writes its resource block with
// references to them (see docs/design/adopt.md).

import type { RuleInfo } from "../../api";
import { shortApplicationName } from "../account";
import { referenceTo, type AdoptedObject, type Adopter, type BlockValue, type ListContext } from "../adopter";
import { hclString } from "../hcl";
import { APPLICATION_TYPE } from "./applications";
import { SCENARIO_TYPE } from "./scenarios";

export const RULE_TYPE = "voximplant_rule";

function argumentsOf(rule: RuleInfo): Array<readonly [string, BlockValue]> {
  const args: Array<readonly [string, BlockValue]> = [
    ["application_id", referenceTo(APPLICATION_TYPE, rule.application_id, "application_id")],
    ["name", { kind: "hcl", text: hclString(rule.rule_name) }],
    ["rule_pattern", { kind: "hcl", text: hclString(rule.rule_pattern) }],
  ];
  if (rule.rule_pattern_exclude !== undefined && rule.rule_pattern_exclude !== "") {
    args.push(["rule_pattern_exclude", { kind: "hcl", text: hclString(rule.rule_pattern_exclude) }]);
  }
  if (rule.video_conference === true) args.push(["video_conference", { kind: "hcl", text: "true" }]);
  const scenarios = (rule.scenarios ?? []).map((s) => ({
    resourceType: SCENARIO_TYPE,
    id: s.scenario_id,
    attribute: "scenario_id",
  }));
  args.push(["scenario_ids", { kind: "references", to: scenarios }]);
  return args;
}

export const ruleAdopter: Adopter = {
  resourceType: RULE_TYPE,
  label: "rules",
  labelOne: "rule",
  fallbackName: "rule",
  namePrefix: "rule",

  async list(context: ListContext): Promise<AdoptedObject[]> {
    if (context.filters.proxy !== null) return [];
    const appNames = new Map(
      (await context.account.applications()).map((a) => [a.application_id, shortApplicationName(a.application_name)]),
    );
    const out: AdoptedObject[] = [];
    for (const rule of await context.account.rules()) {
      const app = appNames.get(rule.application_id) ?? String(rule.application_id);
      const label = `rule ${rule.rule_id} (${JSON.stringify(rule.rule_name)} of application ${app})`;
      if ((rule.scenarios ?? []).length === 0) {
        // voximplant_rule needs at least one scenario (a rule without one routes calls nowhere).
        context.skip(`${label} runs no scenario; voximplant_rule needs at least one`);
        continue;
      }
      const order = (rule.scenarios ?? []).map((s) => JSON.stringify(s.scenario_name)).join(", ");
      out.push({
        resourceType: RULE_TYPE,
        id: rule.rule_id,
        importId: `${rule.application_id}/${rule.rule_id}`,
        nameBase: rule.rule_name,
        nameQualifier: app,
        description:
          `rule ${rule.rule_id}: ${JSON.stringify(rule.rule_name)} of application ${app} (${rule.application_id}), ` +
          `pattern ${JSON.stringify(rule.rule_pattern)}, runs ${order}`,
        arguments: argumentsOf(rule),
      });
    }
    return out;
  },
};
