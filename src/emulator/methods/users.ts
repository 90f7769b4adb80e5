// AddUser / GetUsers / SetUserInfo / DelUser. User names are unique per account; a user is bound
// to the application it was created in. Passwords are checked but never kept or returned.

import { findUserByName, listAnswer, requireApplication } from "../directory";
import { ApiErrorReply, Code } from "../errors";
import type { EmulatorState, Role, User } from "../model";
import { checkRange, exclusive, parse, required } from "../params";
import { formatTimestamp } from "../time";
import { deleteUser } from "./cascade";
import type { ApiMethod, MethodContext } from "./types";

const USER_NAME = /^[a-z0-9][a-z0-9_-]{2,49}$/;
const MAX_DISPLAY_NAME = 255;
/** "user_custom_data … should be less than 8192" (official clients). */
const MAX_CUSTOM_DATA = 8191;

function checkUserFields(p: { user_display_name?: string; user_password?: string; user_custom_data?: string }): void {
  if (
    p.user_display_name !== undefined &&
    (p.user_display_name.length > MAX_DISPLAY_NAME || p.user_display_name.trim() === "")
  ) {
    throw new ApiErrorReply(
      Code.USER_DISPLAY_NAME_INVALID,
      `user_display_name must be 1-${MAX_DISPLAY_NAME} characters`,
      "user_display_name",
    );
  }
  if (p.user_custom_data !== undefined && p.user_custom_data.length > MAX_CUSTOM_DATA) {
    throw new ApiErrorReply(
      Code.USER_CUSTOM_DATA_TOO_LONG,
      `user_custom_data must be at most ${MAX_CUSTOM_DATA} characters`,
      "user_custom_data",
    );
  }
  if (p.user_password !== undefined && !strongEnough(p.user_password)) {
    throw new ApiErrorReply(
      Code.PARAMETER_INVALID,
      "user_password needs 8+ characters with upper case, lower case, a digit and a special character",
      "user_password",
    );
  }
}

export function userView(u: User): Record<string, unknown> {
  const v: Record<string, unknown> = {
    user_id: u.user_id,
    user_name: u.user_name,
    user_display_name: u.user_display_name,
    user_active: u.user_active,
    parent_accounting: u.parent_accounting,
    live_balance: 0,
    balance: 0,
    fixed_balance: 0,
  };
  if (u.user_custom_data !== undefined) v.user_custom_data = u.user_custom_data;
  v.created = u.created;
  v.modified = u.modified;
  return v;
}

export function insertUser(
  s: EmulatorState,
  appId: number,
  name: string,
  displayName: string,
  nowMs: number,
  extra: { user_active?: boolean; parent_accounting?: boolean; user_custom_data?: string } = {},
): User {
  s.counters.user += 1;
  const u: User = {
    user_id: s.counters.user,
    user_name: name,
    user_display_name: displayName,
    user_active: extra.user_active ?? true,
    parent_accounting: extra.parent_accounting ?? false,
    application_ids: [appId],
    created: formatTimestamp(nowMs),
    modified: formatTimestamp(nowMs),
  };
  if (extra.user_custom_data !== undefined) u.user_custom_data = extra.user_custom_data;
  s.users.set(u.user_id, u);
  return u;
}

/** At least 8 characters with an upper-case letter, a lower-case letter, a digit and a special character. */
function strongEnough(pw: string): boolean {
  return pw.length >= 8 && /[A-Z]/.test(pw) && /[a-z]/.test(pw) && /\d/.test(pw) && /[^A-Za-z0-9]/.test(pw);
}

export const addUser: ApiMethod = {
  name: "AddUser",
  roles: ["Owner", "Admin", "User manager"] satisfies Role[],
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, {
      user_name: "string",
      user_display_name: "string",
      user_password: "string",
      application_id: "int",
      application_name: "string",
      parent_accounting: "bool",
      user_active: "bool",
      user_custom_data: "string",
      mobile_phone: "string",
    } as const);
    exclusive(p, "application_id", "application_name");
    required(p, "user_name");
    required(p, "user_display_name");
    required(p, "user_password");
    required(p, "application_id", "application_name");
    const name = p.user_name as string;
    if (!USER_NAME.test(name)) {
      throw new ApiErrorReply(Code.USER_NAME_INVALID, "user_name must match [a-z0-9][a-z0-9_-]{2,49}", "user_name");
    }
    checkUserFields(p);
    const app = requireApplication(s, p);
    if (findUserByName(s, name))
      throw new ApiErrorReply(Code.USER_NAME_TAKEN, "user_name is already taken", "user_name");
    if (s.users.size >= config.maxUsers)
      throw new ApiErrorReply(Code.USER_LIMIT, "the user limit of the account is reached");
    // The user's password is not needed by anything the emulator does, so it is not kept.
    const u = insertUser(s, app.application_id, name, p.user_display_name as string, nowMs, p);
    return { result: 1, user_id: u.user_id };
  },
};

