// The `provider "voximplant"` block: configuration schema, plan-time checks, and configure(),
// which builds the API client and the registration reader shared by every resource and data
// source of this provider process.

import { isIPv4 } from "node:net";
import {
  API_URL_ENV_VAR,
  CREDENTIALS_ENV_VAR,
  CredentialsError,
  VoximplantClient,
  redactText,
  resolveCredentials,
  SECRET_PARAMETER_NAMES,
} from "../api";
import type { Logger, ServiceAccountCredentials, VoximplantClientOptions } from "../api";
import { BoolType, NumberType, StringType } from "../plugin/cty/types";
import {
  DEFERRED_EXTRA_CA_CERTS_KEY,
  ProviderError,
  stringOneOf,
  type ConfigureContext,
  type ProviderDefinition,
  type SchemaDef,
  type ValidateConfigContext,
  type ValuesReader,
} from "../plugin";
import { VOXIMPLANT_PROVIDER_TYPE } from "../provider-address";
import { dataSources } from "./data-sources";
import { parsePositiveDuration } from "./duration";
import { Lookups } from "./lookups";
import type { ProviderMeta } from "./meta";
import {
  createRegistrationReader,
  DEFAULT_READ_MODE,
  invalidatingOnWrites,
  READ_MODES,
  type ReadMode,
} from "./registration-reader";
import { applicationResource } from "./application";
import { ruleResource } from "./rule";
import { scenarioResource } from "./scenario";
import { sipRegistrationResource } from "./sip-registration";
import { DuplicateGuard } from "./sip-registration/duplicates";
import { userResource } from "./user";

const API_LOG_OPTIONS = { sensitiveKeys: SECRET_PARAMETER_NAMES };

const MAX_REQUESTS_PER_SECOND = 1000;
const MAX_RETRIES = 20;
/** The client's default request timeout (docs/client.md). */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Plan-time validation and configure() must agree on the largest request_timeout. */
const MAX_REQUEST_TIMEOUT_MS = 3_600_000;
const MIN_CREATE_GRACE_MS = 10_000;

const HOW_TO_SUPPLY = [
  "Supply the credentials.json of a Voximplant service account key in one of these ways:",
  `  - credentials_file = "path/to/credentials.json" in the provider block`,
  "  - credentials = <the JSON text>, e.g. from a sensitive variable or file(...)",
  `  - the ${CREDENTIALS_ENV_VAR} environment variable, set to the file's path`,
  "The key is created in the Voximplant control panel (Settings → Service accounts); its role must",
  "allow managing SIP registrations (Owner or Admin).",
].join("\n");

const providerSchema: SchemaDef = {
  version: 0,
  block: {
    markdownDescription:
      "The Voximplant provider manages SIP registrations through the Voximplant Management API. " +
      "It authenticates with a service account key (`credentials.json`).",
    attributes: {
      credentials_file: {
        type: StringType,
        optional: true,
        markdownDescription:
          `Path of the service account's \`credentials.json\`. Default: the ` +
          `\`${CREDENTIALS_ENV_VAR}\` environment variable.`,
      },
      credentials: {
        type: StringType,
        optional: true,
        sensitive: true,
        markdownDescription: "The JSON text of a service account's `credentials.json`, instead of `credentials_file`.",
      },
      api_url: {
        type: StringType,
        optional: true,
        markdownDescription:
          `Base URL of the Management API. Default: the \`${API_URL_ENV_VAR}\` environment ` +
          `variable, else \`https://api.voximplant.com/platform_api\`.`,
      },
      allow_insecure_http: {
        type: BoolType,
        optional: true,
        markdownDescription:
          "Allow an API URL (`api_url` or `" +
          API_URL_ENV_VAR +
          "`) with plain `http://` to a host other than loopback " +
          "(`localhost`, `127.0.0.0/8`, `[::1]`). Off by default: tokens and SIP passwords would travel unencrypted. " +
          "Only for a test server or a trusted proxy on a private network.",
      },
      requests_per_second: {
        type: NumberType,
        optional: true,
        markdownDescription:
          "Client-side limit of API requests per second (default 10). The provider also slows down by itself when " +
          "the API reports rate limiting.",
      },
      max_retries: {
        type: NumberType,
        optional: true,
        markdownDescription:
          "Retries of a failed API request that is safe to repeat (default 5). Creating a registration is never " +
          "blindly repeated.",
      },
      request_timeout: {
        type: StringType,
        optional: true,
        markdownDescription: 'Time allowed for one API response, as a duration such as `"30s"` (default `"30s"`).',
      },
      read_mode: {
        type: StringType,
        optional: true,
        validators: [stringOneOf(...READ_MODES)],
        markdownDescription:
          'How registrations are refreshed: `"batched"` (default) reads the account\'s registrations in one paged ' +
          "listing shared by all resources of a plan; " +
          '`"per_resource"` reads each registration with its own API call.',
      },
    },
  },
};

