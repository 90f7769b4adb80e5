import { readFileSync } from "node:fs";
import { serviceDefinition, serviceMethods, type Message } from "../../../src/plugin/proto/services";
import { buildScript } from "./helpers";

// Every RPC of tfplugin6 6.11 (docs/design/plugin-protocol.md, "Which RPCs a core calls") with its streaming shape.
const TFPLUGIN6_RPCS: Record<string, "unary" | "server-stream" | "client-stream"> = {
  GetMetadata: "unary",
  GetProviderSchema: "unary",
  GetResourceIdentitySchemas: "unary",
  UpgradeResourceIdentity: "unary",
  ValidateProviderConfig: "unary",
  ValidateResourceConfig: "unary",
  ValidateDataResourceConfig: "unary",
  UpgradeResourceState: "unary",
  ConfigureProvider: "unary",
  ReadResource: "unary",
  PlanResourceChange: "unary",
  ApplyResourceChange: "unary",
  ImportResourceState: "unary",
  MoveResourceState: "unary",
  ReadDataSource: "unary",
  GenerateResourceConfig: "unary",
  ValidateEphemeralResourceConfig: "unary",
  OpenEphemeralResource: "unary",
  RenewEphemeralResource: "unary",
  CloseEphemeralResource: "unary",
  ListResource: "server-stream",
  ValidateListResourceConfig: "unary",
  GetFunctions: "unary",
  CallFunction: "unary",
  ValidateStateStoreConfig: "unary",
  ConfigureStateStore: "unary",
  ReadStateBytes: "server-stream",
  WriteStateBytes: "client-stream",
  LockState: "unary",
  UnlockState: "unary",
  GetStates: "unary",
  DeleteState: "unary",
  PlanAction: "unary",
  InvokeAction: "server-stream",
  ValidateActionConfig: "unary",
  StopProvider: "unary",
};

function shape(m: { requestStream: boolean; responseStream: boolean }): string {
  if (m.requestStream) return "client-stream";
  return m.responseStream ? "server-stream" : "unary";
}

describe("protocol descriptor", () => {
  it("is up to date with the .proto files (run `npm run build` after editing them)", () => {
    const build = buildScript();
    expect(readFileSync(build.descriptorPath, "utf8")).toBe(build.generateProtoDescriptor());
  });

  it("declares every tfplugin6 6.11 RPC with the right paths and streaming shapes", () => {
    const methods = serviceMethods("provider");
    expect(Object.fromEntries(methods.map((m) => [m.name, shape(m)]))).toEqual(TFPLUGIN6_RPCS);
    expect(serviceDefinition("provider").PlanResourceChange.path).toBe("/tfplugin6.Provider/PlanResourceChange");
  });

  it("declares the go-plugin and health services", () => {
    expect(serviceDefinition("controller").Shutdown.path).toBe("/plugin.GRPCController/Shutdown");
    expect(serviceDefinition("stdio").StreamStdio).toEqual(
      expect.objectContaining({ path: "/plugin.GRPCStdio/StreamStdio", responseStream: true }),
    );
    expect(serviceDefinition("broker").StartStream).toEqual(
      expect.objectContaining({ requestStream: true, responseStream: true }),
    );
    expect(serviceDefinition("health").Check.path).toBe("/grpc.health.v1.Health/Check");
  });
});

