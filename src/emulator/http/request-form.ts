// The request forms the official Voximplant clients send (docs/design/voximplant-api.md,
// "Request form"). With the `strictRequestForm` switch the emulator answers every other form with
// HTTP 400, so a client tested against it cannot drift into a form only the emulator accepts:
//   Node.js: POST {base}           multipart/form-data with `cmd`
//   Python:  POST {base}           application/x-www-form-urlencoded with `cmd`
//   Go, PHP: POST {base}/{Method}  multipart/form-data (.NET adds `cmd` with the same name)
// None of them puts parameters in the query string.

const MULTIPART = "multipart/form-data";
const URLENCODED = "application/x-www-form-urlencoded";

export interface RequestShape {
  httpMethod: string;
  /** The method named by the path, undefined for `{base}` itself. */
  pathMethod: string | undefined;
  query: URLSearchParams;
  contentType: string | undefined;
  /** `cmd` as sent in the body, before routing removes it. */
  cmd: string | undefined;
}

export const OFFICIAL_FORMS =
  "POST {base} multipart/form-data or application/x-www-form-urlencoded with cmd, " +
  "or POST {base}/{Method} multipart/form-data";

/** Why a request is not in an official client's form, or undefined when it is. */
export function unofficialFormReason(req: RequestShape): string | undefined {
  if (req.httpMethod !== "POST") return `${req.httpMethod} is not used by any official client`;
  if ([...req.query.keys()].length > 0) return "parameters in the query string";
  const type = (req.contentType ?? "").split(";")[0].trim().toLowerCase();
  if (req.pathMethod === undefined) {
    if (type !== MULTIPART && type !== URLENCODED) return `body of type "${type || "none"}"`;
    if (req.cmd === undefined) return "no cmd field";
    return undefined;
  }
  if (type !== MULTIPART) return `body of type "${type || "none"}" with the method in the path`;
  if (req.cmd !== undefined && req.cmd !== req.pathMethod) return "cmd names another method than the path";
  return undefined;
}
