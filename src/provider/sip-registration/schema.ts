// Schema of voximplant_sip_registration: what the user writes, what the API reports, and which
// changes force a new registration.

import { BoolType, NumberType, StringType } from "../../plugin/cty/types";
import { Unknown } from "../../plugin/cty/value";
import {
  requiresReplace,
  requiresReplaceIf,
  useStateForUnknown,
  type AttributePlanRequest,
  type SchemaDef,
} from "../../plugin";

export const RESOURCE_TYPE = "voximplant_sip_registration";

export const DEFAULT_REGISTRATION_TIMEOUT = "2m";

/** A binding that can be given by id or by name; the other member is filled from the API. */
export interface BindingPair {
  readonly kind: "application" | "rule" | "user";
  readonly id: "application_id" | "rule_id" | "user_id";
  readonly name: "application_name" | "rule_name" | "user_name";
}

export const APPLICATION_PAIR: BindingPair = { kind: "application", id: "application_id", name: "application_name" };
export const RULE_PAIR: BindingPair = { kind: "rule", id: "rule_id", name: "rule_name" };
export const USER_PAIR: BindingPair = { kind: "user", id: "user_id", name: "user_name" };
export const BINDING_PAIRS: readonly BindingPair[] = [APPLICATION_PAIR, RULE_PAIR, USER_PAIR];

function isNullValue(v: unknown): boolean {
  return v === null;
}

/**
 * The API treats an empty parameter as "not given" (docs/design/voximplant-api.md, "Parameters and values"), so a
 * value, once set,
 * cannot be removed by an update: removing it from the configuration means a new registration.
 */
function clearedForcesReplacement(what: string, alsoKeptWhen?: string): ReturnType<typeof requiresReplaceIf> {
  return requiresReplaceIf((req: AttributePlanRequest) => {
    if (!isNullValue(req.plannedValue) || req.priorValue === null || req.priorValue instanceof Unknown) return false;
    // switching between password and password_wo is a change of the password, not a removal
    if (alsoKeptWhen !== undefined && req.config.get(alsoKeptWhen) !== null) return false;
    return true;
  }, `removing ${what} forces a new registration: the Voximplant API cannot clear it`);
}

const bindingIdNote =
  "Give the binding either by id or by name, not both; the other attribute is filled in from the API so either can " +
  "be referenced. " +
  "Removing both unbinds it.";