// ---- validation (no API calls, values may be unknown) ------------------------------------------

function knownString(c: ValuesReader, name: string): string | null {
  return c.isUnknown(name) ? null : c.getString(name);
}

function knownNumber(c: ValuesReader, name: string): number | null {
  return c.isUnknown(name) ? null : c.getFloat(name);
}

function validateProviderConfig(ctx: ValidateConfigContext): void {
  const c = ctx.config;
  const d = ctx.diagnostics;
  if (!c.isNull("credentials") && !c.isNull("credentials_file")) {
    d.addError(
      "Conflicting credentials",
      "Set either credentials (the JSON text) or credentials_file (its path), not both.",
      "credentials",
    );
  }
  for (const name of ["credentials", "credentials_file", "api_url", "request_timeout"]) {
    if (knownString(c, name)?.trim() === "") {
      d.addError("Invalid provider argument", `${name} must not be empty; omit it to use the default.`, name);
    }
  }
  const url = knownString(c, "api_url");
  if (url !== null && url.trim() !== "") {
    const problem = apiUrlProblem(url) ?? (c.isUnknown("allow_insecure_http") ? null : plainHttpProblem(url, c));
    if (problem !== null) d.addError("Invalid provider argument", `api_url ${problem}.`, "api_url");
  }
  const timeout = knownString(c, "request_timeout");
  if (timeout !== null && timeout.trim() !== "") {
    const r = parsePositiveDuration(timeout, MAX_REQUEST_TIMEOUT_MS);
    if ("error" in r) d.addError("Invalid provider argument", `request_timeout ${r.error}.`, "request_timeout");
  }
  const rps = knownNumber(c, "requests_per_second");
  if (rps !== null && !(rps > 0 && rps <= MAX_REQUESTS_PER_SECOND)) {
    d.addError(
      "Invalid provider argument",
      `requests_per_second must be greater than 0 and at most ${MAX_REQUESTS_PER_SECOND}.`,
      "requests_per_second",
    );
  }
  const retries = knownNumber(c, "max_retries");
  if (retries !== null && !(Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)) {
    d.addError(
      "Invalid provider argument",
      `max_retries must be a whole number from 0 to ${MAX_RETRIES}.`,
      "max_retries",
    );
  }
}

function apiUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return "is not a valid URL";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "must be an http:// or https:// URL";
  if (u.search !== "" || u.hash !== "") return "must not contain a query string or fragment";
  if (u.username !== "" || u.password !== "") return "must not contain a user name or password";
  return null;
}

/** Loopback hosts, where plain http:// never leaves the machine. */
function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || (isIPv4(h) && h.startsWith("127."));
}

