// The gRPC server in-process (no child process): RPC dispatch onto a ProviderRpc, fallbacks,
// error mapping, message limits and the housekeeping services.
import { credentials, Metadata, status, type Client, type ServiceError } from "@grpc/grpc-js";
import { MemorySink, createLogger } from "../../../src/plugin/log";
import type { ProviderRpc } from "../../../src/plugin/protocol/messages";
import { serviceDefinition, type Message } from "../../../src/plugin/proto/services";
import { startPluginServer, type PluginServer } from "../../../src/plugin/transport/grpc-server";
import { providerSource } from "../../../src/plugin/transport/serve";
import { callUnary, makeClient, parseHandshake } from "./helpers";
import { handshakeLine } from "../../../src/plugin/transport/handshake";

function fakeProvider(
  overrides: Partial<Record<keyof ProviderRpc | "getResourceIdentitySchemas", unknown>> = {},
): ProviderRpc {
  const empty = async () => ({ diagnostics: [] });
  return {
    getMetadata: async () => ({ diagnostics: [], data_sources: [], resources: [] }),
    getProviderSchema: async () => ({
      provider: { version: 0, block: { attributes: [], block_types: [] } },
      resource_schemas: {},
      data_source_schemas: {},
      diagnostics: [],
    }),
    validateProviderConfig: empty,
    validateResourceConfig: empty,
    validateDataResourceConfig: empty,
    upgradeResourceState: empty,
    configureProvider: empty,
    readResource: empty,
    planResourceChange: async () => ({ diagnostics: [], requires_replace: [] }),
    applyResourceChange: empty,
    importResourceState: async () => ({ diagnostics: [], imported_resources: [] }),
    readDataSource: empty,
    getFunctions: async () => ({
      diagnostics: [],
      functions: { echo: { parameters: [], return: { type: Buffer.from('"string"') } } },
    }),
    stopProvider: async () => ({ Error: "" }),
    ...overrides,
  } as ProviderRpc;
}

let server: PluginServer | undefined;
let client: Client | undefined;
const sink = new MemorySink();
const logger = createLogger({ sink, threshold: "debug", module: "test" });

async function connect(provider: () => ProviderRpc): Promise<Client> {
  server = await startPluginServer({ provider, logger, listen: { network: "tcp" } });
  client = makeClient(parseHandshake(handshakeLine(server.address).trim()), credentials.createInsecure());
  return client;
}

afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.stop();
  server = undefined;
});

function codeOf(promise: Promise<unknown>): Promise<number | "ok"> {
  return promise.then(
    () => "ok" as const,
    (e: ServiceError) => e.code,
  );
}