export const sipRegistrationSchema: SchemaDef = {
  version: 0,
  block: {
    markdownDescription:
      "A Voximplant SIP registration: Voximplant registers at a third-party SIP registrar (`proxy`) " +
      "as `sip_username` " +
      "and routes incoming calls to the bound application, rule and user. Every registration is a monthly " +
      "subscription billed to the account.",
    attributes: {
      id: {
        type: StringType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "The registration id as a string (the import ID).",
      },
      sip_registration_id: {
        type: NumberType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "The registration id.",
      },
      sip_username: {
        type: StringType,
        required: true,
        markdownDescription: "User part Voximplant registers as at the registrar. Changed in place.",
      },
      proxy: {
        type: StringType,
        required: true,
        markdownDescription:
          'Registrar (proxy) as `host[:port]`, e.g. `"sip.example.com"` or `"192.0.2.10:5060"`. Changed in place.',
      },
      auth_user: {
        type: StringType,
        optional: true,
        planModifiers: [clearedForcesReplacement("auth_user")],
        markdownDescription:
          "Authentication user name, if it differs from `sip_username`. Changed in place; removing it forces a new " +
          "registration (the API cannot clear it).",
      },
      outbound_proxy: {
        type: StringType,
        optional: true,
        planModifiers: [clearedForcesReplacement("outbound_proxy")],
        markdownDescription:
          "Proxy used to reach the registrar, as `host[:port]`. Changed in place; removing it forces a new " +
          "registration (the API cannot clear it).",
      },
      password: {
        type: StringType,
        optional: true,
        sensitive: true,
        planModifiers: [clearedForcesReplacement("the password", "password_wo")],
        markdownDescription:
          "Registration password. Stored in the Terraform state (marked sensitive); prefer `password_wo`. The API " +
          "never returns it, so changes made outside Terraform are not detected. " +
          "Removing it forces a new registration.",
      },
      // Not `sensitive` in the schema: a write-only value is never stored, never in a plan and
      // printed as "(write-only attribute)"; the framework masks it in logs and validator
      // messages like a sensitive one. A schema flag would add a second path (next to
      // `password`) to the state's sensitive_attributes, which Terraform before 1.12 writes in
      // random order, so a refresh-only plan with -detailed-exitcode would exit 2 without any
      // change in about half of the runs (hashicorp/terraform#36403). That alone is not enough:
      // Terraform also keeps the mark of a `sensitive` variable fed in here on the (null) stored
      // value, with the same effect. Hence the docs and examples feed it from `ephemeral`
      // variables, which carry no such mark (test/provider/e2e/refresh-exit-code.test.ts).
      password_wo: {
        type: StringType,
        optional: true,
        writeOnly: true,
        markdownDescription:
          "Write-only registration password (Terraform 1.11+): sent to the API but never stored in the state or plan " +
          "(plans show `(write-only attribute)`). Feed it from an `ephemeral = true` variable (Terraform 1.10+): " +
          "a `sensitive` variable leaves its mark in the state, and Terraform before 1.12 can then make " +
          "`plan -refresh-only -detailed-exitcode` exit 2 without any change. " +
          "Requires `password_wo_version`; change the version to send a new password. Conflicts with `password`.",
        writeOnlyAlternative:
          "With this Terraform use password instead of password_wo (and remove password_wo_version): it is sent " +
          "the same way but also kept in the state, marked sensitive.",
      },
      password_wo_version: {
        type: NumberType,
        optional: true,
        planModifiers: [clearedForcesReplacement("password_wo_version (and with it the password)", "password")],
        markdownDescription:
          "Any number; changing it sends the current `password_wo` to the API. Required with `password_wo`.",
      },
      is_persistent: {
        type: BoolType,
        optional: true,
        computed: true,
        default: true,
        planModifiers: [requiresReplace()],
        markdownDescription:
          "Persistent registrations (default) stay registered; non-persistent ones register only while the bound " +
          "user is logged in through a Voximplant SDK. " +
          "The API cannot change it, so a change forces a new registration.",
      },
      application_id: {
        type: NumberType,
        optional: true,
        computed: true,
        markdownDescription: `Id of the bound application. ${bindingIdNote}`,
      },
      application_name: {
        type: StringType,
        optional: true,
        computed: true,
        markdownDescription:
          `Name of the bound application: the short name (\`my-app\`) or the full one ` +
          `(\`my-app.account.voximplant.com\`); the API reports the full one. ${bindingIdNote}`,
      },
      rule_id: {
        type: NumberType,
        optional: true,
        computed: true,
        markdownDescription:
          `Id of the bound rule; requires an application, and the rule must belong to it. ` + `${bindingIdNote}`,
      },
      rule_name: {
        type: StringType,
        optional: true,
        computed: true,
        markdownDescription: `Name of the bound rule within the application; requires an application. ${bindingIdNote}`,
      },
      user_id: {
        type: NumberType,
        optional: true,
        computed: true,
        markdownDescription:
          `Id of the bound user; requires an application the user belongs to. A user has at ` +
          `most one registration: binding it here unbinds its previous one. ${bindingIdNote}`,
      },
      user_name: {
        type: StringType,
        optional: true,
        computed: true,
        markdownDescription: `Name of the bound user; requires an application. ${bindingIdNote}`,
      },
      wait_for_registration: {
        type: BoolType,
        optional: true,
        computed: true,
        default: false,
        markdownDescription:
          "After create and update, wait until the registrar answered. An update that did not " +
          "register fails; a create " +
          "that did not register only warns (an error would taint the new registration and the next apply would buy " +
          "another) and keeps it; every later plan re-checks it in place until it registers. Default `false`.",
      },
      registration_timeout: {
        type: StringType,
        optional: true,
        computed: true,
        default: DEFAULT_REGISTRATION_TIMEOUT,
        markdownDescription:
          `How long \`wait_for_registration\` waits, as a duration such as \`"90s"\` or ` +
          `\`"5m"\`. Default \`"${DEFAULT_REGISTRATION_TIMEOUT}"\`.`,
      },
      successful: {
        type: BoolType,
        computed: true,
        markdownDescription:
          "Whether the registration currently succeeds; null while the first attempt is in progress, and always " +
          "null for a non-persistent registration (its status follows its user's SDK sessions; the " +
          "`voximplant_sip_registrations` data source shows it).",
      },
      status_code: {
        type: NumberType,
        computed: true,
        markdownDescription:
          "Last SIP status code from the registrar (e.g. 200, 403); null for a non-persistent registration.",
      },
      error_message: {
        type: StringType,
        computed: true,
        markdownDescription: "Last error text from the registrar, if any; null for a non-persistent registration.",
      },
      deactivated: {
        type: BoolType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "Whether the subscription is frozen (e.g. unpaid).",
      },
      last_updated: {
        type: NumberType,
        computed: true,
        markdownDescription: "Time of the last change as reported by the API (an opaque number).",
      },
      purchase_date: {
        type: StringType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "When the registration was bought (`YYYY-MM-DD HH:mm:ss`, UTC).",
      },
      next_subscription_renewal: {
        type: StringType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "Date of the next monthly charge (`YYYY-MM-DD`).",
      },
      subscription_price: {
        type: StringType,
        computed: true,
        planModifiers: [useStateForUnknown()],
        markdownDescription: "Monthly price as a decimal string.",
      },
    },
  },
};
