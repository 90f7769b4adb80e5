// Users → voximplant_user, import id `<application_id>/<user_id>`. A user refers to its
// application, so `adopt` writes its resource block with that reference. Passwords cannot be
// read back: the block has none, and the secrets note says how to add one.

import type { UserInfo } from "../../api";
import { shortApplicationName } from "../account";
import { referenceTo, type AdoptedObject, type Adopter, type BlockValue, type ListContext } from "../adopter";
import { hclString } from "../hcl";
import { passwordNote } from "../passwords";
import { APPLICATION_TYPE } from "./applications";

export const USER_TYPE = "voximplant_user";

function argumentsOf(user: UserInfo, applicationId: number): Array<readonly [string, BlockValue]> {
  const args: Array<readonly [string, BlockValue]> = [
    ["application_id", referenceTo(APPLICATION_TYPE, applicationId, "application_id")],
    ["name", { kind: "hcl", text: hclString(user.user_name) }],
    ["display_name", { kind: "hcl", text: hclString(user.user_display_name ?? "") }],
  ];
  // Only what differs from the resource's defaults (active = true, parent_accounting = false).
  if (user.user_active === false) args.push(["active", { kind: "hcl", text: "false" }]);
  if (user.parent_accounting === true) args.push(["parent_accounting", { kind: "hcl", text: "true" }]);
  if (user.user_custom_data !== undefined && user.user_custom_data !== "") {
    args.push(["custom_data", { kind: "hcl", text: hclString(user.user_custom_data) }]);
  }
  return args;
}

export const userAdopter: Adopter = {
  resourceType: USER_TYPE,
  label: "users",
  labelOne: "user",
  fallbackName: "user",
  namePrefix: "user",

  async list(context: ListContext): Promise<AdoptedObject[]> {
    const { client, filters, account, signal } = context;
    if (filters.proxy !== null) return [];
    const out: AdoptedObject[] = [];
    const seen = new Set<number>();
    for (const app of await account.applications()) {
      const filter = { application_id: app.application_id };
      for await (const user of client.listUsers(filter, signal === undefined ? {} : { signal })) {
        // A user in several applications is imported once, with the first (lowest) application id.
        if (seen.has(user.user_id)) continue;
        seen.add(user.user_id);
        const appName = shortApplicationName(app.application_name);
        out.push({
          resourceType: USER_TYPE,
          id: user.user_id,
          importId: `${app.application_id}/${user.user_id}`,
          nameBase: user.user_name,
          description:
            `user ${user.user_id}: ${JSON.stringify(user.user_name)} of application ${appName} ` +
            `(${app.application_id})${user.user_active === false ? ", inactive" : ""}`,
          arguments: argumentsOf(user, app.application_id),
        });
      }
    }
    return out;
  },

  secretsNote: (names) => passwordNote("user", names),
};
