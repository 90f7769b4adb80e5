// Decoding the Management API's 2xx answers: the `error` object some of them carry, and the
// shape checks that turn a body into a typed result (or a TransportError "invalid_response").

import { ApiError, TransportError } from "./errors";
import { redactText } from "./redact";
import type { ListResult, MutationResult } from "./types";

/** The API error in a 2xx body, if any: `error` first, else `errors[0]` (docs/design/voximplant-api.md, "Errors"). */
export function extractApiError(
  method: string,
  body: Record<string, unknown>,
  secrets: readonly string[],
): ApiError | undefined {
  let e: unknown = body.error;
  if ((typeof e !== "object" || e === null) && Array.isArray(body.errors) && body.errors.length > 0) e = body.errors[0];
  if (typeof e !== "object" || e === null) return undefined;
  const o = e as Record<string, unknown>;
  const code =
    typeof o.code === "number" ? o.code : typeof o.code === "string" && /^\d+$/.test(o.code) ? Number(o.code) : -1;
  const msg = typeof o.msg === "string" ? o.msg : typeof o.message === "string" ? o.message : "";
  const fieldName = typeof o.field_name === "string" && o.field_name !== "" ? o.field_name : undefined;
  return new ApiError({
    method,
    code,
    apiMessage: redactText(msg, secrets) || "(no message)",
    ...(fieldName !== undefined ? { fieldName } : {}),
  });
}

function invalid(method: string, detail: string): TransportError {
  // The server answered 2xx, so it executed whatever it executed: the call may have committed.
  return new TransportError({ method, failure: "invalid_response", mayHaveCommitted: true, detail });
}

/** Checks a 2xx answer's shape and types it; throws TransportError("invalid_response") otherwise. */
export type Decoder<T> = (body: Record<string, unknown>, method: string) => T;

/** An Add / Create answer: the id of the new object must be there. */
export function created<T>(idField: string): Decoder<T> {
  return (body, method) => {
    if (!Number.isSafeInteger(body[idField])) throw invalid(method, `response has no integer ${idField}`);
    return body as unknown as T;
  };
}

/** One page of a Get* listing: a result array whose rows all carry their id. */
export function listPage<T>(idField: string): Decoder<ListResult<T>> {
  return (body, method) => {
    const rows = body.result;
    if (!Array.isArray(rows)) throw invalid(method, "response has no result array");
    for (const r of rows) {
      if (typeof r !== "object" || r === null || !Number.isSafeInteger((r as Record<string, unknown>)[idField])) {
        throw invalid(method, `a result row has no integer ${idField}`);
      }
    }
    return body as unknown as ListResult<T>;
  };
}

/** A change call's answer (`result`, no further shape check). */
export function mutation(body: Record<string, unknown>): MutationResult {
  return body as unknown as MutationResult;
}
