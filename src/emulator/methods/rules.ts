// AddRule / DelRule / GetRules / SetRuleInfo / ReorderRules. Rule names are unique within an
// application. Rules are kept in an order per application (new ones last; ReorderRules changes
// it) because an incoming call is routed by the first rule whose pattern matches.

import { findRuleByName, listAnswer, requireApplication, requireRuleIn } from "../directory";
import { ApiErrorReply, Code } from "../errors";
import type { EmulatorState, Role, Rule } from "../model";
import { checkLength, checkRange, exclusive, parse, required } from "../params";
import { formatTimestamp } from "../time";
import { deleteRule } from "./cascade";
import { scenariosForRule, scenarioView } from "./scenarios";
import type { ApiMethod, MethodContext } from "./types";

const MAX_RULE_NAME = 99;
const MAX_PATTERN = 65535;

export function ruleView(r: Rule): Record<string, unknown> {
  const v: Record<string, unknown> = {
    rule_id: r.rule_id,
    application_id: r.application_id,
    rule_name: r.rule_name,
    rule_pattern: r.rule_pattern,
  };
  if (r.rule_pattern_exclude !== undefined) v.rule_pattern_exclude = r.rule_pattern_exclude;
  v.video_conference = r.video_conference;
  v.modified = r.modified;
  return v;
}

/** ruleView plus the bound scenarios in their running order (with_scenarios). */
function ruleWithScenariosView(s: EmulatorState, r: Rule): Record<string, unknown> {
  const v = ruleView(r);
  v.scenarios = r.scenario_ids.flatMap((id) => {
    const sc = s.scenarios.get(id);
    return sc ? [scenarioView(sc, false)] : [];
  });
  return v;
}

/** The application's rules in routing order. */
export function rulesInOrder(s: EmulatorState, appId: number): Rule[] {
  return [...s.rules.values()]
    .filter((r) => r.application_id === appId)
    .sort((a, b) => a.order - b.order || a.rule_id - b.rule_id);
}

export function insertRule(
  s: EmulatorState,
  appId: number,
  name: string,
  pattern: string,
  nowMs: number,
  extra: { rule_pattern_exclude?: string; video_conference?: boolean; scenario_ids?: number[] } = {},
): Rule {
  s.counters.rule += 1;
  const last = rulesInOrder(s, appId).at(-1);
  const r: Rule = {
    rule_id: s.counters.rule,
    application_id: appId,
    rule_name: name,
    rule_pattern: pattern,
    video_conference: extra.video_conference ?? false,
    scenario_ids: [...(extra.scenario_ids ?? [])],
    order: last === undefined ? 1 : last.order + 1,
    modified: formatTimestamp(nowMs),
  };
  if (extra.rule_pattern_exclude !== undefined) r.rule_pattern_exclude = extra.rule_pattern_exclude;
  s.rules.set(r.rule_id, r);
  return r;
}

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Length and regular-expression checks of the patterns (148 / 149 for ones that do not compile). */
function checkPatterns(p: { rule_pattern?: string; rule_pattern_exclude?: string }): void {
  checkLength("rule_pattern", p.rule_pattern, MAX_PATTERN);
  checkLength("rule_pattern_exclude", p.rule_pattern_exclude, MAX_PATTERN);
  if (p.rule_pattern !== undefined && !isRegex(p.rule_pattern)) {
    throw new ApiErrorReply(
      Code.RULE_PATTERN_INVALID,
      "rule_pattern is not a valid regular expression",
      "rule_pattern",
    );
  }
  if (p.rule_pattern_exclude !== undefined && !isRegex(p.rule_pattern_exclude)) {
    throw new ApiErrorReply(
      Code.RULE_PATTERN_EXCLUDE_INVALID,
      "rule_pattern_exclude is not a valid regular expression",
      "rule_pattern_exclude",
    );
  }
}