describe("message conversion (proto-loader shape: keepCase, longs/enums as numbers, defaults, oneofs, Buffers)", () => {
  const plan = serviceDefinition("provider").PlanResourceChange;
  const encodeResponse = plan.responseSerialize as (m: Message) => Buffer;
  const decodeResponse = plan.responseDeserialize as (b: Buffer) => Message;
  const decodeRequest = plan.requestDeserialize as (b: Buffer) => Message;
  const encodeRequest = plan.requestSerialize as (m: Message) => Buffer;

  it("round-trips a response including a zero-valued oneof member and enums", () => {
    const bytes = encodeResponse({
      planned_state: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0xc0]) },
      requires_replace: [{ steps: [{ attribute_name: "list" }, { element_key_int: 0 }, { element_key_string: "k" }] }],
      diagnostics: [{ severity: 2, summary: "careful", attribute: null }],
    });
    const decoded = decodeResponse(bytes);
    expect(decoded.requires_replace).toEqual([
      {
        steps: [
          { attribute_name: "list", selector: "attribute_name" },
          { element_key_int: 0, selector: "element_key_int" },
          { element_key_string: "k", selector: "element_key_string" },
        ],
      },
    ]);
    expect(decoded.diagnostics).toEqual([{ severity: 2, summary: "careful", detail: "", attribute: null }]);
    expect(Buffer.isBuffer((decoded.planned_state as Message).msgpack)).toBe(true);
  });

  it("decodes absent sub-messages as null, absent bytes as empty Buffers and int64 as numbers", () => {
    const decoded = decodeRequest(encodeRequest({ type_name: "thing", prior_private: Buffer.alloc(0) }));
    expect(decoded.type_name).toBe("thing");
    expect(decoded.prior_state).toBeNull();
    expect(decoded.config).toBeNull();
    expect(Buffer.isBuffer(decoded.prior_private)).toBe(true);
    expect((decoded.prior_private as Buffer).length).toBe(0);
    const upgrade = serviceDefinition("provider").UpgradeResourceState;
    const req = (upgrade.requestDeserialize as (b: Buffer) => Message)(
      (upgrade.requestSerialize as (m: Message) => Buffer)({
        type_name: "t",
        version: 3,
        raw_state: { json: Buffer.from("{}") },
      }),
    );
    expect(req.version).toBe(3);
    expect(req.raw_state).toEqual({ json: Buffer.from("{}"), flatmap: {} });
  });

  it("keeps StopProvider's capitalised Error field", () => {
    const stop = serviceDefinition("provider").StopProvider;
    const bytes = (stop.responseSerialize as (m: Message) => Buffer)({ Error: "nope" });
    expect((stop.responseDeserialize as (b: Buffer) => Message)(bytes)).toEqual({ Error: "nope" });
  });

  it("encodes schema maps and nested blocks", () => {
    const schema = serviceDefinition("provider").GetProviderSchema;
    const bytes = (schema.responseSerialize as (m: Message) => Buffer)({
      provider: { version: 0, block: { attributes: [], block_types: [] } },
      resource_schemas: {
        thing: {
          version: 2,
          block: {
            attributes: [{ name: "id", type: Buffer.from('"string"'), computed: true }],
            block_types: [{ type_name: "rule", nesting: 2, block: { attributes: [], block_types: [] }, max_items: 5 }],
          },
        },
      },
    });
    const decoded = (schema.responseDeserialize as (b: Buffer) => Message)(bytes);
    const thing = (decoded.resource_schemas as Record<string, Message>).thing;
    expect(thing.version).toBe(2);
    const block = thing.block as Message;
    expect((block.attributes as Message[])[0]).toEqual(
      expect.objectContaining({ name: "id", computed: true, type: Buffer.from('"string"') }),
    );
    expect((block.block_types as Message[])[0]).toEqual(
      expect.objectContaining({ type_name: "rule", nesting: 2, max_items: 5 }),
    );
  });

  it("refuses to encode something that is not an object", () => {
    expect(() => encodeResponse(null as unknown as Message)).toThrow(/expected a plain object/);
    expect(() => encodeResponse([] as unknown as Message)).toThrow(/expected a plain object/);
  });
});

describe("equivalence with @grpc/proto-loader", () => {
  it("decodes exactly like proto-loader's fromJSON with the contract's options", () => {
    const protoLoader = require("@grpc/proto-loader") as typeof import("@grpc/proto-loader");
    const descriptor = JSON.parse(readFileSync(buildScript().descriptorPath, "utf8"));
    const pkg = protoLoader.fromJSON(descriptor, {
      keepCase: true,
      longs: Number,
      enums: Number,
      defaults: true,
      oneofs: true,
      bytes: Buffer,
    });
    const theirs = pkg["tfplugin6.Provider"] as Record<
      string,
      { requestDeserialize(b: Buffer): unknown; responseDeserialize(b: Buffer): unknown }
    >;
    const ours = serviceDefinition("provider");
    const samples: [string, "request" | "response", Message][] = [
      [
        "PlanResourceChange",
        "request",
        {
          type_name: "t",
          prior_state: { msgpack: Buffer.from([0xc0]) },
          client_capabilities: { deferral_allowed: true },
        },
      ],
      [
        "ImportResourceState",
        "response",
        { imported_resources: [{ type_name: "t", state: { json: Buffer.from("{}") } }], deferred: { reason: 1 } },
      ],
      ["CallFunction", "response", { error: { text: "bad", function_argument: 0 } }],
      [
        "MoveResourceState",
        "request",
        { source_schema_version: 7, source_state: { json: Buffer.from("{}"), flatmap: { a: "b" } } },
      ],
    ];
    for (const [rpc, side, message] of samples) {
      const def = ours[rpc];
      const serialize = (side === "request" ? def.requestSerialize : def.responseSerialize) as (m: Message) => Buffer;
      const bytes = serialize(message);
      const mine = (side === "request" ? def.requestDeserialize : def.responseDeserialize)(bytes);
      const reference =
        side === "request" ? theirs[rpc].requestDeserialize(bytes) : theirs[rpc].responseDeserialize(bytes);
      expect(mine).toEqual(reference);
    }
  });
});

