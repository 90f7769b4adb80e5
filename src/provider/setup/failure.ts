// Failures of the setup-object resources (application, scenario, rule, user) as diagnostics: the
// SIP registration's wording of API failures (apiFailure), pointed at this resource's attribute
// when the API names the offending parameter.

import { ApiError, VoximplantError } from "../../api";
import { ProviderError } from "../../plugin/framework";
import { apiFailure } from "../sip-registration/errors";

/** API parameter name → attribute of the resource, for the path of a diagnostic. */
export type FieldPaths = Readonly<Record<string, string>>;

export function setupFailure(action: string, err: unknown, fields: FieldPaths): ProviderError {
  if (err instanceof ProviderError) return err;
  const base = apiFailure(action, err, null);
  const path = err instanceof ApiError && err.fieldName !== undefined ? fields[err.fieldName] : undefined;
  return new ProviderError(base.message, {
    ...(base.detail !== undefined ? { detail: base.detail } : {}),
    ...(path !== undefined ? { path } : {}),
    cause: err,
  });
}

/** Whether the failure left it open if the server executed the request. */
export function mayHaveCommitted(err: unknown): boolean {
  return err instanceof VoximplantError && err.mayHaveCommitted;
}

/** How to adopt an existing object instead of creating another: CLI and `import {}` block. */
export function importHint(resourceType: string, importId: string): string {
  const address = `${resourceType}.<name>`;
  return [
    "To manage it with this resource, import it instead of creating a new one:",
    "",
    `  terraform import ${address} ${importId}`,
    "",
    "or, with Terraform 1.5 and later, add an import block and run terraform apply:",
    "",
    "  import {",
    `    to = ${address}`,
    `    id = "${importId}"`,
    "  }",
    "",
    "Replace <name> with this resource's name in your configuration: the provider is not told the resource's address.",
  ].join("\n");
}
