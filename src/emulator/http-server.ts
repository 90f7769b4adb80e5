// HTTP front end. Routes (docs/emulator.md, "Requests"):
//   /platform_api/<Method> and /platform_api/<Method>/   — method from the path
//   /platform_api and /platform_api/ with a `cmd` field  — method from the parameters
// When both are present the path wins and `cmd` is ignored, even if it names another method.
// GET and POST only. With the `strictRequestForm` switch only the official clients' forms are
// accepted (http/request-form.ts); any other form gets HTTP 400 naming what is wrong.
// Everything under /__emulator/ is the test-control API (admin.ts).
//
// Pipeline per call: method (102/103) → parameters → faults → authentication → roles (104) →
// the method's own validation and mutation → durable commit → response. The commit comes before
// the response, so an acknowledged change survives a SIGKILL.

import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAdmin } from "./admin";
import { isAllowed } from "./auth";
import type { Emulator } from "./engine";
import { ApiErrorReply, Code } from "./errors";
import { mergeParams, readBody, RequestError } from "./http/request";
import { OFFICIAL_FORMS, unofficialFormReason } from "./http/request-form";
import { sendJson, sendText } from "./http/respond";
import { METHODS } from "./methods";

export const API_PREFIX = "/platform_api";
export const ADMIN_PREFIX = "/__emulator";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createRequestHandler(emu: Emulator): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(emu, req, res).catch((e: unknown) => {
      if (e instanceof RequestError) {
        if (!res.headersSent) sendJson(res, e.status, { message: e.message });
        return;
      }
      // A bug in the emulator: make it loud to the client instead of hanging the request.
      process.stderr.write(
        `voximplant-emulator: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      if (!res.headersSent) sendJson(res, 500, new ApiErrorReply(2, "internal error").toBody());
      else res.destroy();
    });
  };
}

async function handle(emu: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const path = url.pathname;
  if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
    return handleAdmin(emu, req, res, path.slice(ADMIN_PREFIX.length) || "/", url);
  }
  let pathMethod: string | undefined;
  if (path === API_PREFIX || path === `${API_PREFIX}/`) {
    pathMethod = undefined;
  } else {
    const m = /^\/platform_api\/([^/]+)\/?$/.exec(path);
    if (!m) return sendJson(res, 404, { message: `no such endpoint: ${path}` });
    try {
      pathMethod = decodeURIComponent(m[1]);
    } catch {
      return sendJson(res, 404, { message: "malformed method name in path" });
    }
  }
  if (req.method !== "GET" && req.method !== "POST") {
    return sendJson(res, 405, { message: "use GET or POST" }, { allow: "GET, POST" });
  }
  const body = await readBody(req);
  const params = mergeParams(url.searchParams, req.headers["content-type"], body);
  const cmd = params.get("cmd");
  if (emu.config.strictRequestForm) {
    const reason = unofficialFormReason({
      httpMethod: req.method,
      pathMethod,
      query: url.searchParams,
      contentType: req.headers["content-type"],
      cmd,
    });
    if (reason !== undefined) {
      return sendJson(res, 400, {
        message: `request form refused (strict mode): ${reason}; official clients send ${OFFICIAL_FORMS}`,
      });
    }
  }
  // `cmd` is routing, not a method parameter; dropping it keeps every request form identical.
  params.delete("cmd");
  const name = pathMethod ?? cmd;
  const method = name !== undefined ? METHODS.get(name) : undefined;
  const entry = emu.log.begin(name ?? "", method !== undefined, params);
  if (name === undefined || method === undefined) {
    const err =
      name === undefined
        ? new ApiErrorReply(Code.CMD_MISSING, "cmd parameter missing")
        : new ApiErrorReply(Code.UNKNOWN_COMMAND, "unknown command");
    entry.error_code = err.code;
    return sendJson(res, 200, err.toBody());
  }

  const plan = emu.faults.plan(method.name);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  const fault = plan.terminal;
  if (fault) entry.fault = fault.fault;
  else if (plan.latencyMs > 0) entry.fault = "latency";
  switch (fault?.fault) {
    case "http_500":
      return sendText(res, 500, "Internal Server Error");
    case "http_429":
      return sendText(res, 429, "Too Many Requests", { "retry-after": String(fault.retry_after ?? 1) });
    case "reset":
      req.socket.destroy();
      return;
    case "api_error": {
      const err = new ApiErrorReply(fault.code ?? Code.INVALID_ARGUMENTS, fault.msg ?? "injected error");
      entry.error_code = err.code;
      return sendJson(res, 200, err.toBody());
    }
    default:
      break;
  }

  let payload: unknown;
  try {
    const principal = await emu.auth.authenticate(req.headers.authorization, params, emu.state, emu.config);
    if (!isAllowed(principal, method.roles))
      throw new ApiErrorReply(Code.FORBIDDEN, "command forbidden for this key's roles");
    payload = method.handle({ state: emu.state, config: emu.config, nowMs: Date.now(), params });
    if (method.mutates) await emu.persist();
  } catch (e) {
    if (!(e instanceof ApiErrorReply)) throw e;
    entry.error_code = e.code;
    payload = e.toBody();
  }
  if (fault?.fault === "drop_after_commit") {
    req.socket.destroy();
    return;
  }
  sendJson(res, 200, payload);
}
