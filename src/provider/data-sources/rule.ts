// data "voximplant_rule": a rule of an application, by name or by id. Rule names are unique per
// application, so (application_id, name) identifies one rule.

import { BoolType, NumberType, StringType } from "../../plugin/cty/types";
import type { DataSourceDefinition } from "../../plugin";
import type { ProviderMeta } from "../meta";
import { idValidators, nameValidators, notFound, optionalId, requireExactlyOneWay } from "./common";

const RULE_DATA_SOURCE = "voximplant_rule";

export const ruleDataSource: DataSourceDefinition<ProviderMeta> = {
  typeName: RULE_DATA_SOURCE,
  schema: {
    version: 0,
    block: {
      markdownDescription:
        "Looks up a rule of an application by `name` or by `rule_id` (set exactly one, plus `application_id`).",
      attributes: {
        application_id: {
          type: NumberType,
          required: true,
          validators: idValidators,
          markdownDescription:
            "Id of the application the rule belongs to, e.g. `data.voximplant_application.app.application_id`.",
        },
        name: {
          type: StringType,
          optional: true,
          computed: true,
          validators: nameValidators,
          markdownDescription: "Name of the rule, matched exactly. Set it or `rule_id`.",
        },
        rule_id: {
          type: NumberType,
          optional: true,
          computed: true,
          validators: idValidators,
          markdownDescription: "Id of the rule. Set it instead of `name` to look the rule up by id.",
        },
        rule_pattern: {
          type: StringType,
          computed: true,
          markdownDescription: "Regular expression of the numbers or user names the rule handles.",
        },
        rule_pattern_exclude: {
          type: StringType,
          computed: true,
          markdownDescription: "Regular expression of what the rule excludes; null when not set.",
        },
        video_conference: {
          type: BoolType,
          computed: true,
          markdownDescription: "Whether the rule handles video conferences; null when the API does not report it.",
        },
        modified: {
          type: StringType,
          computed: true,
          markdownDescription:
            "When the rule was last modified, `YYYY-MM-DD HH:mm:ss` in UTC; null when the API does not report it.",
        },
      },
    },
  },

  validateConfig(ctx) {
    requireExactlyOneWay(ctx, "rule", [["name"], ["rule_id"]]);
  },

  async read(ctx) {
    const c = ctx.config;
    const applicationId = c.getInt("application_id")!;
    const id = optionalId(c, "rule_id");
    const name = c.getString("name");
    const rule =
      id !== null
        ? await ctx.meta.lookups.ruleById(applicationId, id, ctx.signal)
        : await ctx.meta.lookups.ruleByName(applicationId, name!, ctx.signal);
    if (rule === null) {
      throw id !== null
        ? notFound("Rule", `with id ${id} in application ${applicationId}`, "rule_id")
        : notFound(
            "Rule",
            `named ${JSON.stringify(name)} in application ${applicationId}`,
            "name",
            "Rule names are compared exactly (case-sensitive).",
          );
    }
    return {
      rule_id: rule.rule_id,
      name: rule.rule_name,
      rule_pattern: rule.rule_pattern,
      rule_pattern_exclude: rule.rule_pattern_exclude ?? null,
      video_conference: rule.video_conference ?? null,
      modified: rule.modified ?? null,
    };
  },
};
