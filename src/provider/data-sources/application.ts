// data "voximplant_application": an application by name (short `demo-app` or full
// `demo-app.account.voximplant.com`) or by id. Its `application_id` is what a registration's
// binding refers to: application_id = data.voximplant_application.app.application_id.

import { BoolType, NumberType, StringType } from "../../plugin/cty/types";
import type { DataSourceDefinition } from "../../plugin";
import type { ProviderMeta } from "../meta";
import { applicationShortName } from "../lookups";
import { idValidators, nameValidators, notFound, optionalId, requireExactlyOneWay } from "./common";

const APPLICATION_DATA_SOURCE = "voximplant_application";

export const applicationDataSource: DataSourceDefinition<ProviderMeta> = {
  typeName: APPLICATION_DATA_SOURCE,
  schema: {
    version: 0,
    block: {
      markdownDescription: "Looks up a Voximplant application by `name` or by `application_id` (set exactly one).",
      attributes: {
        name: {
          type: StringType,
          optional: true,
          computed: true,
          validators: nameValidators,
          markdownDescription:
            "Name of the application: the short form (`demo-app`) or the full form " +
            "(`demo-app.account.voximplant.com`), matched exactly (ignoring case). " +
            "When the lookup is by `application_id`, the short name.",
        },
        application_id: {
          type: NumberType,
          optional: true,
          computed: true,
          validators: idValidators,
          markdownDescription: "Id of the application. Set it instead of `name` to look the application up by id.",
        },
        full_name: {
          type: StringType,
          computed: true,
          markdownDescription: "Full name of the application as the API reports it, `name.account.voximplant.com`.",
        },
        modified: {
          type: StringType,
          computed: true,
          markdownDescription:
            "When the application was last modified, `YYYY-MM-DD HH:mm:ss` in UTC; null when the API does not " +
            "report it.",
        },
        secure_record_storage: {
          type: BoolType,
          computed: true,
          markdownDescription:
            "Whether the application stores call records in secure storage; null when the API does not report it.",
        },
      },
    },
  },

  validateConfig(ctx) {
    requireExactlyOneWay(ctx, "application", [["name"], ["application_id"]]);
  },

  async read(ctx) {
    const id = optionalId(ctx.config, "application_id");
    const name = ctx.config.getString("name");
    const app =
      id !== null
        ? await ctx.meta.lookups.applicationById(id, ctx.signal)
        : await ctx.meta.lookups.applicationByName(name!, ctx.signal);
    if (app === null) {
      throw id !== null
        ? notFound("Application", `with id ${id}`, "application_id")
        : notFound(
            "Application",
            `named ${JSON.stringify(name)}`,
            "name",
            "Both the short name and the full name.account.voximplant.com form are compared exactly (ignoring case).",
          );
    }
    return {
      application_id: app.application_id,
      name: applicationShortName(app.application_name),
      full_name: app.application_name,
      modified: app.modified ?? null,
      secure_record_storage: app.secure_record_storage ?? null,
    };
  },
};