describe("provider RPC dispatch", () => {
  it("calls the matching ProviderRpc method with the decoded request", async () => {
    const seen: Message[] = [];
    const c = await connect(() =>
      fakeProvider({
        configureProvider: async (req: Message) => {
          seen.push(req);
          return { diagnostics: [{ severity: 2, summary: "configured" }] };
        },
      }),
    );
    const res = await callUnary(c, "provider", "ConfigureProvider", {
      terraform_version: "1.11.4",
      config: { msgpack: Buffer.from([0x80]) },
    });
    expect(res.diagnostics).toEqual([{ severity: 2, summary: "configured", detail: "", attribute: null }]);
    expect(seen[0]).toEqual(
      expect.objectContaining({
        terraform_version: "1.11.4",
        config: { msgpack: Buffer.from([0x80]), json: Buffer.alloc(0) },
        client_capabilities: null,
      }),
    );
  });

  it("creates the provider from a factory once, on first use", async () => {
    let created = 0;
    const source = providerSource(() => {
      created++;
      return fakeProvider();
    });
    const c = await connect(source);
    expect(created).toBe(0);
    await callUnary(c, "provider", "GetProviderSchema");
    await callUnary(c, "provider", "ValidateProviderConfig");
    expect(created).toBe(1);
  });

  it("answers GetFunctions with the provider's map", async () => {
    const c = await connect(() => fakeProvider());
    const res = await callUnary(c, "provider", "GetFunctions");
    expect(Object.keys(res.functions as object)).toEqual(["echo"]);
  });

  it("answers GetResourceIdentitySchemas with an empty map when the provider has no identity support", async () => {
    const c = await connect(() => fakeProvider());
    await expect(callUnary(c, "provider", "GetResourceIdentitySchemas")).resolves.toEqual({
      identity_schemas: {},
      diagnostics: [],
    });
  });

  it("uses the provider's GetResourceIdentitySchemas when it has one", async () => {
    const c = await connect(() =>
      fakeProvider({
        getResourceIdentitySchemas: async () => ({
          identity_schemas: { thing: { version: 1, identity_attributes: [] } },
          diagnostics: [],
        }),
      }),
    );
    const res = await callUnary(c, "provider", "GetResourceIdentitySchemas");
    expect(res.identity_schemas).toEqual({ thing: { version: 1, identity_attributes: [] } });
  });

  it("answers UNIMPLEMENTED for optional RPCs the provider lacks, unary and streaming", async () => {
    const c = await connect(() => fakeProvider());
    expect(await codeOf(callUnary(c, "provider", "CallFunction", { name: "echo" }))).toBe(status.UNIMPLEMENTED);
    expect(await codeOf(callUnary(c, "provider", "MoveResourceState"))).toBe(status.UNIMPLEMENTED);
    expect(await codeOf(callUnary(c, "provider", "OpenEphemeralResource"))).toBe(status.UNIMPLEMENTED);
    const list = serviceDefinition("provider").ListResource;
    const stream = c.makeServerStreamRequest(
      list.path,
      list.requestSerialize as (m: Message) => Buffer,
      list.responseDeserialize as (b: Buffer) => Message,
      {},
      new Metadata(),
    );
    const code = await new Promise<number>((resolve) => stream.on("error", (e: ServiceError) => resolve(e.code)));
    expect(code).toBe(status.UNIMPLEMENTED);
  });

  it("turns a thrown error into INTERNAL with the message, and logs it", async () => {
    const c = await connect(() =>
      fakeProvider({
        readResource: async () => {
          throw new Error("database on fire");
        },
      }),
    );
    const err = await callUnary(c, "provider", "ReadResource").catch((e: ServiceError) => e);
    expect((err as ServiceError).code).toBe(status.INTERNAL);
    expect((err as ServiceError).details).toBe("ReadResource: database on fire");
    expect(sink.lines.some((l) => l.includes('"RPC failed"') && l.includes("database on fire"))).toBe(true);
  });

  it("turns a missing response object into INTERNAL", async () => {
    const c = await connect(() => fakeProvider({ readDataSource: async () => null }));
    expect(await codeOf(callUnary(c, "provider", "ReadDataSource"))).toBe(status.INTERNAL);
  });

  it("names the RPC and the field when a response cannot be encoded", async () => {
    const c = await connect(() => fakeProvider({ readResource: async () => ({ diagnostics: "not a list" }) }));
    const err = (await callUnary(c, "provider", "ReadResource").catch((e: ServiceError) => e)) as ServiceError;
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toMatch(
      /^ReadResource returned a response that cannot be encoded: .*diagnostics: array expected/,
    );
  });

  it("reports a failing stopProvider in the Error field instead of a gRPC error", async () => {
    const c = await connect(() =>
      fakeProvider({
        stopProvider: async () => {
          throw new Error("cannot cancel");
        },
      }),
    );
    await expect(callUnary(c, "provider", "StopProvider")).resolves.toEqual({ Error: "cannot cancel" });
  });

  it("accepts requests and sends responses larger than grpc-js' 4 MiB default", async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x61);
    const c = await connect(() =>
      fakeProvider({
        planResourceChange: async (req: Message) => ({
          planned_state: { msgpack: Buffer.concat([(req.config as Message).msgpack as Buffer, Buffer.from("!")]) },
          requires_replace: [],
          diagnostics: [],
        }),
      }),
    );
    const res = await callUnary(c, "provider", "PlanResourceChange", { type_name: "t", config: { msgpack: big } });
    expect(((res.planned_state as Message).msgpack as Buffer).length).toBe(big.length + 1);
  });
});

describe("housekeeping services", () => {
  it("health: SERVING for plugin and the empty name, NOT_FOUND otherwise", async () => {
    const c = await connect(() => fakeProvider());
    await expect(callUnary(c, "health", "Check", { service: "plugin" })).resolves.toEqual({ status: 1 });
    expect(await codeOf(callUnary(c, "health", "Check", { service: "other" }))).toBe(status.NOT_FOUND);
  });

  it("StreamStdio stays open without data until the client cancels", async () => {
    const c = await connect(() => fakeProvider());
    const def = serviceDefinition("stdio").StreamStdio;
    const stream = c.makeServerStreamRequest(
      def.path,
      def.requestSerialize as (m: Message) => Buffer,
      def.responseDeserialize as (b: Buffer) => Message,
      {},
      new Metadata(),
    );
    const received: unknown[] = [];
    stream.on("data", (d: unknown) => received.push(d));
    const ended = new Promise<number | "end">((resolve) => {
      stream.on("error", (e: ServiceError) => resolve(e.code));
      stream.on("end", () => resolve("end"));
    });
    // other RPCs keep working while it is open
    await callUnary(c, "provider", "GetProviderSchema");
    stream.cancel();
    expect(await ended).toBe(status.CANCELLED);
    expect(received).toEqual([]);
  });

  it("Shutdown answers and then notifies the owner", async () => {
    let notified = 0;
    server = await startPluginServer({
      provider: () => fakeProvider(),
      logger,
      listen: { network: "tcp" },
      onShutdownRequested: () => notified++,
    });
    client = makeClient(parseHandshake(handshakeLine(server.address).trim()), credentials.createInsecure());
    await expect(callUnary(client, "controller", "Shutdown")).resolves.toEqual({});
    await new Promise((r) => setImmediate(r));
    expect(notified).toBe(1);
  });
});
