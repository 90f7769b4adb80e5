// voximplant_user: AddUser / GetUsers / SetUserInfo (everything in place, the name included) /
// DelUser. User names are unique in the account. The password is write-only (password_wo +
// password_wo_version, as on the SIP registration): sent on create and whenever the version
// changes, never stored, never read back. Deleting a user unbinds the SIP registration bound to it.

import type { UserInfo } from "../../api";
import { BoolType, NumberType, StringType } from "../../plugin/cty/types";
import { TfNumber } from "../../plugin/cty/value";
import {
  alsoRequires,
  requiresReplaceIf,
  stringLengthBetween,
  stringMatches,
  type SchemaDef,
  type Validator,
  type ValuesReader,
} from "../../plugin";
import {
  clearedNeedsReplacement,
  idAttribute,
  notBlank,
  objectIdAttribute,
  owningApplicationAttribute,
} from "../setup/attributes";
import { parseAppScopedId, setupResource, type SetupObjectSpec } from "../setup/engine";

const USER_TYPE = "voximplant_user";

const USER_NAME = /^[a-z0-9][a-z0-9_-]{2,49}$/;
const MAX_DISPLAY_NAME = 255;
const MAX_CUSTOM_DATA = 8191;

/** The API's password rule; the message never contains the value (it is a secret). */
function strongPassword(): Validator {
  return {
    description:
      "at least 8 characters with an upper-case letter, a lower-case letter, a digit and a special character",
    validate(req) {
      const pw = req.value;
      if (typeof pw !== "string") return;
      const ok = pw.length >= 8 && /[A-Z]/.test(pw) && /[a-z]/.test(pw) && /\d/.test(pw) && /[^A-Za-z0-9]/.test(pw);
      if (!ok) {
        req.diagnostics.addError(
          "Invalid Attribute Value",
          `${req.path.toString()} must have at least 8 characters with an upper-case letter, a lower-case letter, ` +
            `a digit and a special character (the Voximplant API refuses weaker passwords).`,
          req.path,
        );
      }
    },
  };
}

const schema: SchemaDef = {
  version: 0,
  block: {
    markdownDescription:
      "A user of an application: what a softphone or SDK logs in as, and what a non-persistent SIP registration is " +
      "tied to. " +
      "A user has at most one SIP registration. Deleting a user unbinds its SIP registration.",
    attributes: {
      id: idAttribute("<application_id>/<user_id>"),
      user_id: objectIdAttribute("user"),
      application_id: owningApplicationAttribute("user"),
      name: {
        type: StringType,
        required: true,
        validators: [
          stringMatches(
            USER_NAME,
            "must be 3-50 characters: lower-case letters, digits, '_' or '-', starting with a letter or digit",
          ),
        ],
        markdownDescription: "User name, unique in the account (`[a-z0-9][a-z0-9_-]{2,49}`). Renamed in place.",
      },
      display_name: {
        type: StringType,
        required: true,
        validators: [notBlank(), stringLengthBetween(1, MAX_DISPLAY_NAME)],
        markdownDescription: `Name shown to other users, at most ${MAX_DISPLAY_NAME} characters. Changed in place.`,
      },
      active: {
        type: BoolType,
        optional: true,
        computed: true,
        default: true,
        markdownDescription: "Inactive users cannot log in. Changed in place. Default `true`.",
      },
      parent_accounting: {
        type: BoolType,
        optional: true,
        computed: true,
        default: false,
        markdownDescription:
          "Spend the account's money (`true`) instead of a balance of the user's own. Changed in place. Default " +
          "`false`.",
      },
      custom_data: {
        type: StringType,
        optional: true,
        validators: [stringLengthBetween(1, MAX_CUSTOM_DATA)],
        planModifiers: [
          requiresReplaceIf(
            (req) => clearedNeedsReplacement(req.priorValue, req.plannedValue),
            "removing custom_data forces a new user: the Voximplant API cannot clear it",
          ),
        ],
        markdownDescription:
          `Any text (at most ${MAX_CUSTOM_DATA} characters) for your own use. Changed in place; ` +
          `removing it forces a new user (the API cannot clear it).`,
      },
      password_wo: {
        type: StringType,
        optional: true,
        writeOnly: true,
        validators: [strongPassword(), alsoRequires("password_wo_version")],
        markdownDescription:
          "Write-only password (Terraform 1.11+): sent to the API, never stored in the state or plan. Required to " +
          "create a user; " +
          "at least 8 characters with upper and lower case, a digit and a special character. Change " +
          "`password_wo_version` to send a new one.",
      },
      password_wo_version: {
        type: NumberType,
        optional: true,
        validators: [alsoRequires("password_wo")],
        markdownDescription:
          "Any number; changing it sends the current `password_wo` to the API. Required with `password_wo`.",
      },
    },
  },
};

