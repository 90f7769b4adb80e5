// voximplant_application: AddApplication / GetApplications / SetApplicationInfo (rename and
// secure_record_storage in place) / DelApplication. Names are unique per account; the API answers
// the full name `<name>.<account>.voximplant.com`, kept as `full_name`.
//
// Deleting an application deletes its rules, scenarios made for it and users left in no
// application, and unbinds every SIP registration bound to it (docs/design/setup-objects.md).

import type { ApplicationInfo, VoximplantClient } from "../../api";
import { BoolType, StringType } from "../../plugin/cty/types";
import { stringMatches, useStateForUnknown, type SchemaDef, type ValuesReader } from "../../plugin";
import { setupResource, parseId, type ObjectRef, type SetupObjectSpec } from "../setup/engine";
import { idAttribute, objectIdAttribute } from "../setup/attributes";

const APPLICATION_TYPE = "voximplant_application";

/** Short application names as AddApplication accepts them. */
const APPLICATION_NAME = /^[a-z][a-z0-9-]{1,64}$/;

const schema: SchemaDef = {
  version: 0,
  block: {
    markdownDescription:
      "A Voximplant application: the container of rules, scenarios bound to them and users. Its name forms the SIP " +
      "domain " +
      "`<name>.<account>.voximplant.com`. Deleting it deletes its rules and users and unbinds SIP registrations " +
      "bound to it.",
    attributes: {
      id: idAttribute("<application_id>"),
      application_id: objectIdAttribute("application"),
      name: {
        type: StringType,
        required: true,
        validators: [
          stringMatches(
            APPLICATION_NAME,
            "must be 2-65 characters: a lower-case letter, then lower-case letters, digits or hyphens",
          ),
        ],
        markdownDescription: "Short name, unique in the account (`[a-z][a-z0-9-]{1,64}`). Renamed in place.",
      },
      full_name: {
        type: StringType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "Full name as the API reports it: `<name>.<account>.voximplant.com`.",
      },
      secure_record_storage: {
        type: BoolType,
        optional: true,
        computed: true,
        default: false,
        markdownDescription:
          "Keep the application's call records and logs in secure storage. Changed in place. Default `false`.",
      },
    },
  },
};

function shortNameOf(full: string): string {
  return full.split(".")[0] ?? full;
}

const spec: SetupObjectSpec<ApplicationInfo> = {
  typeName: APPLICATION_TYPE,
  schema,
  noun: "application",
  importFormat: "<application_id>",
  fields: {
    application_name: "name",
    secure_record_storage: "secure_record_storage",
    application_id: "application_id",
  },
  goneCodes: new Set([116, 558]),
  refOf: (state) => {
    const id = state.knownNumber("application_id");
    return id === null ? null : { id };
  },
  refOfObject: (app) => ({ id: app.application_id }),
  importIdOf: (ref) => String(ref.id),
  parseImportId: (raw) => {
    const id = parseId(raw);
    return id === null ? null : { id };
  },
  idState: (ref) => ({ application_id: ref.id }),
  async read(client, ref, signal) {
    const page = await client.getApplications({ application_id: ref.id }, { signal });
    return page.result.find((a) => a.application_id === ref.id) ?? null;
  },
  findByName: (client, plan, signal) => client.findApplicationsByShortName(plan.knownString("name") ?? "", { signal }),
  async add(client, plan, _config, signal) {
    const res = await client.addApplication(
      {
        application_name: plan.knownString("name") ?? "",
        secure_record_storage: plan.knownBool("secure_record_storage") ?? false,
      },
      { signal },
    );
    return { id: res.application_id };
  },
  async update(client: VoximplantClient, ref: ObjectRef, ctx) {
    const name = ctx.plan.knownString("name");
    const secure = ctx.plan.knownBool("secure_record_storage");
    const params = {
      application_id: ref.id,
      ...(name !== null && name !== ctx.prior.knownString("name") ? { application_name: name } : {}),
      ...(secure !== null && secure !== ctx.prior.knownBool("secure_record_storage")
        ? { secure_record_storage: secure }
        : {}),
    };
    if (Object.keys(params).length > 1) await client.setApplicationInfo(params, { signal: ctx.signal });
  },
  async remove(client, ref, signal) {
    await client.delApplication({ application_id: ref.id }, { signal });
  },
  toState: (app: ApplicationInfo, ref: ObjectRef, _known: ValuesReader) => ({
    id: String(ref.id),
    application_id: app.application_id,
    name: shortNameOf(app.application_name),
    full_name: app.application_name,
    secure_record_storage: app.secure_record_storage ?? false,
  }),
  modifyPlan(ctx) {
    // a rename changes the full name; anything else keeps it
    if (ctx.prior !== null && !ctx.plan.isUnknown("name") && ctx.plan.get("name") !== ctx.prior.get("name")) {
      ctx.plan.setUnknown("full_name");
    }
  },
};

export const applicationResource = setupResource(spec);