export const addRule: ApiMethod = {
  name: "AddRule",
  roles: ["Owner", "Admin", "Developer"] satisfies Role[],
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, {
      application_id: "int",
      application_name: "string",
      rule_name: "string",
      rule_pattern: "string",
      rule_pattern_exclude: "string",
      video_conference: "bool",
      bind_key_id: "string",
      scenario_id: "intlist",
      scenario_name: "stringlist",
    } as const);
    exclusive(p, "application_id", "application_name");
    exclusive(p, "scenario_id", "scenario_name");
    required(p, "application_id", "application_name");
    required(p, "rule_name");
    required(p, "rule_pattern");
    if (config.ruleRequiresScenario && p.scenario_id === undefined && p.scenario_name === undefined) {
      throw new ApiErrorReply(Code.RULE_NO_SCENARIO_BOUND, "a rule needs scenario_id or scenario_name", "scenario_id");
    }
    checkLength("rule_name", p.rule_name, MAX_RULE_NAME);
    checkPatterns(p);
    const app = requireApplication(s, p);
    if (findRuleByName(s, app.application_id, p.rule_name as string)) {
      throw new ApiErrorReply(Code.RULE_NAME_TAKEN, "rule_name is already taken in this application", "rule_name");
    }
    const scenarioIds = [...new Set(scenariosForRule(s, app, p).map((sc) => sc.scenario_id))];
    if (scenarioIds.length > config.maxScenariosPerRule) {
      throw new ApiErrorReply(Code.SCENARIO_LIMIT_PER_RULE, "too many scenarios for one rule", "scenario_id");
    }
    const r = insertRule(s, app.application_id, p.rule_name as string, p.rule_pattern as string, nowMs, {
      ...p,
      scenario_ids: scenarioIds,
    });
    return { result: 1, rule_id: r.rule_id };
  },
};

export const delRule: ApiMethod = {
  name: "DelRule",
  roles: ["Owner", "Admin", "Developer"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, {
      rule_id: "intlistOrAll",
      rule_name: "stringlist",
      application_id: "intlistOrAll",
      application_name: "stringlist",
    } as const);
    exclusive(p, "rule_id", "rule_name");
    exclusive(p, "application_id", "application_name");
    required(p, "rule_id", "rule_name");
    // "all" and names only make sense inside named applications.
    if (p.rule_id === "all" || p.rule_name !== undefined) required(p, "application_id", "application_name");

    let appIds: number[] | undefined;
    if (p.application_id === "all") appIds = [...s.applications.keys()];
    else if (p.application_id !== undefined) {
      for (const id of p.application_id) requireApplication(s, { application_id: id });
      appIds = p.application_id;
    } else if (p.application_name !== undefined) {
      appIds = p.application_name.map((n) => requireApplication(s, { application_name: n }).application_id);
    }

    const doomed = new Set<number>();
    if (p.rule_id === "all") {
      for (const r of s.rules.values()) if (appIds?.includes(r.application_id)) doomed.add(r.rule_id);
    } else if (p.rule_id !== undefined) {
      for (const id of p.rule_id) {
        const r = s.rules.get(id);
        if (!r || (appIds !== undefined && !appIds.includes(r.application_id))) {
          throw new ApiErrorReply(Code.RULE_ID_INVALID, `rule_id ${id} not found`, "rule_id");
        }
        doomed.add(id);
      }
    } else {
      for (const name of p.rule_name as string[]) {
        const matches = [...s.rules.values()].filter((r) => r.rule_name === name && appIds?.includes(r.application_id));
        if (matches.length === 0)
          throw new ApiErrorReply(Code.RULE_NAME_INVALID, `rule_name ${name} not found`, "rule_name");
        for (const r of matches) doomed.add(r.rule_id);
      }
    }
    for (const id of doomed) deleteRule(s, id, nowMs);
    return { result: 1 };
  },
};

