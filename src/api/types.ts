// Wire types of the Management API methods the provider uses. Field names are exactly the API's
// snake_case names (the API reference's names), so a reader can hold this file next to the API docs. Optional
// response fields are optional here because the server omits them when unset; unknown extra fields
// in responses are kept on the objects untouched (we never reject them).

/** Timestamp as the API sends it: "YYYY-MM-DD HH:mm:ss" in UTC. */
export type ApiTimestamp = string;
/** Date as the API sends it: "YYYY-MM-DD". */
export type ApiDate = string;

/** Parameter values the encoder understands (docs/design/voximplant-api.md, "Parameters and values"). */
export type ParamScalar = string | number | boolean;
export type ParamValue = ParamScalar | readonly (string | number)[];
/** A method's parameters; `undefined` means "omit". */
export type ApiParams = { readonly [name: string]: ParamValue | undefined };

// ---------------------------------------------------------------------------------------------
// SIP registrations

/** Items of GetSipRegistrations `result` (SIPRegistrationType). */
export interface SipRegistration {
  sip_registration_id: number;
  sip_username: string;
  proxy: string;
  last_updated?: number;
  auth_user?: string;
  outbound_proxy?: string;
  successful?: boolean;
  status_code?: number;
  error_message?: string;
  deactivated?: boolean;
  next_subscription_renewal?: ApiDate;
  purchase_date?: ApiTimestamp;
  subscription_price?: string;
  is_persistent?: boolean;
  user_id?: number;
  user_name?: string;
  application_id?: number;
  application_name?: string;
  rule_id?: number;
  rule_name?: string;
  /** Not documented as a response field; present only if the server sends it. */
  in_progress?: boolean;
}

/** `account_info` in the CreateSipRegistration response (ShortAccountInfoType). */
export interface ShortAccountInfo {
  account_id: number;
  frozen?: boolean;
  balance?: number;
  currency?: string;
}

/** Application / rule / user references: each by id or by name, never both. */
export interface BindingRefs {
  application_id?: number;
  application_name?: string;
  rule_id?: number;
  rule_name?: string;
  user_id?: number;
  user_name?: string;
}

export interface CreateSipRegistrationParams extends BindingRefs {
  sip_username: string;
  proxy: string;
  auth_user?: string;
  outbound_proxy?: string;
  /** Write-only secret; never logged, never in error messages. */
  password?: string;
  /** Server default: true. */
  is_persistent?: boolean;
}

export interface CreateSipRegistrationResult {
  result: number;
  sip_registration_id: number;
  account_info?: ShortAccountInfo;
}

export interface UpdateSipRegistrationParams extends BindingRefs {
  sip_registration_id: number;
  sip_username?: string;
  proxy?: string;
  auth_user?: string;
  outbound_proxy?: string;
  /** Write-only secret; never logged, never in error messages. */
  password?: string;
}

export interface BindSipRegistrationParams extends BindingRefs {
  /** Required when bind is true (the default); may be omitted to unbind a user everywhere. */
  sip_registration_id?: number;
  /** Server default: true. */
  bind?: boolean;
}

export interface DeleteSipRegistrationParams {
  sip_registration_id: number;
}

/** Result of the plain mutations: `{"result": 1}`. */
export interface MutationResult {
  result: number;
}

/** Every filter of GetSipRegistrations; all optional, combined with AND by the server. */
export interface SipRegistrationFilters {
  sip_registration_id?: number;
  sip_username?: string;
  deactivated?: boolean;
  successful?: boolean;
  is_persistent?: boolean;
  application_id?: readonly number[];
  application_name?: readonly string[];
  is_bound_to_application?: boolean;
  rule_id?: readonly number[];
  rule_name?: readonly string[];
  user_id?: readonly number[];
  user_name?: readonly string[];
  proxy?: readonly string[];
  in_progress?: boolean;
  /** SIP status expression: "200", "400:499", "200;400:499". */
  status_code?: string;
}

export interface PageParams {
  count?: number;
  offset?: number;
}

