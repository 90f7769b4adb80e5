// Parameter encoding for the form body (reference §1.4):
//   boolean → "true"/"false"; integer → decimal; list → items joined with ";"; undefined → omitted.
// Anything the server would misread is rejected here with an error naming the parameter, rather
// than sent and silently reinterpreted (a list item containing ";" would split into two items; an
// empty list would become "" which the server treats as "no filter" — i.e. everything).

import { ClientValidationError } from "./errors";

function encodeScalar(method: string, name: string, v: unknown, inList: boolean): string {
  switch (typeof v) {
    case "string":
      if (inList && v.includes(";")) {
        throw new ClientValidationError(method, [name], `${name}: list items must not contain ";"`);
      }
      return v;
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(v)) {
        throw new ClientValidationError(method, [name], `${name} must be an integer`);
      }
      return String(v);
    default:
      throw new ClientValidationError(
        method,
        [name],
        `${name} has an unsupported type (${v === null ? "null" : typeof v}); expected string, integer, boolean or ` +
          `a list`,
      );
  }
}

/** Encodes one parameter value to its wire text. */
export function encodeParamValue(method: string, name: string, v: unknown): string {
  if (Array.isArray(v)) {
    if (v.length === 0) throw new ClientValidationError(method, [name], `${name} must not be an empty list`);
    return v.map((item: unknown) => encodeScalar(method, name, item, true)).join(";");
  }
  return encodeScalar(method, name, v, false);
}

/** Encodes a parameter object as an application/x-www-form-urlencoded body. */
export function encodeForm(method: string, params: object): string {
  const form = new URLSearchParams();
  for (const [name, v] of Object.entries(params)) {
    if (v === undefined) continue;
    form.append(name, encodeParamValue(method, name, v));
  }
  return form.toString();
}
