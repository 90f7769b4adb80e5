// AddApplication / GetApplications / SetApplicationInfo / DelApplication. Application names are
// unique per account; the API answers the full name `<short>.<account>.voximplant.com`.

import { findApplicationByName, listAnswer, requireApplication } from "../directory";
import { ApiErrorReply, Code } from "../errors";
import type { Application, EmulatorState, Role } from "../model";
import { checkRange, exclusive, parse, required } from "../params";
import { formatTimestamp } from "../time";
import { deleteApplication } from "./cascade";
import { ruleView, rulesInOrder } from "./rules";
import { scenariosOfApplication } from "./scenarios";
import type { ApiMethod, MethodContext } from "./types";

const SHORT_NAME = /^[a-z][a-z0-9-]{1,64}$/;

function checkShortName(field: string, name: string): void {
  if (!SHORT_NAME.test(name)) {
    throw new ApiErrorReply(Code.APPLICATION_NAME_INVALID, `${field} must match [a-z][a-z0-9-]{1,64}`, field);
  }
}

export function applicationView(a: Application): Record<string, unknown> {
  return {
    application_id: a.application_id,
    application_name: a.full_name,
    modified: a.modified,
    secure_record_storage: a.secure_record_storage,
  };
}

/** Creates an application (shared with seeding); the caller has validated the name. */
export function insertApplication(s: EmulatorState, shortName: string, secure: boolean, nowMs: number): Application {
  s.counters.application += 1;
  const a: Application = {
    application_id: s.counters.application,
    short_name: shortName,
    full_name: `${shortName}.${s.account.account_name}.voximplant.com`,
    secure_record_storage: secure,
    modified: formatTimestamp(nowMs),
  };
  s.applications.set(a.application_id, a);
  return a;
}

export const addApplication: ApiMethod = {
  name: "AddApplication",
  roles: ["Owner", "Admin"] satisfies Role[],
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, { application_name: "string", secure_record_storage: "bool" } as const);
    required(p, "application_name");
    const name = (p.application_name as string).toLowerCase();
    checkShortName("application_name", name);
    if (findApplicationByName(s, name)) {
      throw new ApiErrorReply(Code.APPLICATION_NAME_TAKEN, "application_name is already taken", "application_name");
    }
    if (config.maxApplications > 0 && s.applications.size >= config.maxApplications) {
      throw new ApiErrorReply(Code.APPLICATION_LIMIT, "the application limit of the account is reached");
    }
    const a = insertApplication(s, name, p.secure_record_storage ?? false, nowMs);
    return {
      result: 1,
      application_id: a.application_id,
      application_name: a.full_name,
      secure_record_storage: a.secure_record_storage,
    };
  },
};

export const setApplicationInfo: ApiMethod = {
  name: "SetApplicationInfo",
  roles: ["Owner", "Admin"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, {
      application_id: "int",
      required_application_name: "string",
      application_name: "string",
      secure_record_storage: "bool",
    } as const);
    exclusive(p, "application_id", "required_application_name");
    required(p, "application_id", "required_application_name");
    const app =
      p.application_id !== undefined
        ? requireApplication(s, { application_id: p.application_id })
        : requireApplication(s, { application_name: p.required_application_name as string });
    const name = p.application_name?.toLowerCase();
    if (name !== undefined) {
      checkShortName("application_name", name);
      const other = findApplicationByName(s, name);
      if (other && other !== app) {
        throw new ApiErrorReply(Code.APPLICATION_NAME_TAKEN, "application_name is already taken", "application_name");
      }
      app.short_name = name;
      app.full_name = `${name}.${s.account.account_name}.voximplant.com`;
    }
    if (p.secure_record_storage !== undefined) app.secure_record_storage = p.secure_record_storage;
    app.modified = formatTimestamp(nowMs);
    return { result: 1, application_name: app.full_name, secure_record_storage: app.secure_record_storage };
  },
};

export const delApplication: ApiMethod = {
  name: "DelApplication",
  roles: ["Owner"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, { application_id: "intlistOrAll", application_name: "stringlist" } as const);
    exclusive(p, "application_id", "application_name");
    required(p, "application_id", "application_name");
    let ids: number[];
    if (p.application_id === "all") {
      ids = [...s.applications.keys()];
    } else if (p.application_id !== undefined) {
      ids = p.application_id.map((id) => requireApplication(s, { application_id: id }).application_id);
    } else {
      ids = (p.application_name as string[]).map((n) => requireApplication(s, { application_name: n }).application_id);
    }
    for (const id of ids) deleteApplication(s, id, nowMs);
    return { result: 1 };
  },
};

export const getApplications: ApiMethod = {
  name: "GetApplications",
  // Not documented; every role may read the application list.
  roles: [
    "Owner",
    "Admin",
    "Developer",
    "Accountant",
    "Supervisor",
    "Support",
    "User manager",
    "Call list manager",
  ] satisfies Role[],
  mutates: false,
  handle({ state: s, config, params }: MethodContext) {
    const p = parse(params, {
      application_id: "int",
      application_name: "string",
      with_rules: "bool",
      with_scenarios: "bool",
      count: "int",
      offset: "int",
    } as const);
    checkRange("count", p.count, 0);
    checkRange("offset", p.offset, 0);
    const needle = p.application_name?.toLowerCase();
    const rows = [...s.applications.values()].filter(
      (a) =>
        (p.application_id === undefined || a.application_id === p.application_id) &&
        (needle === undefined || a.full_name.includes(needle)),
    );
    return listAnswer(rows, p, config, (a) => {
      const v = applicationView(a);
      if (p.with_rules) {
        v.rules = rulesInOrder(s, a.application_id).map(ruleView);
      }
      if (p.with_scenarios) v.scenarios = scenariosOfApplication(s, a.application_id);
      return v;
    });
  },
};
