// gRPC service definitions for the plugin protocol, built from the JSON descriptor that
// scripts/build.js generates from the .proto files next to this module.
//
// Why not @grpc/proto-loader at run time: its fromJSON() also computes reflection descriptors
// for every message (an extra protobufjs module and its start-up time), and Terraform starts a
// provider process several times per command. This module does the part we need — one
// serializer/deserializer pair per method with proto-loader's conversion options — on top of
// protobufjs' light build (the same library proto-loader uses).
import * as protobuf from "protobufjs/light";
import descriptorJson from "./descriptor.json";

/**
 * The decoded-message shape promised by src/plugin/protocol/messages.ts, i.e. proto-loader's
 * `{ keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true, bytes: Buffer }`
 * (keepCase is baked into the descriptor: build.js parses with it).
 */
const CONVERSION: protobuf.IConversionOptions = {
  longs: Number,
  enums: Number,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
};

/** Fully qualified names of the services this runtime can serve. */
const SERVICE_NAMES = {
  provider: "tfplugin6.Provider",
  controller: "plugin.GRPCController",
  stdio: "plugin.GRPCStdio",
  broker: "plugin.GRPCBroker",
  health: "grpc.health.v1.Health",
} as const;

export type ServiceKey = keyof typeof SERVICE_NAMES;

/** A decoded message: a plain object as described by messages.ts. */
export type Message = Record<string, unknown>;

/**
 * One RPC of a service: its HTTP/2 path, streaming shape and codecs. The field names are those
 * gRPC client libraries take (tests drive the server with an independent client).
 */
export interface MethodDefinition {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize: (value: Message) => Buffer;
  requestDeserialize: (bytes: Buffer) => Message;
  responseSerialize: (value: Message) => Buffer;
  responseDeserialize: (bytes: Buffer) => Message;
  originalName: string;
}

/** Method name → definition. */
export type ServiceDefinition = Record<string, MethodDefinition>;

let cachedRoot: protobuf.Root | undefined;

function root(): protobuf.Root {
  if (!cachedRoot) {
    cachedRoot = protobuf.Root.fromJSON(descriptorJson as protobuf.INamespace);
  }
  return cachedRoot;
}

function toBuffer(bytes: Uint8Array): Buffer {
  // protobufjs returns a Buffer under Node already; the copy-free view is for the odd case it
  // does not (the HTTP/2 layer writes Buffers).
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function serializer(type: protobuf.Type): (value: Message) => Buffer {
  return (value) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new TypeError(`cannot encode ${type.fullName.slice(1)}: expected a plain object`);
    }
    const plain = withoutEmptyBytes(value) as Message;
    // A response already in wire shape (numbers for enums and 64-bit integers, Buffers for bytes,
    // arrays for repeated fields), which is what the framework builds, is encoded as it is:
    // verify() checks that without allocating. Anything else goes through fromObject(), which
    // converts what it can (e.g. an enum given by name) or names the offending field. Both paths
    // write the same bytes; the first saves a copy of every message object per response.
    const message = type.verify(plain) === null ? plain : type.fromObject(plain);
    return toBuffer(type.encode(message).finish());
  };
}

/**
 * protobufjs writes a present-but-empty bytes field (`1a 00`), which Go's decoder turns into a
 * non-nil empty slice. Terraform compares refreshed state objects with reflect.DeepEqual, so an
 * empty `private` that comes back as []byte{} instead of nil counts as a change: every
 * `plan -refresh-only -detailed-exitcode` would exit 2 with nothing drifted. proto3 says a field
 * holding its default value is not sent; leave empty byte strings out (at any depth) to match: the
 * copy holds `undefined` there, which protobufjs treats as absent. Objects without one are not
 * copied.
 */
function withoutEmptyBytes(value: unknown): unknown {
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = withoutEmptyBytes(value[i]);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const k in record) {
    const v = record[k];
    const w = v instanceof Uint8Array && v.length === 0 ? undefined : withoutEmptyBytes(v);
    if (w !== v) (copy ??= { ...record })[k] = w;
  }
  return copy ?? value;
}

function deserializer(type: protobuf.Type): (bytes: Buffer) => Message {
  return (bytes) => type.toObject(type.decode(bytes), CONVERSION);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const cachedServices = new Map<ServiceKey, ServiceDefinition>();

/** Service definition (method name → definition) for one of the protocol services. */
export function serviceDefinition(key: ServiceKey): ServiceDefinition {
  const cached = cachedServices.get(key);
  if (cached) return cached;
  const fullName = SERVICE_NAMES[key];
  const service = root().lookupService(fullName);
  const definition: ServiceDefinition = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType;
    const responseType = method.resolvedResponseType;
    if (!requestType || !responseType) {
      throw new Error(`descriptor is incomplete: ${fullName}/${method.name} has unresolved types`);
    }
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(requestType),
      requestDeserialize: deserializer(requestType),
      responseSerialize: serializer(responseType),
      responseDeserialize: deserializer(responseType),
      originalName: lowerFirst(method.name),
    };
  }
  cachedServices.set(key, definition);
  return definition;
}

/** Method names of a service, in declaration order, with their streaming shape. */
export function serviceMethods(key: ServiceKey): { name: string; requestStream: boolean; responseStream: boolean }[] {
  const def = serviceDefinition(key);
  return Object.keys(def).map((name) => ({
    name,
    requestStream: def[name].requestStream,
    responseStream: def[name].responseStream,
  }));
}
