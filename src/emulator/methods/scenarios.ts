// AddScenario / GetScenarios / SetScenarioInfo / DelScenario, and the two calls that change which
// scenarios a rule runs and in what order: BindScenario and ReorderScenarios. Scenario names are
// unique per account (133). A scenario created for an application can only be bound to rules of
// that application; an account-wide one (no application) to any rule.

import { listAnswer, requireApplication, requireRuleIn } from "../directory";
import { ApiErrorReply, Code } from "../errors";
import type { EmulatorState, Role, Rule, Scenario } from "../model";
import { checkLength, checkRange, exclusive, parse, required } from "../params";
import { formatTimestamp } from "../time";
import { deleteScenario } from "./cascade";
import type { ApiMethod, MethodContext } from "./types";

/** "The length should be less than 30" (official clients). */
const MAX_SCENARIO_NAME = 29;
/** "The length should be less than 128 KB". */
const MAX_SCENARIO_SCRIPT = 131071;

const WRITERS: Role[] = ["Owner", "Admin", "Developer"];

/**
 * Names are free text on the real service; the emulator only refuses what would break its own
 * wire format (";" separates list items) and invisible characters.
 */
function checkScenarioName(field: string, name: string): void {
  checkLength(field, name, MAX_SCENARIO_NAME);
  if (name.trim() !== name || /[;\u0000-\u001f\u007f]/.test(name)) {
    throw new ApiErrorReply(
      Code.SCENARIO_NAME_INVALID,
      `${field} must not contain ";", control characters or surrounding spaces`,
      field,
    );
  }
}

function findScenarioByName(s: EmulatorState, name: string): Scenario | undefined {
  for (const sc of s.scenarios.values()) if (sc.scenario_name === name) return sc;
  return undefined;
}

function requireScenario(s: EmulatorState, id: number | undefined, name: string | undefined): Scenario {
  if (id !== undefined) {
    const sc = s.scenarios.get(id);
    if (!sc) throw new ApiErrorReply(Code.SCENARIO_ID_INVALID, `scenario_id ${id} not found`, "scenario_id");
    return sc;
  }
  const sc = findScenarioByName(s, name as string);
  if (!sc) throw new ApiErrorReply(Code.SCENARIO_NAME_INVALID, "scenario not found", "scenario_name");
  return sc;
}

/** The scenarios a list parameter names, in the order given; each must be bindable to `rule`. */
export function scenariosForRule(
  s: EmulatorState,
  rule: Pick<Rule, "application_id">,
  p: { scenario_id?: number[] | "all"; scenario_name?: string[] },
): Scenario[] {
  let list: Scenario[];
  if (p.scenario_id === "all") {
    list = [...s.scenarios.values()].filter(
      (sc) => sc.application_id === undefined || sc.application_id === rule.application_id,
    );
  } else if (p.scenario_id !== undefined) {
    list = p.scenario_id.map((id) => requireScenario(s, id, undefined));
  } else {
    list = (p.scenario_name ?? []).map((n) => requireScenario(s, undefined, n));
  }
  for (const sc of list) {
    if (sc.application_id !== undefined && sc.application_id !== rule.application_id) {
      throw new ApiErrorReply(
        Code.SCENARIO_ID_INVALID,
        `scenario ${sc.scenario_id} belongs to another application`,
        "scenario_id",
      );
    }
  }
  return list;
}

export function scenarioView(sc: Scenario, withScript: boolean): Record<string, unknown> {
  const v: Record<string, unknown> = { scenario_id: sc.scenario_id, scenario_name: sc.scenario_name };
  if (withScript) v.scenario_script = sc.scenario_script;
  v.modified = sc.modified;
  v.parent = false;
  return v;
}

