// VoximplantClient: VoximplantClientCore plus the typed calls of the objects a SIP registration
// is bound to (applications, scenarios, rules, users). Each call is one line over the core's
// call(); the core does checking, encoding, auth, retries and decoding.
//
// Name filters of the Get* calls match part of a name on the server; the find*ByName helpers
// compare names exactly on this side, which is what "does this name exist" needs.

import { VoximplantClientCore, type CallOptions, type ListOptions } from "./client";
import { created, listPage, mutation } from "./responses";
import type {
  AddApplicationParams,
  AddApplicationResult,
  AddRuleParams,
  AddRuleResult,
  AddScenarioParams,
  AddScenarioResult,
  AddUserParams,
  AddUserResult,
  ApplicationInfo,
  BindScenarioParams,
  DelApplicationParams,
  DelRuleParams,
  DelScenarioParams,
  DelUserParams,
  GetApplicationsParams,
  GetApplicationsResult,
  GetRulesParams,
  GetRulesResult,
  GetScenariosParams,
  GetScenariosResult,
  GetUsersParams,
  GetUsersResult,
  MutationResult,
  ReorderRulesParams,
  ReorderScenariosParams,
  RuleInfo,
  ScenarioInfo,
  SetApplicationInfoParams,
  SetApplicationInfoResult,
  SetRuleInfoParams,
  SetScenarioInfoParams,
  SetUserInfoParams,
  UserInfo,
} from "./types";

type Filters<P> = Omit<P, "count" | "offset">;

async function collect<T>(rows: AsyncIterable<T>, keep: (row: T) => boolean): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) if (keep(r)) out.push(r);
  return out;
}

export class VoximplantClient extends VoximplantClientCore {
  // ---- Applications -------------------------------------------------------------------------

  getApplications(params: GetApplicationsParams = {}, opts?: CallOptions): Promise<GetApplicationsResult> {
    return this.call("GetApplications", params, opts, listPage<ApplicationInfo>("application_id"));
  }

  listApplications(
    filters: Filters<GetApplicationsParams> = {},
    opts: ListOptions = {},
  ): AsyncGenerator<ApplicationInfo> {
    return this.paginate(
      "GetApplications",
      filters,
      opts,
      (p, o) => this.getApplications(p, o),
      (r) => r.application_id,
    );
  }

  addApplication(params: AddApplicationParams, opts?: CallOptions): Promise<AddApplicationResult> {
    return this.call("AddApplication", params, opts, created<AddApplicationResult>("application_id"));
  }

  setApplicationInfo(params: SetApplicationInfoParams, opts?: CallOptions): Promise<SetApplicationInfoResult> {
    return this.call("SetApplicationInfo", params, opts, (body) => mutation(body) as SetApplicationInfoResult);
  }

  delApplication(params: DelApplicationParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("DelApplication", params, opts, mutation);
  }

  /**
   * Applications whose short name is exactly `shortName`. The API answers full names,
   * `<short>.<account>.voximplant.com`, and filters by substring; short names have no dots, so
   * the first label of the full name is the short name.
   */
  findApplicationsByShortName(shortName: string, opts: ListOptions = {}): Promise<ApplicationInfo[]> {
    const prefix = `${shortName.toLowerCase()}.`;
    const rows = this.listApplications({ application_name: shortName }, opts);
    return collect(rows, (a) => a.application_name.toLowerCase().startsWith(prefix));
  }

  // ---- Scenarios ----------------------------------------------------------------------------

  getScenarios(params: GetScenariosParams = {}, opts?: CallOptions): Promise<GetScenariosResult> {
    return this.call("GetScenarios", params, opts, listPage<ScenarioInfo>("scenario_id"));
  }

  listScenarios(filters: Filters<GetScenariosParams> = {}, opts: ListOptions = {}): AsyncGenerator<ScenarioInfo> {
    return this.paginate(
      "GetScenarios",
      filters,
      opts,
      (p, o) => this.getScenarios(p, o),
      (r) => r.scenario_id,
    );
  }

