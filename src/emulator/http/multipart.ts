// A small multipart/form-data reader (RFC 7578): enough for the field parts the official SDKs
// send. File parts are read as text like any other field; parameters are never binary here.

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export class MultipartError extends Error {}

/** Returns the boundary from a Content-Type header value, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Parses the body into [name, value] pairs in order. Throws MultipartError on malformed input. */
export function parseMultipart(body: Buffer, boundary: string): Array<[string, string]> {
  const delimiter = Buffer.from(`--${boundary}`);
  const out: Array<[string, string]> = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError("multipart body has no boundary line");
  for (;;) {
    pos += delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return out;
    // Transport padding then CRLF ends the delimiter line.
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) throw new MultipartError("multipart delimiter line is not terminated");
    const headersStart = lineEnd + 2;
    const headersEnd = body.indexOf(HEADER_END, headersStart - 2);
    if (headersEnd < 0) throw new MultipartError("multipart part headers are not terminated");
    const headerText = headersStart > headersEnd ? "" : body.subarray(headersStart, headersEnd).toString("utf8");
    const contentStart = headersEnd + 4;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), contentStart);
    if (next < 0) throw new MultipartError("multipart body is truncated (no closing boundary)");
    const name = fieldName(headerText);
    if (name !== undefined) out.push([name, body.subarray(contentStart, next).toString("utf8")]);
    pos = next + 2;
  }
}

function fieldName(headerText: string): string | undefined {
  for (const line of headerText.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toLowerCase() !== "content-disposition") continue;
    const value = line.slice(colon + 1);
    const quoted = /;\s*name="((?:[^"\\]|\\.)*)"/i.exec(value);
    if (quoted) return quoted[1].replace(/\\(.)/g, "$1");
    const bare = /;\s*name=([^\s;]+)/i.exec(value);
    if (bare) return bare[1];
  }
  return undefined;
}