export const addScenario: ApiMethod = {
  name: "AddScenario",
  roles: WRITERS,
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, {
      scenario_name: "string",
      scenario_script: "string",
      rule_id: "int",
      rule_name: "string",
      rewrite: "bool",
      application_id: "int",
      application_name: "string",
    } as const);
    exclusive(p, "rule_id", "rule_name");
    exclusive(p, "application_id", "application_name");
    required(p, "scenario_name");
    const name = p.scenario_name as string;
    checkScenarioName("scenario_name", name);
    checkLength("scenario_script", p.scenario_script, MAX_SCENARIO_SCRIPT);
    if (p.rule_name !== undefined) required(p, "application_id", "application_name");
    const app =
      p.application_id !== undefined || p.application_name !== undefined ? requireApplication(s, p) : undefined;
    const rule =
      p.rule_id !== undefined || p.rule_name !== undefined ? requireRuleIn(s, app?.application_id, p) : undefined;
    const existing = findScenarioByName(s, name);
    if (existing && !p.rewrite)
      throw new ApiErrorReply(Code.SCENARIO_NAME_TAKEN, "scenario_name is already taken", "scenario_name");
    if (
      rule &&
      rule.scenario_ids.length >= config.maxScenariosPerRule &&
      !rule.scenario_ids.includes(existing?.scenario_id ?? -1)
    ) {
      throw new ApiErrorReply(Code.SCENARIO_LIMIT_PER_RULE, "the rule has the maximum number of scenarios", "rule_id");
    }
    let sc: Scenario;
    if (existing) {
      // rewrite=true replaces the script of the scenario with that name
      existing.scenario_script = p.scenario_script ?? "";
      existing.modified = formatTimestamp(nowMs);
      sc = existing;
    } else {
      s.counters.scenario += 1;
      sc = {
        scenario_id: s.counters.scenario,
        scenario_name: name,
        scenario_script: p.scenario_script ?? "",
        modified: formatTimestamp(nowMs),
      };
      if (app) sc.application_id = app.application_id;
      s.scenarios.set(sc.scenario_id, sc);
    }
    if (rule && !rule.scenario_ids.includes(sc.scenario_id)) {
      rule.scenario_ids.push(sc.scenario_id);
      rule.modified = formatTimestamp(nowMs);
    }
    return { result: 1, scenario_id: sc.scenario_id };
  },
};

export const getScenarios: ApiMethod = {
  name: "GetScenarios",
  roles: ["Owner", "Admin", "Developer", "Supervisor", "Support"] satisfies Role[],
  mutates: false,
  handle({ state: s, config, params }: MethodContext) {
    const p = parse(params, {
      scenario_id: "int",
      scenario_name: "string",
      with_script: "bool",
      application_id: "int",
      application_name: "string",
      count: "int",
      offset: "int",
    } as const);
    exclusive(p, "application_id", "application_name");
    checkRange("count", p.count, 0);
    checkRange("offset", p.offset, 0);
    const app =
      p.application_id !== undefined || p.application_name !== undefined ? requireApplication(s, p) : undefined;
    const needle = p.scenario_name?.toLowerCase();
    const rows = [...s.scenarios.values()].filter(
      (sc) =>
        (p.scenario_id === undefined || sc.scenario_id === p.scenario_id) &&
        (needle === undefined || sc.scenario_name.toLowerCase().includes(needle)) &&
        (app === undefined || sc.application_id === app.application_id),
    );
    // The script comes only with a scenario_id filter, as the official clients document.
    const withScript = p.with_script === true && p.scenario_id !== undefined;
    return listAnswer(rows, p, config, (sc) => scenarioView(sc, withScript));
  },
};

export const setScenarioInfo: ApiMethod = {
  name: "SetScenarioInfo",
  roles: WRITERS,
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, {
      scenario_id: "int",
      required_scenario_name: "string",
      scenario_name: "string",
      scenario_script: "string",
    } as const);
    exclusive(p, "scenario_id", "required_scenario_name");
    required(p, "scenario_id", "required_scenario_name");
    if (p.scenario_name !== undefined) checkScenarioName("scenario_name", p.scenario_name);
    checkLength("scenario_script", p.scenario_script, MAX_SCENARIO_SCRIPT);
    const sc = requireScenario(s, p.scenario_id, p.required_scenario_name);
    if (
      p.scenario_name !== undefined &&
      p.scenario_name !== sc.scenario_name &&
      findScenarioByName(s, p.scenario_name)
    ) {
      throw new ApiErrorReply(Code.SCENARIO_NAME_TAKEN, "scenario_name is already taken", "scenario_name");
    }
    if (p.scenario_name !== undefined) sc.scenario_name = p.scenario_name;
    if (p.scenario_script !== undefined) sc.scenario_script = p.scenario_script;
    sc.modified = formatTimestamp(nowMs);
    return { result: 1 };
  },
};

