// voximplant_scenario: AddScenario / GetScenarios (with the script, one scenario at a time) /
// SetScenarioInfo (rename and new script in place) / DelScenario. Names are unique per account.
// The script is compared exactly, so any change out of band shows as drift; deleting a scenario
// removes it from every rule that runs it.

import type { ScenarioInfo } from "../../api";
import { StringType } from "../../plugin/cty/types";
import { stringLengthBetween, stringMatches, type SchemaDef } from "../../plugin";
import { notBlank, idAttribute, objectIdAttribute } from "../setup/attributes";
import { parseId, setupResource, type SetupObjectSpec } from "../setup/engine";

const SCENARIO_TYPE = "voximplant_scenario";

/** "shorter than 30" and "shorter than 128 KB" (official clients). */
const MAX_SCENARIO_NAME = 29;
const MAX_SCRIPT = 131071;

const schema: SchemaDef = {
  version: 0,
  block: {
    markdownDescription:
      "A VoxEngine scenario: the JavaScript that handles calls. Rules (`voximplant_rule.scenario_ids`) decide " +
      "which calls run it. " +
      "Deleting a scenario removes it from every rule.",
    attributes: {
      id: idAttribute("<scenario_id>"),
      scenario_id: objectIdAttribute("scenario"),
      name: {
        type: StringType,
        required: true,
        validators: [
          stringLengthBetween(1, MAX_SCENARIO_NAME),
          stringMatches(
            /^[^;\s\u0000-\u001f\u007f](?:[^;\u0000-\u001f\u007f]*[^;\s\u0000-\u001f\u007f])?$/,
            'must not contain ";" or control characters, nor start or end with a space',
          ),
        ],
        markdownDescription:
          `Scenario name, unique in the account, at most ${MAX_SCENARIO_NAME} characters. ` + `Renamed in place.`,
      },
      script: {
        type: StringType,
        required: true,
        validators: [notBlank(), stringLengthBetween(1, MAX_SCRIPT)],
        markdownDescription:
          'VoxEngine JavaScript source, e.g. `file("${path.module}/inbound.js")`. Compared exactly; ' +
          "replaced in place. " +
          `At most ${MAX_SCRIPT} characters.`,
      },
    },
  },
};

const spec: SetupObjectSpec<ScenarioInfo> = {
  typeName: SCENARIO_TYPE,
  schema,
  noun: "scenario",
  importFormat: "<scenario_id>",
  fields: { scenario_name: "name", scenario_script: "script", scenario_id: "scenario_id" },
  goneCodes: new Set([132]),
  refOf: (state) => {
    const id = state.knownNumber("scenario_id");
    return id === null ? null : { id };
  },
  refOfObject: (sc) => ({ id: sc.scenario_id }),
  importIdOf: (ref) => String(ref.id),
  parseImportId: (raw) => {
    const id = parseId(raw);
    return id === null ? null : { id };
  },
  idState: (ref) => ({ scenario_id: ref.id }),
  read: (client, ref, signal) => client.getScenarioWithScript(ref.id, { signal }),
  findByName: (client, plan, signal) => client.findScenariosByName(plan.knownString("name") ?? "", { signal }),
  async add(client, plan, _config, signal) {
    const res = await client.addScenario(
      { scenario_name: plan.knownString("name") ?? "", scenario_script: plan.knownString("script") ?? "" },
      { signal },
    );
    return { id: res.scenario_id };
  },
  async update(client, ref, ctx) {
    const name = ctx.plan.knownString("name");
    const script = ctx.plan.knownString("script");
    const params = {
      scenario_id: ref.id,
      ...(name !== null && name !== ctx.prior.knownString("name") ? { scenario_name: name } : {}),
      ...(script !== null && script !== ctx.prior.knownString("script") ? { scenario_script: script } : {}),
    };
    if (Object.keys(params).length > 1) await client.setScenarioInfo(params, { signal: ctx.signal });
  },
  async remove(client, ref, signal) {
    await client.delScenario({ scenario_id: ref.id }, { signal });
  },
  toState: (sc, ref) => ({
    id: String(ref.id),
    scenario_id: sc.scenario_id,
    name: sc.scenario_name,
    script: sc.scenario_script ?? "",
  }),
};

export const scenarioResource = setupResource(spec);