  /** One scenario with its script, or null when there is none with that id. */
  async getScenarioWithScript(scenarioId: number, opts?: CallOptions): Promise<ScenarioInfo | null> {
    const page = await this.getScenarios({ scenario_id: scenarioId, with_script: true }, opts);
    return page.result.find((s) => s.scenario_id === scenarioId) ?? null;
  }

  /** Scenarios named exactly `name` (the server filter is a case-insensitive substring match). */
  findScenariosByName(name: string, opts: ListOptions = {}): Promise<ScenarioInfo[]> {
    return collect(this.listScenarios({ scenario_name: name }, opts), (s) => s.scenario_name === name);
  }

  addScenario(params: AddScenarioParams, opts?: CallOptions): Promise<AddScenarioResult> {
    return this.call("AddScenario", params, opts, created<AddScenarioResult>("scenario_id"));
  }

  setScenarioInfo(params: SetScenarioInfoParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("SetScenarioInfo", params, opts, mutation);
  }

  delScenario(params: DelScenarioParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("DelScenario", params, opts, mutation);
  }

  bindScenario(params: BindScenarioParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("BindScenario", params, opts, mutation);
  }

  reorderScenarios(params: ReorderScenariosParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("ReorderScenarios", params, opts, mutation);
  }

  // ---- Rules --------------------------------------------------------------------------------

  getRules(params: GetRulesParams, opts?: CallOptions): Promise<GetRulesResult> {
    return this.call("GetRules", params, opts, listPage<RuleInfo>("rule_id"));
  }

  listRules(filters: Filters<GetRulesParams>, opts: ListOptions = {}): AsyncGenerator<RuleInfo> {
    return this.paginate(
      "GetRules",
      filters,
      opts,
      (p, o) => this.getRules(p, o),
      (r) => r.rule_id,
    );
  }

  /** Rules of the application named exactly `name`, with their scenarios. */
  findRulesByName(applicationId: number, name: string, opts: ListOptions = {}): Promise<RuleInfo[]> {
    const rows = this.listRules({ application_id: applicationId, rule_name: name, with_scenarios: true }, opts);
    return collect(rows, (r) => r.rule_name === name);
  }

  addRule(params: AddRuleParams, opts?: CallOptions): Promise<AddRuleResult> {
    return this.call("AddRule", params, opts, created<AddRuleResult>("rule_id"));
  }

  setRuleInfo(params: SetRuleInfoParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("SetRuleInfo", params, opts, mutation);
  }

  delRule(params: DelRuleParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("DelRule", params, opts, mutation);
  }

  reorderRules(params: ReorderRulesParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("ReorderRules", params, opts, mutation);
  }

  // ---- Users --------------------------------------------------------------------------------

  getUsers(params: GetUsersParams, opts?: CallOptions): Promise<GetUsersResult> {
    return this.call("GetUsers", params, opts, listPage<UserInfo>("user_id"));
  }

  listUsers(filters: Filters<GetUsersParams>, opts: ListOptions = {}): AsyncGenerator<UserInfo> {
    return this.paginate(
      "GetUsers",
      filters,
      opts,
      (p, o) => this.getUsers(p, o),
      (r) => r.user_id,
    );
  }

  /** Users of the application named exactly `name`. */
  findUsersByName(applicationId: number, name: string, opts: ListOptions = {}): Promise<UserInfo[]> {
    return collect(
      this.listUsers({ application_id: applicationId, user_name: name }, opts),
      (u) => u.user_name === name,
    );
  }

  addUser(params: AddUserParams, opts?: CallOptions): Promise<AddUserResult> {
    return this.call("AddUser", params, opts, created<AddUserResult>("user_id"));
  }

  setUserInfo(params: SetUserInfoParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("SetUserInfo", params, opts, mutation);
  }

  delUser(params: DelUserParams, opts?: CallOptions): Promise<MutationResult> {
    return this.call("DelUser", params, opts, mutation);
  }
}
