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
// Streaming RPCs (list resources, actions, state-store byte streams) are left to grpc-js'
// default handler, which answers UNIMPLEMENTED.
import {
  status,
  type MethodDefinition,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { Logger } from "../log";
import type { ProviderRpc } from "../protocol/messages";
import { serviceDefinition, type Message } from "../proto/services";

/** Resolves the provider implementation (created lazily on the first RPC). */
export type ProviderSource = () => ProviderRpc;

type UnaryHandler = (call: ServerUnaryCall<Message, Buffer>, callback: sendUnaryData<Buffer>) => void;
type Encoder = (message: Message) => Buffer;

/**
 * The tfplugin6.Provider definition with unary responses encoded by the handlers themselves
 * (the definition passes the bytes through). grpc-js reports an encoding failure only as
 * "Error serializing response"; encoding in the handler lets the error name the RPC and the
 * offending field (".diagnostics: array expected"), which is what a provider developer needs.
 */
export function providerServiceDefinition(): ServiceDefinition {
  const original = serviceDefinition("provider");
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(original)) {
    definition[name] =
      method.requestStream || method.responseStream
        ? method
        : { ...method, responseSerialize: (bytes: unknown) => bytes as Buffer };
  }
  return definition;
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

export function providerServiceImplementation(provider: ProviderSource, logger: Logger): UntypedServiceImplementation {
  const implementation: Record<string, UnaryHandler> = {};
  for (const [name, method] of Object.entries(serviceDefinition("provider"))) {
    if (method.requestStream || method.responseStream) continue;
    implementation[name] = unaryHandler(name, method.responseSerialize as Encoder, provider, logger);
  }
  return implementation;
}

function unaryHandler(rpcName: string, encode: Encoder, provider: ProviderSource, logger: Logger): UnaryHandler {
  const methodName = lowerFirst(rpcName);
  return (call, callback) => {
    const started = process.hrtime.bigint();
    if (logger.enabled("trace")) logger.trace("received RPC", { rpc: rpcName });
    let settled = false;
    const finish = (err: { code: status; details: string } | null, response?: Message): void => {
      if (settled) return;
      settled = true;
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (err) {
        logger.error("RPC failed", { rpc: rpcName, code: status[err.code], error: err.details, elapsed_ms: elapsedMs });
        callback(err, null);
      } else {
        let bytes: Buffer;
        try {
          bytes = encode(response ?? {});
        } catch (encodeError) {
          settled = false;
          finish({
            code: status.INTERNAL,
            details: `${rpcName} returned a response that cannot be encoded: ${errorMessage(encodeError)}`,
          });
          return;
        }
        if (logger.enabled("debug")) logger.debug("served RPC", { rpc: rpcName, elapsed_ms: elapsedMs });
        callback(null, bytes);
      }
    };
    invoke(rpcName, methodName, provider, call.request).then(
      (outcome) => {
        if (outcome.kind === "unimplemented") {
          finish({ code: status.UNIMPLEMENTED, details: `the provider does not implement ${rpcName}` });
        } else if (!isPlainObject(outcome.response)) {
          finish({ code: status.INTERNAL, details: `${rpcName} returned no response object` });
        } else {
          finish(null, outcome.response);
        }
      },
      (err: unknown) => {
        if (rpcName === "StopProvider") {
          // Advisory RPC: report the failure in-band, Terraform ignores it anyway.
          finish(null, { Error: errorMessage(err) });
          return;
        }
        if (err instanceof Error && err.stack) logger.debug("RPC error stack", { rpc: rpcName, stack: err.stack });
        finish({ code: status.INTERNAL, details: `${rpcName}: ${errorMessage(err)}` });
      },
    );
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