export const delScenario: ApiMethod = {
  name: "DelScenario",
  roles: WRITERS,
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, { scenario_id: "intlistOrAll", scenario_name: "stringlist" } as const);
    exclusive(p, "scenario_id", "scenario_name");
    required(p, "scenario_id", "scenario_name");
    let doomed: Scenario[];
    if (p.scenario_id === "all") doomed = [...s.scenarios.values()];
    else if (p.scenario_id !== undefined) doomed = p.scenario_id.map((id) => requireScenario(s, id, undefined));
    else doomed = (p.scenario_name as string[]).map((n) => requireScenario(s, undefined, n));
    for (const sc of doomed) deleteScenario(s, sc.scenario_id, nowMs);
    return { result: 1 };
  },
};

export const bindScenario: ApiMethod = {
  name: "BindScenario",
  roles: WRITERS,
  mutates: true,
  handle({ state: s, config, nowMs, params }: MethodContext) {
    const p = parse(params, {
      scenario_id: "intlistOrAll",
      scenario_name: "stringlist",
      rule_id: "int",
      rule_name: "string",
      application_id: "int",
      application_name: "string",
      bind: "bool",
    } as const);
    exclusive(p, "scenario_id", "scenario_name");
    exclusive(p, "rule_id", "rule_name");
    exclusive(p, "application_id", "application_name");
    required(p, "scenario_id", "scenario_name");
    required(p, "rule_id", "rule_name");
    required(p, "application_id", "application_name");
    const app = requireApplication(s, p);
    const rule = requireRuleIn(s, app.application_id, p);
    const scenarios = scenariosForRule(s, rule, p);
    const ids = scenarios.map((sc) => sc.scenario_id);
    if (p.bind === false) {
      rule.scenario_ids = rule.scenario_ids.filter((id) => !ids.includes(id));
    } else {
      // binding appends in the order given; an already bound scenario keeps its place
      const added = ids.filter((id, i) => !rule.scenario_ids.includes(id) && ids.indexOf(id) === i);
      if (rule.scenario_ids.length + added.length > config.maxScenariosPerRule) {
        throw new ApiErrorReply(Code.SCENARIO_LIMIT_PER_RULE, "too many scenarios for one rule", "scenario_id");
      }
      rule.scenario_ids.push(...added);
    }
    rule.modified = formatTimestamp(nowMs);
    return { result: 1 };
  },
};

export const reorderScenarios: ApiMethod = {
  name: "ReorderScenarios",
  roles: WRITERS,
  mutates: true,
  handle({ state: s, nowMs, params }: MethodContext) {
    const p = parse(params, { rule_id: "int", rule_name: "string", scenario_id: "intlist" } as const);
    exclusive(p, "rule_id", "rule_name");
    required(p, "rule_id", "rule_name");
    required(p, "scenario_id");
    const rule = requireRuleIn(s, undefined, p);
    const order = p.scenario_id as number[];
    // The new order must name exactly the rule's bound scenarios, each once.
    const same =
      order.length === rule.scenario_ids.length &&
      new Set(order).size === order.length &&
      order.every((id) => rule.scenario_ids.includes(id));
    if (!same) {
      throw new ApiErrorReply(
        Code.PARAMETER_INVALID,
        "scenario_id must list every scenario bound to the rule exactly once",
        "scenario_id",
      );
    }
    rule.scenario_ids = [...order];
    rule.modified = formatTimestamp(nowMs);
    return { result: 1 };
  },
};

/** For GetApplications with_scenarios: the scenarios created for the application. */
export function scenariosOfApplication(s: EmulatorState, appId: number): Record<string, unknown>[] {
  return [...s.scenarios.values()].filter((sc) => sc.application_id === appId).map((sc) => scenarioView(sc, false));
}