export interface GetSipRegistrationsParams extends SipRegistrationFilters, PageParams {}

/** A page of a list method. `count`/`total_count` are informational only; never relied upon. */
export interface ListResult<T> {
  result: T[];
  count?: number;
  total_count?: number;
}

export type GetSipRegistrationsResult = ListResult<SipRegistration>;

// ---------------------------------------------------------------------------------------------
// Applications

export interface ApplicationInfo {
  application_id: number;
  /** Full name: "<short>.<account>.voximplant.com". */
  application_name: string;
  modified?: ApiTimestamp;
  secure_record_storage?: boolean;
  rules?: RuleInfo[];
}

export interface GetApplicationsParams extends PageParams {
  application_id?: number;
  /** Partial match on the server: check the name exactly on your side. */
  application_name?: string;
  with_rules?: boolean;
  with_scenarios?: boolean;
}

export type GetApplicationsResult = ListResult<ApplicationInfo>;

export interface AddApplicationParams {
  /** Short name, pattern [a-z][a-z0-9-]{1,64}. */
  application_name: string;
  secure_record_storage?: boolean;
}

export interface AddApplicationResult {
  result: number;
  application_id: number;
  application_name: string;
  secure_record_storage?: boolean;
}

export interface DelApplicationParams {
  application_id?: number | readonly number[];
  application_name?: string | readonly string[];
}

export interface SetApplicationInfoParams {
  /** The application to change: by id, or by its current name in `required_application_name`. */
  application_id?: number;
  required_application_name?: string;
  /** New short name. */
  application_name?: string;
  secure_record_storage?: boolean;
}

export interface SetApplicationInfoResult {
  result: number;
  /** The new full name. */
  application_name: string;
  secure_record_storage: boolean;
}

// ---------------------------------------------------------------------------------------------
// Scenarios (VoxEngine JavaScript)

export interface ScenarioInfo {
  scenario_id: number;
  scenario_name: string;
  /** Only when asked for with `with_script` together with `scenario_id`. */
  scenario_script?: string;
  modified?: ApiTimestamp;
  /** True when the scenario belongs to the parent account. */
  parent?: boolean;
}

export interface GetScenariosParams extends PageParams {
  scenario_id?: number;
  /** Partial, case-insensitive match on the server: check the name exactly on your side. */
  scenario_name?: string;
  /** The server sends the script only when `scenario_id` is given too. */
  with_script?: boolean;
  application_id?: number;
  application_name?: string;
}

export type GetScenariosResult = ListResult<ScenarioInfo>;

export interface AddScenarioParams {
  /** Shorter than 30 characters. */
  scenario_name: string;
  /** Shorter than 128 KB. */
  scenario_script?: string;
  /** Bind the new scenario to this rule at once. */
  rule_id?: number;
  rule_name?: string;
  /** Replace the script of an existing scenario of that name instead of failing. */
  rewrite?: boolean;
  /** Create the scenario inside an application rather than account-wide. */
  application_id?: number;
  application_name?: string;
}

export interface AddScenarioResult {
  result: number;
  scenario_id: number;
}

export interface SetScenarioInfoParams {
  scenario_id?: number;
  required_scenario_name?: string;
  /** New name. */
  scenario_name?: string;
  scenario_script?: string;
}

export interface DelScenarioParams {
  scenario_id?: number | readonly number[];
  scenario_name?: string | readonly string[];
}

export interface BindScenarioParams {
  scenario_id?: number | readonly number[];
  scenario_name?: string | readonly string[];
  rule_id?: number;
  rule_name?: string;
  application_id?: number;
  application_name?: string;
  /** Server default true; false unbinds. Bound scenarios are appended in the order given. */
  bind?: boolean;
}

export interface ReorderScenariosParams {
  rule_id?: number;
  rule_name?: string;
  /** Every scenario bound to the rule, in the new running order. */
  scenario_id: readonly number[];
}