function versionText(r: ValuesReader): string | null {
  const v = r.get("password_wo_version");
  return v instanceof TfNumber ? v.text : null;
}

const spec: SetupObjectSpec<UserInfo> = {
  typeName: USER_TYPE,
  schema,
  noun: "user",
  importFormat: "<application_id>/<user_id>",
  fields: {
    user_name: "name",
    new_user_name: "name",
    user_display_name: "display_name",
    user_password: "password_wo",
    user_active: "active",
    parent_accounting: "parent_accounting",
    user_custom_data: "custom_data",
    application_id: "application_id",
  },
  // 117: unknown user; 116/558: its application is gone (users left in none go with it)
  goneCodes: new Set([117, 116, 558]),
  refOf: (state) => {
    const id = state.knownNumber("user_id");
    const applicationId = state.knownNumber("application_id");
    return id === null || applicationId === null ? null : { id, applicationId };
  },
  refOfObject: (u, context) => ({ id: u.user_id, applicationId: context.knownNumber("application_id") ?? 0 }),
  importIdOf: (ref) => `${ref.applicationId}/${ref.id}`,
  parseImportId: parseAppScopedId,
  idState: (ref) => ({ user_id: ref.id, application_id: ref.applicationId ?? null }),
  async read(client, ref, signal) {
    const page = await client.getUsers({ application_id: ref.applicationId as number, user_id: ref.id }, { signal });
    return page.result.find((u) => u.user_id === ref.id) ?? null;
  },
  findByName: (client, plan, signal) =>
    client.findUsersByName(plan.knownNumber("application_id") ?? 0, plan.knownString("name") ?? "", { signal }),
  async add(client, plan, config, signal) {
    const applicationId = plan.knownNumber("application_id") ?? 0;
    const customData = plan.knownString("custom_data");
    const res = await client.addUser(
      {
        application_id: applicationId,
        user_name: plan.knownString("name") ?? "",
        user_display_name: plan.knownString("display_name") ?? "",
        // write-only values exist only in the apply-time configuration
        user_password: config.knownString("password_wo") ?? "",
        user_active: plan.knownBool("active") ?? true,
        parent_accounting: plan.knownBool("parent_accounting") ?? false,
        ...(customData !== null ? { user_custom_data: customData } : {}),
      },
      { signal },
    );
    return { id: res.user_id, applicationId };
  },
  async update(client, ref, ctx) {
    const changed = (name: string): boolean => ctx.plan.get(name) !== ctx.prior.get(name);
    const customData = ctx.plan.knownString("custom_data");
    const password = ctx.config.knownString("password_wo");
    const newVersion = versionText(ctx.plan);
    const params = {
      user_id: ref.id,
      ...(changed("name") ? { new_user_name: ctx.plan.knownString("name") ?? "" } : {}),
      ...(changed("display_name") ? { user_display_name: ctx.plan.knownString("display_name") ?? "" } : {}),
      ...(changed("active") ? { user_active: ctx.plan.knownBool("active") ?? true } : {}),
      ...(changed("parent_accounting") ? { parent_accounting: ctx.plan.knownBool("parent_accounting") ?? false } : {}),
      ...(changed("custom_data") && customData !== null ? { user_custom_data: customData } : {}),
      ...(password !== null && newVersion !== null && newVersion !== versionText(ctx.prior)
        ? { user_password: password }
        : {}),
    };
    if (Object.keys(params).length > 1) await client.setUserInfo(params, { signal: ctx.signal });
  },
  async remove(client, ref, signal) {
    await client.delUser({ user_id: ref.id, application_id: ref.applicationId as number }, { signal });
  },
  toState: (u, ref, known) => ({
    id: `${ref.applicationId}/${ref.id}`,
    user_id: u.user_id,
    application_id: ref.applicationId ?? null,
    name: u.user_name,
    display_name: u.user_display_name ?? "",
    active: u.user_active ?? true,
    parent_accounting: u.parent_accounting ?? false,
    custom_data: u.user_custom_data ?? null,
    // never returned by the API: what Terraform last sent
    password_wo_version: known.get("password_wo_version"),
  }),
  modifyPlan(ctx) {
    if (ctx.prior === null && ctx.config.isNull("password_wo")) {
      ctx.diagnostics.addError(
        "Missing password",
        "password_wo is required to create a user (the Voximplant API needs a password); add password_wo and " +
          "password_wo_version.",
        "password_wo",
      );
    }
  },
};

export const userResource = setupResource(spec);