describe("empty byte strings", () => {
  // Go decodes a present-but-empty bytes field as a non-nil empty slice; Terraform compares
  // refreshed objects with reflect.DeepEqual, so an echoed empty `private` must not be sent.
  it("omits empty bytes fields at any depth and keeps non-empty ones", () => {
    const read = serviceDefinition("provider").ReadResource;
    expect(read.responseSerialize({ private: Buffer.alloc(0), diagnostics: [] }).length).toBe(0);
    const withPrivate = read.responseSerialize({ private: Buffer.from("{}"), diagnostics: [] });
    expect(read.responseDeserialize(withPrivate)).toEqual(expect.objectContaining({ private: Buffer.from("{}") }));
    const imp = serviceDefinition("provider").ImportResourceState;
    const bytes = imp.responseSerialize({
      imported_resources: [
        { type_name: "t", state: { msgpack: Buffer.from([0x80]), json: Buffer.alloc(0) }, private: Buffer.alloc(0) },
      ],
      diagnostics: [],
    });
    const decoded = imp.responseDeserialize(bytes) as {
      imported_resources: { private: Buffer; state: { json: Buffer; msgpack: Buffer } }[];
    };
    expect(decoded.imported_resources[0].state.msgpack).toEqual(Buffer.from([0x80]));
    // re-encoding the decoded message (defaults filled in) must give the same bytes: nothing empty was written
    expect(imp.responseSerialize(decoded as unknown as Message).equals(bytes)).toBe(true);
    expect(bytes.includes(Buffer.from([0x1a, 0x00]))).toBe(false);
  });
});

describe("encoding responses that are already in wire shape", () => {
  // The encoder skips protobufjs' fromObject() copy when verify() accepts the object as it is;
  // the bytes must be exactly those of the converting path, which proto-loader's reference decodes.
  const protobuf = require("protobufjs/light") as typeof import("protobufjs/light");
  const reference = protobuf.Root.fromJSON(JSON.parse(readFileSync(buildScript().descriptorPath, "utf8")));
  const viaFromObject = (typeName: string, message: Message): Buffer => {
    const type = reference.lookupType(typeName);
    return Buffer.from(type.encode(type.fromObject(message)).finish());
  };

  it("writes the same bytes as the converting path for schema, plan and read responses", () => {
    const provider = serviceDefinition("provider");
    const samples: [string, string, Message][] = [
      [
        "GetProviderSchema",
        "tfplugin6.GetProviderSchema.Response",
        {
          provider: {
            version: 3,
            block: {
              attributes: [{ name: "a", type: Buffer.from('"string"'), required: true, description_kind: 1 }],
              block_types: [{ type_name: "b", nesting: 3, block: { attributes: [] }, min_items: 1 }],
            },
          },
          resource_schemas: { r: { version: 1, block: { attributes: [] } } },
          server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
          diagnostics: [],
        },
      ],
      [
        "PlanResourceChange",
        "tfplugin6.PlanResourceChange.Response",
        {
          planned_state: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) },
          requires_replace: [{ steps: [{ attribute_name: "x" }, { element_key_int: 2 }, { element_key_string: "k" }] }],
          diagnostics: [{ severity: 1, summary: "s", detail: "d", attribute: { steps: [{ attribute_name: "y" }] } }],
          deferred: { reason: 2 },
        },
      ],
      [
        "ReadResource",
        "tfplugin6.ReadResource.Response",
        { new_state: { msgpack: Buffer.from([0xc0]) }, diagnostics: [] },
      ],
    ];
    for (const [rpc, typeName, message] of samples) {
      expect(provider[rpc].responseSerialize(message).equals(viaFromObject(typeName, message))).toBe(true);
    }
  });

  it("still converts what is not in wire shape (an enum given by name)", () => {
    const read = serviceDefinition("provider").ReadResource;
    const byName = read.responseSerialize({ diagnostics: [{ severity: "ERROR", summary: "s" }] });
    const byNumber = read.responseSerialize({ diagnostics: [{ severity: 1, summary: "s" }] });
    expect(byName.equals(byNumber)).toBe(true);
  });
});