/** Why a well-formed URL may not be used as it is: plain http to another machine without the opt-in. */
function plainHttpProblem(url: string, c: ValuesReader): string | null {
  const u = new URL(url.trim());
  if (u.protocol !== "http:" || isLoopback(u.hostname) || c.get("allow_insecure_http") === true) return null;
  return (
    `uses plain http:// to ${u.hostname}, which is not a loopback address: the API tokens and SIP passwords would ` +
    `travel ` +
    "unencrypted. Use https://, or set allow_insecure_http = true if this really is a test server or a trusted " +
    "private network"
  );
}

// ---- configure -----------------------------------------------------------------------------

/** Which setting the credentials came from, to point the diagnostic at it. */
function credentialsSource(c: ValuesReader, env: NodeJS.ProcessEnv): { attribute?: string; what: string } {
  if (c.getString("credentials") !== null) return { attribute: "credentials", what: "the credentials argument" };
  if (c.getString("credentials_file") !== null) return { attribute: "credentials_file", what: "credentials_file" };
  if ((env[CREDENTIALS_ENV_VAR] ?? "").trim() !== "")
    return { what: `the ${CREDENTIALS_ENV_VAR} environment variable` };
  return { what: "no source" };
}

/**
 * Where the credentials in use came from, for the diagnostic when the API refuses them: the
 * setting, the file path, and the key id (an identifier, not a secret). Never any part of the key.
 */
function credentialsLabel(c: ValuesReader, env: NodeJS.ProcessEnv, creds: ServiceAccountCredentials): string {
  const file = c.getString("credentials_file");
  const fromEnv = (env[CREDENTIALS_ENV_VAR] ?? "").trim();
  const place = (p: string): string => (p.trimStart().startsWith("{") ? "inline JSON" : `"${redactText(p)}"`);
  const where =
    c.getString("credentials") !== null
      ? "the provider's credentials argument (inline JSON)"
      : file !== null
        ? `credentials_file ${place(file)}`
        : `the ${CREDENTIALS_ENV_VAR} environment variable (${place(fromEnv)})`;
  return `${where}, key id ${creds.key_id} of account ${creds.account_id}`;
}

/** Loads the credentials or throws ONE diagnostic that says what is wrong and how to fix it. */
function loadCredentials(c: ValuesReader, env: NodeJS.ProcessEnv): ServiceAccountCredentials {
  const inline = c.getString("credentials");
  const file = c.getString("credentials_file");
  try {
    return resolveCredentials({
      ...(inline !== null ? { json: inline } : {}),
      ...(file !== null ? { path: file } : {}),
      env,
    });
  } catch (e) {
    if (!(e instanceof CredentialsError)) throw e;
    const src = credentialsSource(c, env);
    if (src.what === "no source") {
      throw new ProviderError("Missing Voximplant credentials", {
        detail:
          `The provider has no service account credentials: neither credentials nor credentials_file is set, ` +
          `and ${CREDENTIALS_ENV_VAR} is empty.\n\n${HOW_TO_SUPPLY}`,
      });
    }
    // Problems name fields and paths, never any part of the content: safe to show.
    const source = e.source.startsWith(CREDENTIALS_ENV_VAR) ? "inline JSON" : e.source;
    const where = src.attribute === "credentials" ? "the credentials argument" : `${src.what} (${source})`;
    const problems = e.problems.map((p) =>
      p.field === "credentials" ? p.message.replace(/^credentials file /, "") : `${p.field} ${p.message}`,
    );
    throw new ProviderError("Invalid Voximplant credentials", {
      detail: `The credentials from ${where} cannot be used: ${problems.join("; ")}.\n\n${HOW_TO_SUPPLY}`,
      ...(src.attribute !== undefined ? { path: src.attribute } : {}),
    });
  }
}

