// voximplant_rule: AddRule / GetRules / SetRuleInfo / DelRule, with the scenarios it runs changed
// through BindScenario (unbind removed, bind added) and ReorderScenarios (their order), because
// SetRuleInfo cannot change them. Rule names are unique per application.
//
// Rule order within the application (the first matching rule routes a call) is not managed: new
// rules come last, in the order Terraform creates them. docs/resources/rule.md says how to keep
// patterns from overlapping instead.

import type { RuleInfo, VoximplantClient } from "../../api";
import { BoolType, listOf, NumberType, StringType } from "../../plugin/cty/types";
import { TfNumber } from "../../plugin/cty/value";
import {
  requiresReplaceIf,
  sizeBetween,
  stringLengthBetween,
  type SchemaDef,
  type UpdateContext,
  type ValuesReader,
} from "../../plugin";
import type { ProviderMeta } from "../meta";
import {
  clearedNeedsReplacement,
  distinctPositiveIds,
  idAttribute,
  notBlank,
  objectIdAttribute,
  owningApplicationAttribute,
  regularExpression,
} from "../setup/attributes";
import { parseAppScopedId, setupResource, type ObjectRef, type SetupObjectSpec } from "../setup/engine";

const RULE_TYPE = "voximplant_rule";

const MAX_RULE_NAME = 99;
const MAX_PATTERN = 65535;

const schema: SchemaDef = {
  version: 0,
  block: {
    markdownDescription:
      "A rule of an application: calls whose number matches `rule_pattern` (and not `rule_pattern_exclude`) run " +
      "the rule's scenarios, " +
      "in the order of `scenario_ids`. Deleting a rule unbinds SIP registrations bound to it.",
    attributes: {
      id: idAttribute("<application_id>/<rule_id>"),
      rule_id: objectIdAttribute("rule"),
      application_id: owningApplicationAttribute("rule"),
      name: {
        type: StringType,
        required: true,
        validators: [notBlank(), stringLengthBetween(1, MAX_RULE_NAME)],
        markdownDescription:
          `Rule name, unique in the application, at most ${MAX_RULE_NAME} characters. Renamed ` + `in place.`,
      },
      rule_pattern: {
        type: StringType,
        required: true,
        validators: [notBlank(), stringLengthBetween(1, MAX_PATTERN), regularExpression()],
        markdownDescription: "Regular expression the called number must match, e.g. `^1\\\\d{3}$`. Changed in place.",
      },
      rule_pattern_exclude: {
        type: StringType,
        optional: true,
        validators: [notBlank(), stringLengthBetween(1, MAX_PATTERN), regularExpression()],
        planModifiers: [
          requiresReplaceIf(
            (req) => clearedNeedsReplacement(req.priorValue, req.plannedValue),
            "removing rule_pattern_exclude forces a new rule: the Voximplant API cannot clear it",
          ),
        ],
        markdownDescription:
          "Regular expression of numbers the rule must not take. Changed in place; removing it forces a new rule " +
          "(the API cannot clear it).",
      },
      video_conference: {
        type: BoolType,
        optional: true,
        computed: true,
        default: false,
        markdownDescription: "Whether calls of this rule are video conferences. Changed in place. Default `false`.",
      },
      scenario_ids: {
        type: listOf(NumberType),
        required: true,
        validators: [sizeBetween(1, 100), distinctPositiveIds()],
        markdownDescription:
          "Ids of the scenarios the rule runs, in the order they run, usually " +
          "`[voximplant_scenario.<name>.scenario_id]`. " +
          "Changed in place (BindScenario and ReorderScenarios).",
      },
    },
  },
};

function scenarioIdsOf(r: ValuesReader): number[] {
  return (r.getList("scenario_ids") ?? []).map((v) => (v instanceof TfNumber ? Number(v.text) : NaN));
}

async function currentScenarioIds(
  client: VoximplantClient,
  ref: ObjectRef,
  signal: AbortSignal,
): Promise<number[] | null> {
  const rule = await readRule(client, ref, signal);
  return rule === null ? null : (rule.scenarios ?? []).map((s) => s.scenario_id);
}

async function readRule(client: VoximplantClient, ref: ObjectRef, signal: AbortSignal): Promise<RuleInfo | null> {
  const page = await client.getRules(
    { application_id: ref.applicationId as number, rule_id: ref.id, with_scenarios: true },
    { signal },
  );
  return page.result.find((r) => r.rule_id === ref.id) ?? null;
}

/**
 * The scenario calls that turn the rule's current list into `wanted`: unbind what is not wanted,
 * bind what is missing (appended in order), then reorder only when the order still differs. The
 * current list is read first, not taken from the prior state: a scenario replaced in the same
 * apply has already left every rule.
 */
