// data "voximplant_sip_registrations": every registration of the account matching the API's
// GetSipRegistrations filters (docs/design/voximplant-api.md, "SIP registration methods"), all pages. Filters combine
// with AND; a list
// filter matches any of its elements.
//
// The API does not say whether its sip_username and proxy filters match exactly or in part
// (not documented), so both are also checked exactly here: a lenient server then returns more
// rows, never a different answer.

import type { SipRegistration, SipRegistrationFilters } from "../../api";
import { TfNumber, Unknown } from "../../plugin/cty/value";
import { BoolType, listOf, NumberType, StringType } from "../../plugin/cty/types";
import type { AttributeDef, DataSourceDefinition, ValuesReader, Validator } from "../../plugin";
import type { ProviderMeta } from "../meta";
import { idList, nameValidators } from "./common";
import { registrationAttributes, registrationValues } from "./registration-fields";

const SIP_REGISTRATIONS_DATA_SOURCE = "voximplant_sip_registrations";

const MAX_LIST_FILTER = 1000;

function invalid(req: Parameters<Validator["validate"]>[0], detail: string, at = req.path): void {
  req.diagnostics.addError("Invalid Attribute Value", detail, at);
}

/** A list filter: at least one element (an empty list would mean "no filter" to the server), none null. */
const nonEmptyList: Validator = {
  description: `must contain between 1 and ${MAX_LIST_FILTER} elements, none of them null`,
  validate(req) {
    const v = req.value;
    if (!Array.isArray(v)) return;
    if (v.length === 0)
      return invalid(req, `Attribute ${req.path.toString()} must not be empty: leave it out to not filter by it.`);
    if (v.length > MAX_LIST_FILTER)
      return invalid(
        req,
        `Attribute ${req.path.toString()} may list at most ${MAX_LIST_FILTER} values, got: ${v.length}.`,
      );
    v.forEach((e, i) => {
      if (e === null) invalid(req, `Attribute ${req.path.index(i).toString()} must not be null.`, req.path.index(i));
    });
  },
};

const positiveIdElements: Validator = {
  description: "every element must be a positive whole number",
  validate(req) {
    if (!Array.isArray(req.value)) return;
    req.value.forEach((e, i) => {
      if (!(e instanceof TfNumber)) return;
      const n = Number(e.text);
      if (!e.isInteger() || n < 1 || n > Number.MAX_SAFE_INTEGER) {
        invalid(
          req,
          `Attribute ${req.path.index(i).toString()} must be an id (a positive whole number), got: ${e.text}.`,
          req.path.index(i),
        );
      }
    });
  },
};

const proxyElements: Validator = {
  description: "every element must be a non-empty host without ';'",
  validate(req) {
    if (!Array.isArray(req.value)) return;
    req.value.forEach((e, i) => {
      if (typeof e !== "string") return;
      // The API joins list parameters with ';', so a ';' inside a value cannot be sent.
      if (e.trim() === "" || e.includes(";")) {
        invalid(
          req,
          `Attribute ${req.path.index(i).toString()} must be a non-empty registrar host without ';', got: ` +
            `${JSON.stringify(e)}.`,
          req.path.index(i),
        );
      }
    });
  },
};

const STATUS_ITEM = /^([1-6][0-9]{2})(?::([1-6][0-9]{2}))?$/;

/** Checks a status_code expression: `200`, `400:499` (inclusive range), `;` between items. */
export function statusCodeExpressionProblem(expr: string): string | null {
  if (expr.trim() === "") return "must not be empty";
  for (const item of expr.split(";")) {
    const m = STATUS_ITEM.exec(item);
    if (m === null)
      return (
        `has an invalid item ${JSON.stringify(item)}: expected a SIP status code from 100 to 699, or a range ` +
        `such as 400:499`
      );
    if (m[2] !== undefined && Number(m[2]) < Number(m[1]))
      return `has a range ${JSON.stringify(item)} whose end is below its start`;
  }
  return null;
}

const statusCodeExpression: Validator = {
  description: "a SIP status code expression such as 200;400:499",
  validate(req) {
    if (typeof req.value !== "string") return;
    const problem = statusCodeExpressionProblem(req.value);
    if (problem !== null)
      invalid(req, `Attribute ${req.path.toString()} ${problem}, got: ${JSON.stringify(req.value)}.`);
  },
};

/** is_bound_to_application = false can never match a registration bound to a given application, rule or user. */
const boundContradiction: Validator = {
  description: "false contradicts application_id, rule_id and user_id",
  validate(req) {
    if (req.value !== false) return;
    const given = ["application_id", "rule_id", "user_id"].filter((n) => {
      const v = req.config.get(n);
      return v !== null && !(v instanceof Unknown);
    });
    if (given.length > 0) {
      req.diagnostics.addError(
        "Invalid Attribute Combination",
        `Attribute is_bound_to_application = false selects registrations bound to no application, so it can never ` +
          `match together with ${given.join(", ")}.`,
        req.path,
      );
    }
  },
};

