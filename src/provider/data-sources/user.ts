// data "voximplant_user": a user bound to an application, by name or by id. A registration can
// only be bound to a user of its own application, hence application_id is required.

import { BoolType, NumberType, StringType } from "../../plugin/cty/types";
import type { DataSourceDefinition } from "../../plugin";
import type { ProviderMeta } from "../meta";
import { idValidators, nameValidators, notFound, optionalId, requireExactlyOneWay } from "./common";

const USER_DATA_SOURCE = "voximplant_user";

export const userDataSource: DataSourceDefinition<ProviderMeta> = {
  typeName: USER_DATA_SOURCE,
  schema: {
    version: 0,
    block: {
      markdownDescription:
        "Looks up a user bound to an application by `name` or by `user_id` (set exactly one, plus `application_id`).",
      attributes: {
        application_id: {
          type: NumberType,
          required: true,
          validators: idValidators,
          markdownDescription:
            "Id of an application the user is bound to, e.g. `data.voximplant_application.app.application_id`.",
        },
        name: {
          type: StringType,
          optional: true,
          computed: true,
          validators: nameValidators,
          markdownDescription: "User name (login), matched exactly. Set it or `user_id`.",
        },
        user_id: {
          type: NumberType,
          optional: true,
          computed: true,
          validators: idValidators,
          markdownDescription: "Id of the user. Set it instead of `name` to look the user up by id.",
        },
        display_name: {
          type: StringType,
          computed: true,
          markdownDescription: "Display name of the user; null when the API does not report it.",
        },
        active: {
          type: BoolType,
          computed: true,
          markdownDescription: "Whether the user is active; null when the API does not report it.",
        },
        created: {
          type: StringType,
          computed: true,
          markdownDescription:
            "When the user was created, `YYYY-MM-DD HH:mm:ss` in UTC; null when the API does not report it.",
        },
        modified: {
          type: StringType,
          computed: true,
          markdownDescription:
            "When the user was last modified, `YYYY-MM-DD HH:mm:ss` in UTC; null when the API does not report it.",
        },
      },
    },
  },

  validateConfig(ctx) {
    requireExactlyOneWay(ctx, "user", [["name"], ["user_id"]]);
  },

  async read(ctx) {
    const c = ctx.config;
    const applicationId = c.getInt("application_id")!;
    const id = optionalId(c, "user_id");
    const name = c.getString("name");
    const user =
      id !== null
        ? await ctx.meta.lookups.userById(applicationId, id, ctx.signal)
        : await ctx.meta.lookups.userByName(applicationId, name!, ctx.signal);
    if (user === null) {
      throw id !== null
        ? notFound("User", `with id ${id} bound to application ${applicationId}`, "user_id")
        : notFound(
            "User",
            `named ${JSON.stringify(name)} bound to application ${applicationId}`,
            "name",
            "User names are compared exactly (case-sensitive).",
          );
    }
    return {
      user_id: user.user_id,
      name: user.user_name,
      display_name: user.user_display_name ?? null,
      active: user.user_active ?? null,
      created: user.created ?? null,
      modified: user.modified ?? null,
    };
  },
};