async function syncScenarios(
  client: VoximplantClient,
  ref: ObjectRef,
  wanted: number[],
  ctx: UpdateContext<ProviderMeta>,
): Promise<void> {
  const current = await currentScenarioIds(client, ref, ctx.signal);
  if (current === null) return;
  const appRef = { application_id: ref.applicationId as number, rule_id: ref.id };
  const extra = current.filter((id) => !wanted.includes(id));
  if (extra.length > 0)
    await client.bindScenario({ ...appRef, scenario_id: extra, bind: false }, { signal: ctx.signal });
  const kept = current.filter((id) => wanted.includes(id));
  const missing = wanted.filter((id) => !kept.includes(id));
  if (missing.length > 0) await client.bindScenario({ ...appRef, scenario_id: missing }, { signal: ctx.signal });
  const after = [...kept, ...missing];
  if (after.some((id, i) => id !== wanted[i])) {
    await client.reorderScenarios({ rule_id: ref.id, scenario_id: wanted }, { signal: ctx.signal });
  }
}

const spec: SetupObjectSpec<RuleInfo> = {
  typeName: RULE_TYPE,
  schema,
  noun: "rule",
  importFormat: "<application_id>/<rule_id>",
  fields: {
    rule_name: "name",
    rule_pattern: "rule_pattern",
    rule_pattern_exclude: "rule_pattern_exclude",
    video_conference: "video_conference",
    scenario_id: "scenario_ids",
    application_id: "application_id",
  },
  // 147: unknown rule; 116/558: its application is gone, and the rule with it
  goneCodes: new Set([147, 116, 558]),
  refOf: (state) => {
    const id = state.knownNumber("rule_id");
    const applicationId = state.knownNumber("application_id");
    return id === null || applicationId === null ? null : { id, applicationId };
  },
  refOfObject: (r) => ({ id: r.rule_id, applicationId: r.application_id }),
  importIdOf: (ref) => `${ref.applicationId}/${ref.id}`,
  parseImportId: parseAppScopedId,
  idState: (ref) => ({ rule_id: ref.id, application_id: ref.applicationId ?? null }),
  read: readRule,
  findByName: (client, plan, signal) =>
    client.findRulesByName(plan.knownNumber("application_id") ?? 0, plan.knownString("name") ?? "", { signal }),
  async add(client, plan, _config, signal) {
    const applicationId = plan.knownNumber("application_id") ?? 0;
    const exclude = plan.knownString("rule_pattern_exclude");
    const res = await client.addRule(
      {
        application_id: applicationId,
        rule_name: plan.knownString("name") ?? "",
        rule_pattern: plan.knownString("rule_pattern") ?? "",
        ...(exclude !== null ? { rule_pattern_exclude: exclude } : {}),
        video_conference: plan.knownBool("video_conference") ?? false,
        scenario_id: scenarioIdsOf(plan),
      },
      { signal },
    );
    return { id: res.rule_id, applicationId };
  },
  async update(client, ref, ctx) {
    const changed = (name: string): boolean => ctx.plan.get(name) !== ctx.prior.get(name);
    const params = {
      rule_id: ref.id,
      ...(changed("name") ? { rule_name: ctx.plan.knownString("name") ?? "" } : {}),
      ...(changed("rule_pattern") ? { rule_pattern: ctx.plan.knownString("rule_pattern") ?? "" } : {}),
      ...(changed("rule_pattern_exclude") && ctx.plan.knownString("rule_pattern_exclude") !== null
        ? { rule_pattern_exclude: ctx.plan.knownString("rule_pattern_exclude") as string }
        : {}),
      ...(changed("video_conference") ? { video_conference: ctx.plan.knownBool("video_conference") ?? false } : {}),
    };
    if (Object.keys(params).length > 1) await client.setRuleInfo(params, { signal: ctx.signal });
    const wanted = scenarioIdsOf(ctx.plan);
    const before = scenarioIdsOf(ctx.prior);
    if (wanted.length !== before.length || wanted.some((id, i) => id !== before[i])) {
      await syncScenarios(client, ref, wanted, ctx);
    }
  },
  async remove(client, ref, signal) {
    await client.delRule({ rule_id: ref.id, application_id: ref.applicationId as number }, { signal });
  },
  toState: (r, ref) => ({
    id: `${ref.applicationId}/${ref.id}`,
    rule_id: r.rule_id,
    application_id: r.application_id,
    name: r.rule_name,
    rule_pattern: r.rule_pattern,
    rule_pattern_exclude: r.rule_pattern_exclude ?? null,
    video_conference: r.video_conference ?? false,
    scenario_ids: (r.scenarios ?? []).map((s) => s.scenario_id),
  }),
};

export const ruleResource = setupResource(spec);