export interface ReorderRulesParams {
  /** Rules of one application, in the new routing order. */
  rule_id: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// Rules

/** A scenario bound to a rule, as GetRules `with_scenarios` lists them (in running order). */
export type RuleScenario = ScenarioInfo;

export interface RuleInfo {
  rule_id: number;
  application_id: number;
  rule_name: string;
  rule_pattern: string;
  rule_pattern_exclude?: string;
  video_conference?: boolean;
  scenarios?: RuleScenario[];
  modified?: ApiTimestamp;
}

export interface GetRulesParams extends PageParams {
  application_id?: number;
  application_name?: string;
  rule_id?: number;
  /** Partial match on the server: check the name exactly on your side. */
  rule_name?: string;
  video_conference?: boolean;
  attached_key_id?: string;
  template?: string;
  with_scenarios?: boolean;
}

export type GetRulesResult = ListResult<RuleInfo>;

export interface AddRuleParams {
  application_id?: number;
  application_name?: string;
  rule_name: string;
  rule_pattern: string;
  rule_pattern_exclude?: string;
  video_conference?: boolean;
  bind_key_id?: string;
  scenario_id?: readonly number[];
  scenario_name?: readonly string[];
}

export interface AddRuleResult {
  result: number;
  rule_id: number;
}

export interface SetRuleInfoParams {
  rule_id: number;
  rule_name?: string;
  rule_pattern?: string;
  rule_pattern_exclude?: string;
  video_conference?: boolean;
  bind_key_id?: string;
}

export interface DelRuleParams {
  rule_id?: number | readonly number[];
  rule_name?: string | readonly string[];
  application_id?: number | readonly number[];
  application_name?: string | readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Users

export interface UserInfo {
  user_id: number;
  user_name: string;
  user_display_name?: string;
  user_active?: boolean;
  parent_accounting?: boolean;
  live_balance?: number;
  balance?: number;
  fixed_balance?: number;
  user_custom_data?: string;
  applications?: ApplicationInfo[];
  created?: ApiTimestamp;
  modified?: ApiTimestamp;
}

export interface GetUsersParams extends PageParams {
  application_id?: number;
  application_name?: string;
  user_id?: number;
  /** Partial match on the server: check the name exactly on your side. */
  user_name?: string;
  user_display_name?: string;
  user_active?: boolean;
  with_skills?: boolean;
  with_queues?: boolean;
  order_by?: "user_id" | "user_name" | "user_display_name";
  return_live_balance?: boolean;
}

export type GetUsersResult = ListResult<UserInfo>;

export interface AddUserParams {
  user_name: string;
  user_display_name: string;
  /** Secret; never logged, never in error messages. */
  user_password: string;
  application_id?: number;
  application_name?: string;
  parent_accounting?: boolean;
  user_active?: boolean;
  user_custom_data?: string;
}

export interface AddUserResult {
  result: number;
  user_id: number;
}

export interface SetUserInfoParams {
  user_id?: number;
  /** With `user_name`, the application is required. */
  user_name?: string;
  application_id?: number;
  application_name?: string;
  new_user_name?: string;
  user_display_name?: string;
  /** Secret; never logged, never in error messages. */
  user_password?: string;
  parent_accounting?: boolean;
  user_active?: boolean;
  user_custom_data?: string;
  mobile_phone?: string;
}

export interface DelUserParams {
  user_id?: number | readonly number[];
  user_name?: string | readonly string[];
  application_id?: number;
  application_name?: string;
}

/** The Management API method names this client calls. */
export type ApiMethod =
  | "CreateSipRegistration"
  | "UpdateSipRegistration"
  | "BindSipRegistration"
  | "DeleteSipRegistration"
  | "GetSipRegistrations"
  | "GetApplications"
  | "AddApplication"
  | "SetApplicationInfo"
  | "DelApplication"
  | "GetScenarios"
  | "AddScenario"
  | "SetScenarioInfo"
  | "DelScenario"
  | "BindScenario"
  | "ReorderScenarios"
  | "GetRules"
  | "AddRule"
  | "SetRuleInfo"
  | "DelRule"
  | "ReorderRules"
  | "GetUsers"
  | "AddUser"
  | "SetUserInfo"
  | "DelUser";