export const delUser: ApiMethod = {
  name: "DelUser",
  roles: ["Owner", "Admin", "User manager"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, {
      user_id: "intlistOrAll",
      user_name: "stringlist",
      application_id: "int",
      application_name: "string",
    } as const);
    exclusive(p, "user_id", "user_name");
    exclusive(p, "application_id", "application_name");
    required(p, "user_id", "user_name");
    if (p.user_id === "all" || p.user_name !== undefined) required(p, "application_id", "application_name");
    const app =
      p.application_id !== undefined || p.application_name !== undefined ? requireApplication(s, p) : undefined;
    const inApp = (u: User): boolean => app === undefined || u.application_ids.includes(app.application_id);
    const doomed: number[] = [];
    if (p.user_id === "all") {
      for (const u of s.users.values()) if (inApp(u)) doomed.push(u.user_id);
    } else if (p.user_id !== undefined) {
      for (const id of p.user_id) {
        const u = s.users.get(id);
        if (!u) throw new ApiErrorReply(Code.USER_ID_INVALID, `user_id ${id} not found`, "user_id");
        if (!inApp(u))
          throw new ApiErrorReply(
            Code.USER_NOT_BOUND_TO_APPLICATION,
            "the user is not bound to the application",
            "user_id",
          );
        doomed.push(id);
      }
    } else {
      for (const name of p.user_name as string[]) {
        const u = findUserByName(s, name);
        if (!u || !inApp(u)) throw new ApiErrorReply(Code.USER_ID_INVALID, `user_name ${name} not found`, "user_name");
        doomed.push(u.user_id);
      }
    }
    for (const id of doomed) deleteUser(s, id, nowMs);
    return { result: 1 };
  },
};

export const setUserInfo: ApiMethod = {
  name: "SetUserInfo",
  roles: ["Owner", "Admin", "User manager"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, {
      user_id: "int",
      user_name: "string",
      application_id: "int",
      application_name: "string",
      new_user_name: "string",
      user_display_name: "string",
      user_password: "string",
      parent_accounting: "bool",
      user_active: "bool",
      user_custom_data: "string",
      mobile_phone: "string",
    } as const);
    exclusive(p, "user_id", "user_name");
    exclusive(p, "application_id", "application_name");
    required(p, "user_id", "user_name");
    if (p.user_name !== undefined) required(p, "application_id", "application_name");
    if (p.new_user_name !== undefined && !USER_NAME.test(p.new_user_name)) {
      throw new ApiErrorReply(
        Code.NEW_USER_NAME_INVALID,
        "new_user_name must match [a-z0-9][a-z0-9_-]{2,49}",
        "new_user_name",
      );
    }
    checkUserFields(p);
    const app =
      p.application_id !== undefined || p.application_name !== undefined ? requireApplication(s, p) : undefined;
    const u = p.user_id !== undefined ? s.users.get(p.user_id) : findUserByName(s, p.user_name as string);
    const field = p.user_id !== undefined ? "user_id" : "user_name";
    if (!u) throw new ApiErrorReply(Code.USER_ID_INVALID, `${field} not found`, field);
    if (app && !u.application_ids.includes(app.application_id)) {
      throw new ApiErrorReply(Code.USER_NOT_BOUND_TO_APPLICATION, "the user is not bound to the application", field);
    }
    if (p.new_user_name !== undefined && p.new_user_name !== u.user_name && findUserByName(s, p.new_user_name)) {
      throw new ApiErrorReply(Code.USER_NAME_TAKEN, "new_user_name is already taken", "new_user_name");
    }
    if (p.new_user_name !== undefined) u.user_name = p.new_user_name;
    if (p.user_display_name !== undefined) u.user_display_name = p.user_display_name;
    if (p.parent_accounting !== undefined) u.parent_accounting = p.parent_accounting;
    if (p.user_active !== undefined) u.user_active = p.user_active;
    if (p.user_custom_data !== undefined) u.user_custom_data = p.user_custom_data;
    u.modified = formatTimestamp(nowMs);
    return { result: 1 };
  },
};

const ORDER_BY = ["user_id", "user_name", "user_display_name"] as const;

export const getUsers: ApiMethod = {
  name: "GetUsers",
  roles: ["Owner", "Admin", "Developer", "Supervisor", "User manager"] satisfies Role[],
  mutates: false,
  handle({ state: s, config, params }: MethodContext) {
    const p = parse(params, {
      application_id: "int",
      application_name: "string",
      user_id: "int",
      user_name: "string",
      user_display_name: "string",
      user_active: "bool",
      with_skills: "bool",
      with_queues: "bool",
      return_live_balance: "bool",
      order_by: "string",
      count: "int",
      offset: "int",
    } as const);
    // No `exclusive` here: the official Node.js client's typing makes GetUsers send both.
    required(p, "application_id", "application_name");
    checkRange("count", p.count, 0);
    checkRange("offset", p.offset, 0);
    const orderBy = p.order_by ?? "user_name";
    if (!(ORDER_BY as readonly string[]).includes(orderBy)) {
      throw new ApiErrorReply(
        Code.PARAMETER_INVALID,
        "order_by must be user_id, user_name or user_display_name",
        "order_by",
      );
    }
    const app = requireApplication(s, p);
    const rows = [...s.users.values()].filter(
      (u) =>
        u.application_ids.includes(app.application_id) &&
        (p.user_id === undefined || u.user_id === p.user_id) &&
        (p.user_name === undefined || u.user_name.includes(p.user_name)) &&
        (p.user_display_name === undefined || u.user_display_name.includes(p.user_display_name)) &&
        (p.user_active === undefined || u.user_active === p.user_active),
    );
    const key = orderBy as (typeof ORDER_BY)[number];
    rows.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (typeof x === "number" && typeof y === "number") return x - y;
      return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : a.user_id - b.user_id;
    });
    return listAnswer(rows, p, config, (u) => {
      const v = userView(u);
      if (p.with_skills) v.skills = [];
      if (p.with_queues) v.acd_queues = [];
      return v;
    });
  },
};