function configureProvider(ctx: ConfigureContext, env: NodeJS.ProcessEnv = process.env): ProviderMeta {
  const c = ctx.config;
  if (!c.isWhollyKnown()) {
    throw new ProviderError("Provider configuration depends on unknown values", {
      detail:
        "The voximplant provider's arguments must be known when planning, but some refer to values that are only " +
        "known after apply. " +
        "Use literal values, variables or data sources for the provider block, or apply the resources it depends " +
        "on first (-target).",
    });
  }
  const credentials = loadCredentials(c, env);
  const options: VoximplantClientOptions = {
    credentials,
    env,
    credentialsSource: credentialsLabel(c, env, credentials),
  };
  // NODE_EXTRA_CA_CERTS, moved aside by the installed wrapper so that Node.js starts without
  // building its certificate store: the API client trusts it itself.
  const extraCaCerts = env[DEFERRED_EXTRA_CA_CERTS_KEY];
  if (extraCaCerts !== undefined && extraCaCerts !== "") options.extraCaCertsFile = extraCaCerts;
  const url = c.getString("api_url");
  if (url !== null) options.apiUrl = url.trim();
  const envUrl = (env[API_URL_ENV_VAR] ?? "").trim();
  if (url === null && envUrl !== "" && apiUrlProblem(envUrl) === null) {
    const problem = plainHttpProblem(envUrl, c);
    if (problem !== null)
      throw new ProviderError("Invalid Voximplant API URL", { detail: `${API_URL_ENV_VAR} ${problem}.` });
  }
  const timeout = c.getString("request_timeout");
  if (timeout !== null) {
    const r = parsePositiveDuration(timeout, MAX_REQUEST_TIMEOUT_MS);
    if ("error" in r)
      throw new ProviderError("Invalid provider argument", {
        detail: `request_timeout ${r.error}.`,
        path: "request_timeout",
      });
    options.requestTimeoutMs = r.ms;
  }
  const retries = c.getFloat("max_retries");
  if (retries !== null) options.retry = { maxRetries: retries };
  const rps = c.getFloat("requests_per_second");
  if (rps !== null) options.rateLimit = { requestsPerSecond: rps, burst: Math.max(1, Math.ceil(rps)) };
  options.userAgent = `terraform-provider-voximplant (terraform ${ctx.terraformVersion || "unknown"})`;
  const logger = ctx.logger;
  // the client redacts secret parameters itself; the logger is told the same names as a second guard
  const apiLogger: Logger = (level, message, fields) => logger[level](message, fields, API_LOG_OPTIONS);
  options.logger = apiLogger;
  // lets the client skip building log fields (redacted parameters) for records nobody writes
  options.logEnabled = (level) => logger.enabled?.(level) ?? true;

  let client: VoximplantClient;
  try {
    client = new VoximplantClient(options);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const fromConfig = url !== null;
    throw new ProviderError("Invalid Voximplant API URL", {
      detail: `${fromConfig ? "api_url" : API_URL_ENV_VAR} is not usable: ${text.replace(/^apiUrl /, "")}.`,
      ...(fromConfig ? { path: "api_url" } : {}),
    });
  }
  const readMode = (c.getString("read_mode") ?? DEFAULT_READ_MODE) as ReadMode;
  // A create the server is still working on when the client gives up commits later: looking for
  // it only once at once would create a second one (found by test/hardening/fault-matrix).
  const createGraceMs = Math.max(MIN_CREATE_GRACE_MS, 2 * (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
  ctx.logger.debug("voximplant provider configured", {
    api_url: client.apiUrl,
    read_mode: readMode,
    account_id: client.accountId,
  });
  const reader = createRegistrationReader(readMode, client, apiLogger);
  return {
    client: invalidatingOnWrites(client, reader),
    reader,
    lookups: new Lookups(client),
    readMode,
    createGraceMs,
    duplicates: new DuplicateGuard(),
  };
}

export const voximplantProvider: ProviderDefinition<ProviderMeta> = {
  typeName: VOXIMPLANT_PROVIDER_TYPE,
  schema: providerSchema,
  validateConfig: validateProviderConfig,
  configure: (ctx) => configureProvider(ctx),
  resources: [applicationResource, scenarioResource, ruleResource, userResource, sipRegistrationResource],
  dataSources,
};
