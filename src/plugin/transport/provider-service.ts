// Maps the tfplugin6.Provider gRPC service onto a ProviderRpc implementation.
//
// Every unary RPC of the protocol is dispatched by name (GetProviderSchema → getProviderSchema):
// a method the implementation has is called, one it lacks answers UNIMPLEMENTED. Cores call most
// optional RPCs only for features the provider declares, but not all of them (see
// docs/design/plugin-protocol.md, "Which RPCs a core calls"). RPCs that need care:
//  * GetResourceIdentitySchemas is called by Terraform ≥ 1.12 inside every schema fetch, where any
//    error other than UNIMPLEMENTED is fatal for Terraform (OpenTofu only warns), so without an
//    implementation it answers an empty map;
//  * MoveResourceState is called by OpenTofu for a cross-type `moved` block whatever the server
//    capabilities say; without an implementation it answers UNIMPLEMENTED, which OpenTofu shows
//    as "Unsupported plugin method";
//  * StopProvider is advisory: its failure is reported in the response's `Error` string.
// Streaming RPCs (list resources, actions, state-store byte streams) have no route: the server
// answers them UNIMPLEMENTED.
import type { Logger } from "../log";
import type { ProviderRpc } from "../protocol/messages";
import { serviceDefinition, type Message } from "../proto/services";
import { RpcError, Status, statusName, type StatusCode } from "./grpc-wire";

/** Resolves the provider implementation (created lazily on the first RPC). */
export type ProviderSource = () => ProviderRpc;

/** A unary RPC on the wire: request message bytes in, response message bytes out (or RpcError). */
export type UnaryRoute = (request: Buffer) => Promise<Buffer>;

/**
 * The unary RPCs of tfplugin6.Provider by HTTP/2 path. Streaming RPCs have no route, so the
 * server answers them UNIMPLEMENTED like any unknown method. Responses are encoded here rather
 * than by the server so that an encoding failure names the RPC and the offending field
 * (".diagnostics: array expected"), which is what a provider developer needs.
 */
export function providerRoutes(provider: ProviderSource, logger: Logger): Map<string, UnaryRoute> {
  const routes = new Map<string, UnaryRoute>();
  for (const [name, method] of Object.entries(serviceDefinition("provider"))) {
    if (method.requestStream || method.responseStream) continue;
    routes.set(method.path, unaryRoute(name, method.requestDeserialize, method.responseSerialize, provider, logger));
  }
  return routes;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function isPlainObject(value: unknown): value is Message {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Fallback answers for RPCs whose absence must not surface as UNIMPLEMENTED. */
const FALLBACKS: Readonly<Record<string, () => Message>> = {
  GetResourceIdentitySchemas: () => ({ identity_schemas: {}, diagnostics: [] }),
};

function unaryRoute(
  rpcName: string,
  decode: (bytes: Buffer) => Message,
  encode: (message: Message) => Buffer,
  provider: ProviderSource,
  logger: Logger,
): UnaryRoute {
  const methodName = lowerFirst(rpcName);
  const fail = (code: StatusCode, details: string, started: bigint): never => {
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    logger.error("RPC failed", { rpc: rpcName, code: statusName(code), error: details, elapsed_ms: elapsedMs });
    throw new RpcError(code, details);
  };
  return async (requestBytes) => {
    const started = process.hrtime.bigint();
    if (logger.enabled("trace")) logger.trace("received RPC", { rpc: rpcName });
    let request: Message;
    try {
      request = decode(requestBytes);
    } catch (err) {
      return fail(Status.INTERNAL, `${rpcName}: cannot decode the request: ${errorMessage(err)}`, started);
    }
    let outcome: Outcome;
    try {
      outcome = await invoke(rpcName, methodName, provider, request);
    } catch (err) {
      if (rpcName === "StopProvider") {
        // Advisory RPC: report the failure in-band, Terraform ignores it anyway.
        outcome = { kind: "response", response: { Error: errorMessage(err) } };
      } else {
        if (err instanceof Error && err.stack) logger.debug("RPC error stack", { rpc: rpcName, stack: err.stack });
        return fail(Status.INTERNAL, `${rpcName}: ${errorMessage(err)}`, started);
      }
    }
    if (outcome.kind === "unimplemented") {
      return fail(Status.UNIMPLEMENTED, `the provider does not implement ${rpcName}`, started);
    }
    if (!isPlainObject(outcome.response)) {
      return fail(Status.INTERNAL, `${rpcName} returned no response object`, started);
    }
    let bytes: Buffer;
    try {
      bytes = encode(outcome.response);
    } catch (encodeError) {
      return fail(
        Status.INTERNAL,
        `${rpcName} returned a response that cannot be encoded: ${errorMessage(encodeError)}`,
        started,
      );
    }
    if (logger.enabled("debug")) {
      logger.debug("served RPC", { rpc: rpcName, elapsed_ms: Number(process.hrtime.bigint() - started) / 1e6 });
    }
    return bytes;
  };
}

type Outcome = { kind: "response"; response: unknown } | { kind: "unimplemented" };

async function invoke(
  rpcName: string,
  methodName: string,
  provider: ProviderSource,
  request: Message,
): Promise<Outcome> {
  const rpc = provider() as unknown as Record<string, unknown>;
  const method = rpc[methodName];
  if (typeof method !== "function") {
    const fallback = FALLBACKS[rpcName];
    return fallback ? { kind: "response", response: fallback() } : { kind: "unimplemented" };
  }
  const response: unknown = await (method as (req: Message) => Promise<unknown>).call(rpc, request);
  return { kind: "response", response };
}
