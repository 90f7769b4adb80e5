// Parameter encoding for the request body:
//   boolean → "true"/"false"; integer → decimal; list → items joined with ";"; undefined → omitted.
// Anything the server would misread is rejected here with an error naming the parameter, rather
// than sent and silently reinterpreted (a list item containing ";" would split into two items; an
// empty list would become "" which the server treats as "no filter" — i.e. everything).

import { randomBytes } from "node:crypto";
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

/** A request body ready to send, with the Content-Type header that describes it. */
export interface FormBody {
  contentType: string;
  body: Buffer;
}

const CRLF = "\r\n";

/**
 * Encodes a parameter object as a multipart/form-data body: one text part per parameter, in
 * order, undefined values omitted. This is the body the official Go and PHP clients send to
 * `{base}/{Method}` (see docs/design/voximplant-api.md, "Request form").
 * @param boundary fixed only by tests; by default 24 random bytes in hex
 */
export function encodeFormData(method: string, params: object, boundary?: string): FormBody {
  const fields: Array<[string, string]> = [];
  for (const [name, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new ClientValidationError(method, [name], `${name} is not a valid parameter name`);
    }
    fields.push([name, encodeParamValue(method, name, v)]);
  }
  let mark = boundary ?? `voximplant-${randomBytes(24).toString("hex")}`;
  // A value holding the boundary would end its part early; pick another (random) one.
  while (fields.some(([, v]) => v.includes(mark))) mark = `voximplant-${randomBytes(24).toString("hex")}`;
  const parts = fields.map(
    ([name, v]) => `--${mark}${CRLF}Content-Disposition: form-data; name="${name}"${CRLF}${CRLF}${v}${CRLF}`,
  );
  return {
    contentType: `multipart/form-data; boundary=${mark}`,
    body: Buffer.from(`${parts.join("")}--${mark}--${CRLF}`, "utf8"),
  };
}
