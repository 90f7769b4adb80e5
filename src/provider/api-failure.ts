// API failures as Terraform diagnostics, the same for every resource and data source: a summary
// saying what the provider was doing, the API's own (already redacted) words, and — when the API
// names the offending parameter and the caller knows its attribute — the attribute path, so
// Terraform points at the line in the configuration. Secrets never appear: the client scrubs them
// from server text, and nothing here quotes a password or key.

import {
  ApiError,
  CancelledError,
  ClientValidationError,
  HttpStatusError,
  METHOD_FORBIDDEN_CODE,
  reasonOf,
  refusalOf,
  TransportError,
  VoximplantError,
} from "../api";
import { ProviderError, type ValuesReader } from "../plugin";

/**
 * The attribute an API parameter name (an ApiError's `field_name`) refers to in the resource or
 * data source at hand, or undefined when none does. Each resource knows its own mapping.
 */
export type AttributeOfField = (fieldName: string) => string | undefined;

const NO_ATTRIBUTE: AttributeOfField = () => undefined;

/** The attribute named exactly like the API parameter, when the schema has one (data sources). */
export function sameNamedAttribute(config: ValuesReader): AttributeOfField {
  return (fieldName) => (Object.hasOwn(config.value, fieldName) ? fieldName : undefined);
}

/**
 * A refusal of the credentials, told the same way whether this call got it or was stopped before
 * sending because an earlier call did (the client sends nothing more after a refusal), so that
 * every resource gets the same diagnostic and none quotes a key.
 */
function describeRefusal(err: VoximplantError, refusal: ApiError | HttpStatusError): string {
  const source = err.credentialsSource !== undefined ? ` from ${err.credentialsSource}` : "";
  const stop = "\n\nThe provider sends no further API calls in this run";
  if (refusal instanceof ApiError && refusal.code === METHOD_FORBIDDEN_CODE) {
    return (
      `The Voximplant API refused ${refusal.method} for the credentials${source} (${reasonOf(refusal)}).` +
      "\n\nThe service account key's roles do not allow this method: SIP registrations need a key with the Owner " +
      "or Admin role." +
      `${stop} of ${refusal.method}.`
    );
  }
  return (
    `The Voximplant API refused the credentials${source} (${reasonOf(refusal)}).` +
    "\n\nThe API rejected the provider's authentication: check the service account credentials and the system clock." +
    `${stop}.`
  );
}

function hintFor(err: ApiError): string {
  if (err.code === 127) return "\n\nCreating a registration reserves a month's fee: top up the account balance.";
  if (err.code === 272) return "\n\nThe account reached its maximum number of SIP registrations.";
  return "";
}

function describe(err: unknown): string {
  const refusal = err instanceof VoximplantError ? refusalOf(err) : undefined;
  if (refusal !== undefined) return describeRefusal(err as VoximplantError, refusal);
  if (err instanceof ApiError) {
    return (
      `The Voximplant API answered ${err.method} with error ` +
      `${err.code}${err.fieldName ? ` (field ${err.fieldName})` : ""}: ${err.apiMessage}${hintFor(err)}`
    );
  }
  if (err instanceof CancelledError) return `${err.method} was cancelled because Terraform asked the provider to stop.`;
  if (err instanceof ClientValidationError) return err.message;
  if (err instanceof TransportError)
    return `${err.message}${err.attempts > 1 ? ` (after ${err.attempts} attempts)` : ""}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * A ProviderError for a failed API call. `action` completes "Could not …"; `attributeOf` points
 * the diagnostic at the attribute of the parameter the API names.
 */
export function apiFailure(action: string, err: unknown, attributeOf: AttributeOfField = NO_ATTRIBUTE): ProviderError {
  if (err instanceof ProviderError) return err;
  const path = err instanceof ApiError && err.fieldName !== undefined ? attributeOf(err.fieldName) : undefined;
  return new ProviderError(`Could not ${action}`, {
    detail: describe(err),
    ...(path !== undefined ? { path } : {}),
    cause: err,
  });
}

/** Whether the failure left it open if the server executed the request. */
export function mayHaveCommitted(err: unknown): boolean {
  return err instanceof VoximplantError && err.mayHaveCommitted;
}

/**
 * How to adopt an existing object (one of `importIds`, the ids `terraform import` takes) instead
 * of creating another: the CLI command and the `import {}` block.
 */
export function importHint(resourceType: string, importIds: readonly (string | number)[]): string {
  const id = importIds[0] as string | number;
  const address = `${resourceType}.<name>`;
  return [
    `To manage ${importIds.length === 1 ? "it" : `one of them (e.g. ${id})`} with this resource, ` +
      `import it instead of creating a new one:`,
    "",
    `  terraform import ${address} ${id}`,
    "",
    "or, with Terraform 1.5 and later, add an import block and run terraform apply:",
    "",
    "  import {",
    `    to = ${address}`,
    `    id = "${id}"`,
    "  }",
    "",
    `Replace <name> with this resource's name in your configuration: the provider is not told the resource's address.`,
  ].join("\n");
}
