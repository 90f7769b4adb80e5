// Turns an incoming HTTP request into the flat parameter map the API methods read, the way the
// real service does: query string first, then a url-encoded or multipart body on top (body wins).
// A JSON body never carries parameters (the docs' curl samples send `{}`), so it is ignored.

import type { IncomingMessage } from "node:http";
import { boundaryOf, MultipartError, parseMultipart } from "./multipart";

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RequestError(413, "request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Parameters in order of precedence. Empty values are dropped per source before merging, so an
 * empty body field neither counts as given nor hides a query value (docs/design/voximplant-api.md, "Parameters and
 * values").
 */
export function mergeParams(
  query: URLSearchParams,
  contentType: string | undefined,
  body: Buffer,
): Map<string, string> {
  const out = new Map<string, string>();
  const put = (k: string, v: string): void => {
    if (v !== "") out.set(k, v);
  };
  for (const [k, v] of query) put(k, v);
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (body.length > 0) {
    if (type === "application/x-www-form-urlencoded") {
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) put(k, v);
    } else if (type === "multipart/form-data") {
      const boundary = boundaryOf(contentType ?? "");
      if (boundary === undefined) throw new RequestError(400, "multipart/form-data without a boundary");
      try {
        for (const [k, v] of parseMultipart(body, boundary)) put(k, v);
      } catch (e) {
        if (e instanceof MultipartError) throw new RequestError(400, e.message);
        throw e;
      }
    }
    // Anything else (JSON, text, none) carries no parameters.
  }
  return out;
}
