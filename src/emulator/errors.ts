// API-level errors. The real service answers them with HTTP 200 and a JSON body
// `{"error": {...}, "errors": [...]}`, so handlers throw ApiErrorReply and the server turns it into
// that body; nothing here knows about HTTP.

/** Error codes the emulator emits (numbers are Voximplant's; names are ours). */
export const Code = {
  AUTH_FAILED: 100,
  INVALID_ARGUMENTS: 101,
  CMD_MISSING: 102,
  UNKNOWN_COMMAND: 103,
  FORBIDDEN: 104,
  APPLICATION_NAME_INVALID: 107,
  APPLICATION_LIMIT: 108,
  USER_LIMIT: 109,
  ACCOUNT_ID_INVALID: 115,
  APPLICATION_ID_INVALID: 116,
  USER_ID_INVALID: 117,
  USER_NAME_TAKEN: 118,
  USER_NAME_INVALID: 122,
  INSUFFICIENT_FUNDS: 127,
  APPLICATION_NAME_TAKEN: 129,
  SCENARIO_ID_INVALID: 132,
  SCENARIO_NAME_TAKEN: 133,
  RULE_ID_INVALID: 147,
  RULE_PATTERN_INVALID: 148,
  RULE_PATTERN_EXCLUDE_INVALID: 149,
  RULE_NAME_INVALID: 156,
  USER_DISPLAY_NAME_INVALID: 157,
  SCENARIO_NAME_INVALID: 168,
  RULE_NAME_TAKEN: 175,
  USER_CUSTOM_DATA_TOO_LONG: 212,
  SIP_REGISTRATION_LIMIT: 272,
  SIP_USERNAME_INVALID: 273,
  PROXY_INVALID: 274,
  SIP_REGISTRATION_ID_INVALID: 275,
  RULE_NO_SCENARIO_BOUND: 375,
  USER_NOT_BOUND_TO_APPLICATION: 393,
  SCENARIO_LIMIT_PER_RULE: 419,
  KEY_ID_INVALID: 433,
  TOKEN_FORMAT_INVALID: 447,
  TOKEN_LIFETIME_TOO_LONG: 454,
  TOKEN_FROM_FUTURE: 455,
  TOKEN_EXPIRED: 456,
  NEW_USER_NAME_INVALID: 462,
  ONLY_ONE_OF: 458,
  REQUIRED_MISSING: 485,
  PARAMETER_INVALID: 496,
  OUT_OF_RANGE: 497,
  TOO_LONG: 499,
  APPLICATION_NOT_FOUND: 558,
} as const;

export type ErrorCode = (typeof Code)[keyof typeof Code];

export interface ApiErrorBody {
  code: number;
  msg: string;
  field_name?: string;
}

export class ApiErrorReply extends Error {
  constructor(
    readonly code: number,
    msg: string,
    readonly fieldName?: string,
  ) {
    super(msg);
    this.name = "ApiErrorReply";
  }

  toBody(): { error: ApiErrorBody; errors: ApiErrorBody[] } {
    const e: ApiErrorBody = { code: this.code, msg: this.message };
    if (this.fieldName !== undefined) e.field_name = this.fieldName;
    return { error: e, errors: [{ ...e }] };
  }
}

/** The codes that describe a credentials problem; the "collapse" switch folds them into 100. */
export const AUTH_DETAIL_CODES: ReadonlySet<number> = new Set([
  Code.ACCOUNT_ID_INVALID,
  Code.KEY_ID_INVALID,
  Code.TOKEN_FORMAT_INVALID,
  Code.TOKEN_LIFETIME_TOO_LONG,
  Code.TOKEN_FROM_FUTURE,
  Code.TOKEN_EXPIRED,
]);
