// Applications → voximplant_application, import id `<application_id>`. An application refers to
// nothing; its block is written by `adopt` only when an adopted rule, user or registration refers
// to it, otherwise Terraform generates it.

import { shortApplicationName } from "../account";
import type { AdoptedObject, Adopter, ListContext } from "../adopter";
import { hclString } from "../hcl";

export const APPLICATION_TYPE = "voximplant_application";

export const applicationAdopter: Adopter = {
  resourceType: APPLICATION_TYPE,
  label: "applications",
  labelOne: "application",
  fallbackName: "application",
  namePrefix: "app",

  async list(context: ListContext): Promise<AdoptedObject[]> {
    // Applications have no registrar: -proxy selects SIP registrations only.
    if (context.filters.proxy !== null) return [];
    return (await context.account.applications()).map((app) => ({
      resourceType: APPLICATION_TYPE,
      id: app.application_id,
      importId: String(app.application_id),
      nameBase: shortApplicationName(app.application_name),
      description: `application ${app.application_id}: ${app.application_name}`,
      arguments: [
        ["name", { kind: "hcl", text: hclString(shortApplicationName(app.application_name)) }],
        ...(app.secure_record_storage === true
          ? [["secure_record_storage", { kind: "hcl", text: "true" }] as const]
          : []),
      ],
    }));
  },
};
