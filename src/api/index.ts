// Public surface of the Voximplant Management API client. Knows nothing about Terraform.
export * from "./types";
export * from "./errors";
export { checkParams, VoximplantClientCore } from "./client";
export { VoximplantClient } from "./setup-calls";
export type { CallOptions, ClientStats, ListOptions, LogLevel, Logger, VoximplantClientOptions } from "./client";
export {
  CREDENTIALS_ENV_VAR,
  CredentialsError,
  loadCredentialsFile,
  parseCredentialsJson,
  resolveCredentials,
  validateCredentials,
} from "./credentials";
export type { CredentialsProblem, CredentialsSource, ServiceAccountCredentials } from "./credentials";
export { JwtSigner, MAX_TOKEN_LIFETIME_SECONDS } from "./jwt";
export type { JwtSignerOptions } from "./jwt";
export { API_URL_ENV_VAR, DEFAULT_API_URL } from "./http";
export {
  DEFAULT_RETRY_POLICY,
  NON_IDEMPOTENT_METHODS,
  RETRYABLE_API_CODES,
  parseRetryAfter,
  retryDecision,
} from "./retry";
export type { RetryContext, RetryDecision, RetryPolicy } from "./retry";
export { RateLimiter } from "./rate-limit";
export type { RateLimitOptions } from "./rate-limit";
export { isSecretParameterName, REDACTED, redactParams, redactText, SECRET_PARAMETER_NAMES } from "./redact";
export { encodeFormData, encodeParamValue } from "./encode";
export type { FormBody } from "./encode";
export { CredentialsRefusedError, METHOD_FORBIDDEN_CODE, reasonOf, refusalOf } from "./refusal";
