// Failures of the setup-object resources (application, scenario, rule, user) as diagnostics: the
// provider-wide wording of API failures (api-failure.ts), pointed at this resource's attribute
// when the API names the offending parameter.

import type { ProviderError } from "../../plugin";
import { apiFailure } from "../api-failure";

/** API parameter name → attribute of the resource, for the path of a diagnostic. */
export type FieldPaths = Readonly<Record<string, string>>;

export function setupFailure(action: string, err: unknown, fields: FieldPaths): ProviderError {
  return apiFailure(action, err, (fieldName) => fields[fieldName]);
}