export const getRules: ApiMethod = {
  name: "GetRules",
  roles: ["Owner", "Admin", "Developer", "Supervisor", "Call list manager", "Support"] satisfies Role[],
  mutates: false,
  handle({ state: s, config, params }: MethodContext) {
    const p = parse(params, {
      application_id: "int",
      application_name: "string",
      rule_id: "int",
      rule_name: "string",
      video_conference: "bool",
      attached_key_id: "string",
      template: "string",
      with_scenarios: "bool",
      count: "int",
      offset: "int",
    } as const);
    exclusive(p, "application_id", "application_name");
    required(p, "application_id", "application_name");
    checkRange("count", p.count, 0);
    checkRange("offset", p.offset, 0);
    const app = requireApplication(s, p);
    const matchesTemplate = (r: Rule): boolean => {
      if (p.template === undefined) return true;
      // Rule patterns describe the whole dialled string.
      if (!new RegExp(`^(?:${r.rule_pattern})$`).test(p.template)) return false;
      return r.rule_pattern_exclude === undefined || !new RegExp(`^(?:${r.rule_pattern_exclude})$`).test(p.template);
    };
    const rows = rulesInOrder(s, app.application_id).filter(
      (r) =>
        (p.rule_id === undefined || r.rule_id === p.rule_id) &&
        (p.rule_name === undefined || r.rule_name.includes(p.rule_name)) &&
        (p.video_conference === undefined || r.video_conference === p.video_conference) &&
        // Rules carry no service accounts in the emulator, so an attached-key filter matches none.
        p.attached_key_id === undefined &&
        matchesTemplate(r),
    );
    return listAnswer(rows, p, config, (r) => (p.with_scenarios ? ruleWithScenariosView(s, r) : ruleView(r)));
  },
};

export const setRuleInfo: ApiMethod = {
  name: "SetRuleInfo",
  roles: ["Owner", "Admin", "Developer"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, {
      rule_id: "int",
      rule_name: "string",
      rule_pattern: "string",
      rule_pattern_exclude: "string",
      video_conference: "bool",
      bind_key_id: "string",
    } as const);
    required(p, "rule_id");
    checkLength("rule_name", p.rule_name, MAX_RULE_NAME);
    checkPatterns(p);
    const r = requireRuleIn(s, undefined, p);
    if (p.rule_name !== undefined && p.rule_name !== r.rule_name && findRuleByName(s, r.application_id, p.rule_name)) {
      throw new ApiErrorReply(Code.RULE_NAME_TAKEN, "rule_name is already taken in this application", "rule_name");
    }
    if (p.rule_name !== undefined) r.rule_name = p.rule_name;
    if (p.rule_pattern !== undefined) r.rule_pattern = p.rule_pattern;
    if (p.rule_pattern_exclude !== undefined) r.rule_pattern_exclude = p.rule_pattern_exclude;
    if (p.video_conference !== undefined) r.video_conference = p.video_conference;
    r.modified = formatTimestamp(nowMs);
    return { result: 1 };
  },
};

export const reorderRules: ApiMethod = {
  name: "ReorderRules",
  roles: ["Owner", "Admin", "Developer"] satisfies Role[],
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, { rule_id: "intlist" } as const);
    required(p, "rule_id");
    const listed = (p.rule_id as number[]).map((id) => requireRuleIn(s, undefined, { rule_id: id }));
    const appId = listed[0]?.application_id as number;
    if (listed.some((r) => r.application_id !== appId) || new Set(listed).size !== listed.length) {
      throw new ApiErrorReply(Code.PARAMETER_INVALID, "rule_id must list distinct rules of one application", "rule_id");
    }
    // The listed rules come first, in the order given; the application's other rules follow in
    // their current order.
    const rest = rulesInOrder(s, appId).filter((r) => !listed.includes(r));
    [...listed, ...rest].forEach((r, i) => {
      r.order = i + 1;
    });
    for (const r of listed) r.modified = formatTimestamp(nowMs);
    return { result: 1 };
  },
};