function boolFilter(description: string): AttributeDef {
  return { type: BoolType, optional: true, markdownDescription: description };
}

function idListFilter(description: string): AttributeDef {
  return {
    type: listOf(NumberType),
    optional: true,
    validators: [nonEmptyList, positiveIdElements],
    markdownDescription: description,
  };
}

function filtersOf(c: ValuesReader): SipRegistrationFilters {
  const f: { -readonly [K in keyof SipRegistrationFilters]: SipRegistrationFilters[K] } = {};
  const sipUsername = c.getString("sip_username");
  if (sipUsername !== null) f.sip_username = sipUsername;
  const proxy = c.getStringList("proxy");
  if (proxy !== null) f.proxy = proxy;
  for (const name of ["application_id", "rule_id", "user_id"] as const) {
    const ids = idList(c, name);
    if (ids !== null) f[name] = ids;
  }
  for (const name of [
    "is_persistent",
    "successful",
    "deactivated",
    "in_progress",
    "is_bound_to_application",
  ] as const) {
    const b = c.getBool(name);
    if (b !== null) f[name] = b;
  }
  const status = c.getString("status_code");
  if (status !== null) f.status_code = status;
  return f;
}

/**
 * The boolean filters applied again on the client. What GetSipRegistrations makes of
 * `successful=false` or `deactivated=false` is not documented (it may read false as "no
 * filter"), so the documented meaning is enforced here whichever way the server went. A row
 * without `successful` (no attempt reported yet) matches neither true nor false.
 */
function matchesBooleanFilters(r: SipRegistration, f: SipRegistrationFilters): boolean {
  if (f.successful !== undefined && r.successful !== f.successful) return false;
  if (f.deactivated !== undefined && (r.deactivated ?? false) !== f.deactivated) return false;
  if (f.is_persistent !== undefined && (r.is_persistent ?? true) !== f.is_persistent) return false;
  if (f.in_progress !== undefined && r.in_progress !== undefined && r.in_progress !== f.in_progress) return false;
  return true;
}

export const sipRegistrationsDataSource: DataSourceDefinition<ProviderMeta> = {
  typeName: SIP_REGISTRATIONS_DATA_SOURCE,
  schema: {
    version: 0,
    block: {
      markdownDescription:
        "Lists the account's SIP registrations that match every given filter (no filter: all of them), reading all " +
        "pages. " +
        "A list filter matches any of its values. The result is ordered by `sip_registration_id`.",
      attributes: {
        sip_username: {
          type: StringType,
          optional: true,
          validators: nameValidators,
          markdownDescription: "Only registrations with exactly this SIP user name.",
        },
        proxy: {
          type: listOf(StringType),
          optional: true,
          validators: [nonEmptyList, proxyElements],
          markdownDescription: "Only registrations at one of these registrars (exact host match).",
        },
        application_id: idListFilter("Only registrations bound to one of these applications."),
        rule_id: idListFilter("Only registrations bound to one of these rules."),
        user_id: idListFilter("Only registrations bound to one of these users."),
        is_persistent: boolFilter("`true`: only persistent registrations; `false`: only non-persistent ones."),
        successful: boolFilter("`true`: only registrations whose last attempt succeeded; `false`: only failing ones."),
        deactivated: boolFilter("`true`: only frozen (deactivated) registrations; `false`: only active ones."),
        in_progress: boolFilter("`true`: only registrations with an attempt under way; `false`: only settled ones."),
        is_bound_to_application: {
          ...boolFilter("`true`: only registrations bound to some application; `false`: only unbound ones."),
          validators: [boundContradiction],
        },
        status_code: {
          type: StringType,
          optional: true,
          validators: [statusCodeExpression],
          markdownDescription:
            "Only registrations whose last SIP status code matches this expression: a code (`200`), an inclusive " +
            "range (`400:499`), or several of these joined with `;` (`200;400:499`).",
        },
        registrations: {
          computed: true,
          nestedType: { nesting: "list", attributes: registrationAttributes() },
          markdownDescription: "The matching registrations, ordered by `sip_registration_id`.",
        },
        ids: {
          type: listOf(NumberType),
          computed: true,
          markdownDescription:
            "The `sip_registration_id` of every matching registration, in the order of `registrations`.",
        },
      },
    },
  },

  async read(ctx) {
    const filters = filtersOf(ctx.config);
    const rows = await ctx.meta.client.listAllSipRegistrations(filters, { signal: ctx.signal });
    const matching = rows
      .filter((r) => filters.sip_username === undefined || r.sip_username === filters.sip_username)
      .filter((r) => filters.proxy === undefined || filters.proxy.includes(r.proxy))
      .filter((r) => matchesBooleanFilters(r, filters))
      .sort((a, b) => a.sip_registration_id - b.sip_registration_id);
    return {
      registrations: matching.map(registrationValues),
      ids: matching.map((r) => r.sip_registration_id),
    };
  },
};
