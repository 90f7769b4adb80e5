import { decode as genericDecode } from "@msgpack/msgpack";
import { StringType, listOf } from "../../../src/plugin/cty/types";
import { TfNumber, UNKNOWN, Unknown, type Value, type ValueObject } from "../../../src/plugin/cty/value";
import { decodeValue, encodeValue } from "../../../src/plugin/cty/msgpack";
import { encodeJsonValue } from "../../../src/plugin/cty/json";
import { Severity, type DiagnosticMsg, type DynamicValueMsg, type ProviderRpc } from "../../../src/plugin/protocol/messages";
import type {
  FrameworkLogger,
  LogFields,
  ProviderDefinition,
  ResourceDefinition,
  StateInput,
} from "../../../src/plugin/framework/api";
import { ProviderError } from "../../../src/plugin/framework/diagnostics";
import { attr } from "../../../src/plugin/framework/path";
import { createProviderServer } from "../../../src/plugin/framework/server";
import { stringLengthAtLeast, conflictsWith } from "../../../src/plugin/framework/validators";
import { proposedNew, thingConfig, thingSchema, thingType } from "./fixture-schema";

const n = (x: number | string) => TfNumber.of(x);
const dv = (v: Value, t = thingType): DynamicValueMsg => ({ msgpack: encodeValue(v, t) });
const un = (m: DynamicValueMsg | undefined, t = thingType): Value => (m?.msgpack ? decodeValue(m.msgpack, t) : null);
const errors = (ds: DiagnosticMsg[]) => ds.filter((d) => d.severity === Severity.ERROR).map((d) => d.summary);
const pathOf = (d: DiagnosticMsg) => d.attribute?.steps.map((s) => s.attribute_name ?? s.element_key_int ?? s.element_key_string);

interface Meta {
  calls: string[];
  store: Map<string, ValueObject>;
}

class CapturingLogger implements FrameworkLogger {
  lines: string[] = [];
  private rec(level: string) {
    return (message: string, fields?: LogFields) => this.lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  }
  trace = this.rec("trace");
  debug = this.rec("debug");
  info = this.rec("info");
  warn = this.rec("warn");
  error = this.rec("error");
}

interface Behaviour {
  createResult?: (ctx: Parameters<ResourceDefinition<Meta>["create"]>[0]) => StateInput | null;
  readResult?: (state: ValueObject) => StateInput | null;
  seenSecret?: (s: string | null) => void;
  inFlight?: (signal: AbortSignal) => Promise<void>;
}

function thing(b: Behaviour): ResourceDefinition<Meta> {
  return {
    typeName: "fx_thing",
    schema: thingSchema,
    validateConfig(ctx) {
      if (!ctx.config.isUnknown("name") && ctx.config.getString("name") === "forbidden") {
        ctx.diagnostics.addError("Name not allowed", "pick another name", "name");
      }
    },
    async create(ctx) {
      ctx.meta.calls.push("create");
      b.seenSecret?.(ctx.config.getString("secret_wo"));
      if (b.inFlight) await b.inFlight(ctx.signal);
      ctx.private.set("created", true);
      return b.createResult ? b.createResult(ctx) : { id: "i-1", status: "ready", rule: ctx.plan.getList("rule")!.map((r) => ({ ...(r as ValueObject), port: 5060 })) };
    },
    async read(ctx) {
      ctx.meta.calls.push("read");
      return b.readResult ? b.readResult(ctx.state.value) : {};
    },
    async update(ctx) {
      ctx.meta.calls.push("update");
      return { status: "updated", rule: ctx.plan.getList("rule")!.map((r) => ({ ...(r as ValueObject), port: 5061 })) };
    },
    async delete(ctx) {
      ctx.meta.calls.push(`delete ${ctx.prior.getString("id")}`);
      if (ctx.prior.getString("name") === "undeletable") throw new ProviderError("Delete failed", { detail: "API said no" });
    },
    importState(ctx) {
      return { id: ctx.id };
    },
    stateUpgraders: {
      0: {
        priorSchema: { version: 0, block: { attributes: { id: { type: StringType, computed: true }, title: { type: StringType, required: true } } } },
        upgrade(ctx) {
          return { id: ctx.prior!.getString("id"), name: ctx.prior!.getString("title"), size: 10, status: "migrated", rule: [] };
        },
      },
    },
  };
}

function provider(b: Behaviour = {}, extra: Partial<ProviderDefinition<Meta>> = {}): ProviderDefinition<Meta> {
  return {
    typeName: "fx",
    schema: {
      version: 0,
      block: {
        attributes: {
          endpoint: { type: StringType, optional: true, validators: [stringLengthAtLeast(3)] },
          token: { type: StringType, optional: true, sensitive: true, validators: [conflictsWith("endpoint")] },
        },
      },
    },
    configure(ctx) {
      if (!ctx.config.isUnknown("endpoint") && ctx.config.getString("endpoint") === "bad") {
        ctx.diagnostics.addError("Cannot connect", "bad endpoint", "endpoint");
      }
      return { calls: [], store: new Map() };
    },
    resources: [thing(b)],
    dataSources: [
      {
        typeName: "fx_lookup",
        schema: {
          version: 0,
          block: {
            attributes: {
              name: { type: StringType, required: true },
              result: { type: StringType, computed: true },
              extra: { type: listOf(StringType), optional: true, computed: true },
            },
          },
        },
        read(ctx) {
          return { result: `found ${ctx.config.getString("name")}`, name: "ignored" };
        },
      },
    ],
    ...extra,
  };
}

const providerType = { kind: "object", attributes: { endpoint: StringType, token: StringType } } as const;

async function configured(b: Behaviour = {}, logger = new CapturingLogger()): Promise<{ rpc: ProviderRpc; logger: CapturingLogger }> {
  const rpc = createProviderServer(provider(b), { logger });
  const res = await rpc.configureProvider({ terraform_version: "1.11.4", config: dv({ endpoint: "http://x", token: null }, providerType) });
  expect(res.diagnostics).toEqual([]);
  return { rpc, logger };
}

async function planCreate(rpc: ProviderRpc, config: ValueObject) {
  return rpc.planResourceChange({
    type_name: "fx_thing",
    prior_state: dv(null),
    proposed_new_state: dv(proposedNew(thingSchema.block, null, config)),
    config: dv(config),
    prior_private: Buffer.alloc(0),
  });
}

describe("schema and metadata", () => {
  it("advertises a cacheable schema without destroy planning and no functions", async () => {
    const rpc = createProviderServer(provider());
    const s = await rpc.getProviderSchema();
    expect(s.server_capabilities).toEqual({ get_provider_schema_optional: true, plan_destroy: false });
    expect(Object.keys(s.resource_schemas)).toEqual(["fx_thing"]);
    expect(Object.keys(s.data_source_schemas)).toEqual(["fx_lookup"]);
    expect(s.resource_schemas.fx_thing!.version).toBe(1);
    const wo = s.resource_schemas.fx_thing!.block.attributes.find((a) => a.name === "secret_wo");
    expect(wo?.write_only).toBe(true);
    expect(s.functions).toEqual({});
    expect(await rpc.getFunctions()).toEqual({ functions: {}, diagnostics: [] });
    const m = await rpc.getMetadata();
    expect(m.resources).toEqual([{ type_name: "fx_thing" }]);
    expect(m.data_sources).toEqual([{ type_name: "fx_lookup" }]);
  });

  it("rejects invalid definitions at construction, naming each problem", () => {
    const bad = provider({}, {
      resources: [
        {
          ...thing({}),
          typeName: "other_thing",
          schema: { version: 0, block: { attributes: { a: { type: StringType, optional: true, default: "x" }, b: { type: StringType, optional: true, computed: true, default: 5 } } } },
        },
      ],
    });
    expect(() => createProviderServer(bad)).toThrow(/must be lowercase and start with "fx_"/);
    expect(() => createProviderServer(bad)).toThrow(/attribute a: a default needs optional = true and computed = true/);
    expect(() => createProviderServer(bad)).toThrow(/attribute b: default does not fit the attribute type/);
  });
});

describe("validation", () => {
  it("runs attribute validators and custom validation with attribute paths", async () => {
    const rpc = createProviderServer(provider());
    const p = await rpc.validateProviderConfig({ config: dv({ endpoint: "ab", token: "t" }, providerType) });
    expect(p.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([
      ["Invalid Attribute Value", ["endpoint"]],
      ["Invalid Attribute Combination", ["token"]],
    ]);
    const r = await rpc.validateResourceConfig({
      type_name: "fx_thing",
      config: dv(thingConfig({ name: "forbidden" })),
      client_capabilities: { write_only_attributes_allowed: true },
    });
    expect(r.diagnostics.map((d) => [d.summary, d.detail, pathOf(d)])).toEqual([["Name not allowed", "pick another name", ["name"]]]);
  });

  it("skips unknown values", async () => {
    const rpc = createProviderServer(provider());
    const p = await rpc.validateProviderConfig({ config: dv({ endpoint: UNKNOWN, token: "t" }, providerType) });
    expect(p.diagnostics).toEqual([]);
    const r = await rpc.validateResourceConfig({ type_name: "fx_thing", config: dv(thingConfig({ name: UNKNOWN })), client_capabilities: { write_only_attributes_allowed: true } });
    expect(r.diagnostics).toEqual([]);
  });

  it("refuses a write-only value when the client cannot keep it out of state", async () => {
    const rpc = createProviderServer(provider());
    for (const caps of [null, {}, { write_only_attributes_allowed: false }]) {
      const r = await rpc.validateResourceConfig({ type_name: "fx_thing", config: dv(thingConfig({ secret_wo: "s" })), client_capabilities: caps });
      expect(r.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Write-only Attribute Not Allowed", ["secret_wo"]]]);
    }
    const ok = await rpc.validateResourceConfig({ type_name: "fx_thing", config: dv(thingConfig()), client_capabilities: null });
    expect(ok.diagnostics).toEqual([]);
  });

  it("reports unknown type names", async () => {
    const rpc = createProviderServer(provider());
    const r = await rpc.validateResourceConfig({ type_name: "fx_nope", config: dv(null) });
    expect(errors(r.diagnostics)).toEqual(["Unknown resource type"]);
  });
});

describe("configure", () => {
  it("refuses resource work when configuration failed", async () => {
    const rpc = createProviderServer(provider(), { logger: new CapturingLogger() });
    const c = await rpc.configureProvider({ terraform_version: "1.11.4", config: dv({ endpoint: "bad", token: null }, providerType) });
    expect(errors(c.diagnostics)).toEqual(["Cannot connect"]);
    const r = await rpc.readResource({ type_name: "fx_thing", current_state: dv(thingConfig({ id: "x" })), private: Buffer.alloc(0) });
    expect(errors(r.diagnostics)).toEqual(["Provider not configured"]);
  });

  it("tolerates unknown provider configuration (the provider decides)", async () => {
    const rpc = createProviderServer(provider(), { logger: new CapturingLogger() });
    const c = await rpc.configureProvider({ terraform_version: "1.11.4", config: dv({ endpoint: UNKNOWN, token: null }, providerType) });
    expect(c.diagnostics).toEqual([]);
  });
});

describe("plan over RPC", () => {
  it("plans a create with unknown computed values and echoes private state", async () => {
    const { rpc } = await configured();
    const res = await planCreate(rpc, thingConfig({ secret_wo: "s", rule: [{ host: "h", port: null }] }));
    expect(res.diagnostics).toEqual([]);
    const planned = un(res.planned_state) as ValueObject;
    expect(planned.id).toBeInstanceOf(Unknown);
    expect(planned.secret_wo).toBeNull();
    expect(planned.size).toEqual(n(10));
    expect(res.requires_replace).toEqual([]);
    expect(res.planned_private).toEqual(Buffer.alloc(0));
  });

  it("returns requires_replace as protocol paths", async () => {
    const { rpc } = await configured();
    const prior = { ...thingConfig({ zone: "eu" }), id: "i-1", size: n(10), status: "ready" };
    const config = thingConfig({ zone: "us" });
    const res = await rpc.planResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      proposed_new_state: dv(proposedNew(thingSchema.block, prior, config)),
      config: dv(config),
      prior_private: Buffer.from('{"k":1}'),
    });
    expect(res.diagnostics).toEqual([]);
    expect(res.requires_replace).toEqual([{ steps: [{ attribute_name: "zone" }] }]);
    expect(res.planned_private?.toString()).toBe('{"k":1}');
  });

  it("answers a destroy proposal with a null plan", async () => {
    const { rpc } = await configured();
    const prior = { ...thingConfig(), id: "i-1", size: n(10), status: "ready" };
    const res = await rpc.planResourceChange({ type_name: "fx_thing", prior_state: dv(prior), proposed_new_state: dv(null), config: dv(null), prior_private: Buffer.alloc(0) });
    expect(un(res.planned_state)).toBeNull();
  });

  it("lets modifyPlan change computed values and request replacement, and catches plans Terraform would reject", async () => {
    const def = provider();
    const r = def.resources[0]!;
    const logger = new CapturingLogger();
    const rpc = createProviderServer(
      {
        ...def,
        resources: [
          {
            ...r,
            modifyPlan(ctx) {
              if (ctx.config.getString("name") === "break") ctx.plan.set("name", "broken");
              else ctx.plan.set("status", "planned");
              if (ctx.prior !== null) ctx.requiresReplace("name");
            },
          },
        ],
      },
      { logger },
    );
    await rpc.configureProvider({ terraform_version: "1", config: dv({ endpoint: null, token: null }, providerType) });
    const ok = await planCreate(rpc, thingConfig());
    expect(ok.diagnostics).toEqual([]);
    expect((un(ok.planned_state) as ValueObject).status).toBe("planned");
    const bad = await planCreate(rpc, thingConfig({ name: "break" }));
    expect(bad.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Provider produced an invalid plan", ["name"]]]);
    expect(bad.diagnostics[0]!.detail).toMatch(/planned value does not match config value/);
    expect(bad.planned_state).toBeUndefined();

    const prior = { ...thingConfig(), id: "i-1", size: n(10), status: "ready" };
    const config = thingConfig({ name: "beta" });
    const upd = await rpc.planResourceChange({
      type_name: "fx_thing",
      prior_state: dv(prior),
      proposed_new_state: dv(proposedNew(thingSchema.block, prior, config)),
      config: dv(config),
      prior_private: Buffer.alloc(0),
    });
    expect(upd.requires_replace).toEqual([{ steps: [{ attribute_name: "name" }] }]);
  });
});

describe("apply", () => {
  const config = thingConfig({ secret_wo: "hunter2", rule: [{ host: "h", port: null }] });

  async function planned(rpc: ProviderRpc): Promise<ValueObject> {
    return un((await planCreate(rpc, config)).planned_state) as ValueObject;
  }

  it("create: fills planned unknowns from the result, keeps known planned values, nulls write-only, stores private", async () => {
    let secret: string | null = null;
    const { rpc, logger } = await configured({
      seenSecret: (s) => (secret = s),
      createResult: () => ({ id: "i-9", status: "ready", name: "SERVER-RENAMED", rule: [{ host: "h", port: 5060 }] }),
    });
    const plan = await planned(rpc);
    const res = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: dv(plan), config: dv(config), planned_private: Buffer.alloc(0) });
    expect(res.diagnostics).toEqual([]);
    expect(secret).toBe("hunter2");
    const state = un(res.new_state) as ValueObject;
    expect(state).toEqual({ ...plan, id: "i-9", status: "ready", rule: [{ host: "h", port: n(5060) }] });
    expect(state.name).toBe("alpha");
    expect(state.secret_wo).toBeNull();
    expect(res.private?.toString()).toBe('{"created":true}');
    expect(logger.lines.some((l) => l.startsWith("warn") && l.includes('"name"'))).toBe(true);
  });

  it("create: a computed value the resource forgot is an error, and the state is still stored (tainted)", async () => {
    const { rpc } = await configured({ createResult: () => ({ id: "i-2", rule: [{ host: "h", port: 1 }] }) });
    const plan = await planned(rpc);
    const res = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: dv(plan), config: dv(config), planned_private: Buffer.alloc(0) });
    expect(res.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Provider did not set status after create", ["status"]]]);
    const state = un(res.new_state) as ValueObject;
    expect(state.id).toBe("i-2");
    expect(state.status).toBeNull();
  });

  it("create: partial state with an error (added diagnostic or thrown ProviderError) is returned", async () => {
    const viaDiag = await configured({
      createResult: (ctx) => {
        ctx.diagnostics.addError("Create failed after the object was created", "timeout waiting for it");
        return { id: "i-3" };
      },
    });
    const plan = await planned(viaDiag.rpc);
    const a = await viaDiag.rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: dv(plan), config: dv(config), planned_private: Buffer.alloc(0) });
    expect(errors(a.diagnostics)[0]).toBe("Create failed after the object was created");
    expect((un(a.new_state) as ValueObject).id).toBe("i-3");

    const viaThrow = await configured({
      createResult: () => {
        throw new ProviderError("Create failed", { detail: "half done", partialState: { id: "i-4" } });
      },
    });
    const b = await viaThrow.rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: dv(plan), config: dv(config), planned_private: Buffer.alloc(0) });
    expect(errors(b.diagnostics)[0]).toBe("Create failed");
    expect((un(b.new_state) as ValueObject).id).toBe("i-4");
  });

  it("create: an error without state stores nothing", async () => {
    const { rpc } = await configured({
      createResult: () => {
        throw new Error("connection refused");
      },
    });
    const plan = await planned(rpc);
    const res = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: dv(plan), config: dv(config), planned_private: Buffer.alloc(0) });
    expect(res.diagnostics.map((d) => [d.summary, d.detail])).toEqual([["Unexpected error in Create", "connection refused"]]);
    expect(un(res.new_state)).toBeNull();
  });

  it("update fills unknowns; delete returns null, or the prior state on failure", async () => {
    const { rpc } = await configured();
    const prior = { ...thingConfig({ rule: [{ host: "h", port: n(5060) }] }), id: "i-1", size: n(10), status: "ready" };
    const cfg = thingConfig({ name: "beta", rule: [{ host: "h", port: null }] });
    const p = await rpc.planResourceChange({ type_name: "fx_thing", prior_state: dv(prior), proposed_new_state: dv(proposedNew(thingSchema.block, prior, cfg)), config: dv(cfg), prior_private: Buffer.alloc(0) });
    const upd = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(prior), planned_state: p.planned_state!, config: dv(cfg), planned_private: Buffer.alloc(0) });
    expect(upd.diagnostics).toEqual([]);
    expect(un(upd.new_state)).toEqual({ ...prior, name: "beta", status: "updated", rule: [{ host: "h", port: n(5061) }] });

    const del = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(prior), planned_state: dv(null), config: dv(null), planned_private: Buffer.alloc(0) });
    expect(del.diagnostics).toEqual([]);
    expect(un(del.new_state)).toBeNull();

    const stuck = { ...prior, name: "undeletable" };
    const fail = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(stuck), planned_state: dv(null), config: dv(null), planned_private: Buffer.alloc(0) });
    expect(errors(fail.diagnostics)).toEqual(["Delete failed"]);
    expect(un(fail.new_state)).toEqual(stuck);
  });
});

describe("read", () => {
  const current = { ...thingConfig(), id: "i-1", size: n(10), status: "ready" };

  it("keeps omitted attributes, echoes private bytes exactly, and null means gone", async () => {
    const same = await configured({ readResult: () => ({ status: "drifted" }) });
    const priv = Buffer.from('{ "z": 1,  "a": 2 }');
    const r = await same.rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: priv });
    expect(r.diagnostics).toEqual([]);
    expect(un(r.new_state)).toEqual({ ...current, status: "drifted" });
    expect(r.private).toEqual(priv);

    const gone = await configured({ readResult: () => null });
    const g = await gone.rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: Buffer.alloc(0) });
    expect(un(g.new_state)).toBeNull();
  });

  it("turns an unknown or mistyped result into a clear error instead of a provider-bug report", async () => {
    const unk = await configured({ readResult: () => ({ status: UNKNOWN }) });
    const r = await unk.rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: Buffer.alloc(0) });
    expect(r.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Provider returned an unknown value in the refreshed state", ["status"]]]);
    const typed = await configured({ readResult: () => ({ size: "big" }) });
    const t = await typed.rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: Buffer.alloc(0) });
    expect(t.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Invalid value for size: expected a number, got a string", ["size"]]]);
    expect(un(t.new_state)).toEqual(current);
  });

  it("rejects corrupt private state", async () => {
    const { rpc } = await configured();
    const r = await rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: Buffer.from("not json") });
    expect(errors(r.diagnostics)).toEqual(["Invalid private state"]);
  });
});

describe("upgrade", () => {
  it("same version: decodes JSON, drops removed attributes, missing ones become null", async () => {
    const rpc = createProviderServer(provider());
    const json = Buffer.from(JSON.stringify({ id: "i-1", name: "a", size: 0.1, removed_attr: 1, rule: [] }));
    const res = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 1, raw_state: { json } });
    expect(res.diagnostics).toEqual([]);
    const v = un(res.upgraded_state) as ValueObject;
    expect(v.name).toBe("a");
    expect((v.size as TfNumber).text).toBe("0.1");
    expect(v.status).toBeNull();
    expect("removed_attr" in v).toBe(false);
  });

  it("older version: runs the upgrader with the prior schema", async () => {
    const rpc = createProviderServer(provider());
    const res = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 0, raw_state: { json: Buffer.from('{"id":"old","title":"T"}') } });
    expect(res.diagnostics).toEqual([]);
    expect(un(res.upgraded_state)).toEqual({ ...thingConfig({ name: "T" }), id: "old", size: n(10), status: "migrated" });
  });

  it("older version with unparsable JSON: says where, never quotes the stored (secret-holding) text", async () => {
    const rpc = createProviderServer(provider());
    const json = Buffer.from('{"id":"old","title":"hunter2-secret" oops}');
    const res = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 0, raw_state: { json } });
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0]!.detail).toMatch(/not a JSON object: invalid JSON at position \d+/);
    expect(JSON.stringify(res.diagnostics)).not.toContain("hunter2");
    expect(res.upgraded_state).toBeUndefined();
  });

  it("rejects flatmap state and versions without an upgrader or from the future", async () => {
    const rpc = createProviderServer(provider());
    const flat = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 1, raw_state: { flatmap: { id: "x" } } });
    expect(flat.diagnostics[0]!.detail).toMatch(/legacy flatmap format/);
    const future = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 7, raw_state: { json: Buffer.from("{}") } });
    expect(future.diagnostics[0]!.detail).toMatch(/newer version of the provider/);
    expect(future.upgraded_state).toBeUndefined();
  });

  it("encodes the same state JSON Terraform would keep (round trip through encodeJsonValue)", async () => {
    const rpc = createProviderServer(provider());
    const state = { ...thingConfig({ rule: [{ host: "h", port: n("1e3") }] }), id: "i", size: n("12345678901234567890.5"), status: "s" };
    const res = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 1, raw_state: { json: Buffer.from(encodeJsonValue(state, thingType)) } });
    expect(un(res.upgraded_state)).toEqual(state);
  });
});

describe("import", () => {
  it("returns exactly one sparse object with the type name; nested block lists are empty", async () => {
    const { rpc } = await configured();
    const res = await rpc.importResourceState({ type_name: "fx_thing", id: "i-77" });
    expect(res.diagnostics).toEqual([]);
    expect(res.imported_resources).toHaveLength(1);
    expect(res.imported_resources[0]!.type_name).toBe("fx_thing");
    expect(un(res.imported_resources[0]!.state)).toEqual({ ...thingConfig({ name: null }), id: "i-77" });
  });

  it("reports a resource without import support", async () => {
    const def = provider();
    const { importState: _ignored, ...noImport } = def.resources[0]!;
    const rpc = createProviderServer({ ...def, resources: [noImport] }, { logger: new CapturingLogger() });
    await rpc.configureProvider({ terraform_version: "1", config: dv({ endpoint: null, token: null }, providerType) });
    const res = await rpc.importResourceState({ type_name: "fx_thing", id: "x" });
    expect(errors(res.diagnostics)).toEqual(["Resource import not implemented"]);
    expect(res.imported_resources).toEqual([]);
  });
});

describe("numbers in resource state answers", () => {
  // Terraform 1.11 compares a refreshed object with the one it read from the state file using
  // reflect.DeepEqual, which sees how each number was decoded: as decimal text (like JSON state)
  // or as a msgpack int/float64. Every state answer therefore carries numbers as text; a planned
  // state keeps go-cty's compact forms.
  const raw = (m: DynamicValueMsg | undefined) => genericDecode(m!.msgpack!) as Record<string, unknown>;

  it("read, upgrade, create and update send numbers as msgpack str; plan does not", async () => {
    const current = { ...thingConfig({ rule: [{ host: "h", port: n(5060) }], secret_wo_version: n("1.5") }), id: "i-1", size: n(10), status: "ready" };
    const { rpc } = await configured({ readResult: () => ({}), createResult: () => ({ id: "i-2", status: "ready", rule: [{ host: "h", port: 5060 }] }) });

    const read = await rpc.readResource({ type_name: "fx_thing", current_state: dv(current), private: Buffer.alloc(0) });
    expect(raw(read.new_state)).toMatchObject({ size: "10", secret_wo_version: "1.5", rule: [{ port: "5060" }] });
    expect(un(read.new_state)).toEqual(current);

    const upgraded = await rpc.upgradeResourceState({ type_name: "fx_thing", version: 1, raw_state: { json: Buffer.from(encodeJsonValue(current, thingType)) } });
    expect(raw(upgraded.upgraded_state)).toMatchObject({ size: "10", rule: [{ port: "5060" }] });

    const config = thingConfig({ rule: [{ host: "h", port: null }], secret_wo_version: n(2) });
    const plan = await planCreate(rpc, config);
    expect(raw(plan.planned_state)).toMatchObject({ size: 10, secret_wo_version: 2 });
    const created = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: plan.planned_state!, config: dv(config), planned_private: Buffer.alloc(0) });
    expect(created.diagnostics).toEqual([]);
    expect(raw(created.new_state)).toMatchObject({ size: "10", secret_wo_version: "2", rule: [{ port: "5060" }] });

    const cfg = thingConfig({ name: "beta", rule: [{ host: "h", port: null }] });
    const p = await rpc.planResourceChange({ type_name: "fx_thing", prior_state: dv(current), proposed_new_state: dv(proposedNew(thingSchema.block, current, cfg)), config: dv(cfg), prior_private: Buffer.alloc(0) });
    const updated = await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(current), planned_state: p.planned_state!, config: dv(cfg), planned_private: Buffer.alloc(0) });
    expect(raw(updated.new_state)).toMatchObject({ size: "10", rule: [{ port: "5061" }] });
  });
});

describe("data source", () => {
  const t = { kind: "object", attributes: { name: StringType, result: StringType, extra: listOf(StringType) } } as const;
  it("copies configured values and fills computed ones", async () => {
    const { rpc } = await configured();
    const res = await rpc.readDataSource({ type_name: "fx_lookup", config: dv({ name: "q", result: null, extra: null }, t) });
    expect(res.diagnostics).toEqual([]);
    expect(un(res.state, t)).toEqual({ name: "q", result: "found q", extra: null });
  });
});

describe("StopProvider", () => {
  it("aborts the signal of in-flight operations and gives later calls a fresh one", async () => {
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const { rpc } = await configured({
      inFlight: (signal) => {
        seen = signal;
        started();
        return new Promise<void>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      },
    });
    const config = thingConfig();
    const plan = un((await planCreate(rpc, config)).planned_state) as ValueObject;
    const applying = rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: dv(plan), config: dv(config), planned_private: Buffer.alloc(0) });
    await startedP;
    expect(await rpc.stopProvider()).toEqual({ Error: "" });
    const res = await applying;
    expect(seen?.aborted).toBe(true);
    expect(errors(res.diagnostics)).toEqual(["Create was cancelled"]);
    const after = await (await configured()).rpc.stopProvider();
    expect(after.Error).toBe("");
  });
});

describe("logging", () => {
  it("logs each RPC and never a sensitive or write-only value, even at trace", async () => {
    const { rpc, logger } = await configured();
    await rpc.configureProvider({ terraform_version: "1.11.4", config: dv({ endpoint: "http://x", token: "tok-SECRET-1" }, providerType) });
    const config = thingConfig({ secret_wo: "wo-SECRET-2", name: "visible-name" });
    const p = await planCreate(rpc, config);
    await rpc.applyResourceChange({ type_name: "fx_thing", prior_state: dv(null), planned_state: p.planned_state!, config: dv(config), planned_private: Buffer.alloc(0) });
    const all = logger.lines.join("\n");
    expect(all).toContain("Received PlanResourceChange");
    expect(all).toContain("Received ApplyResourceChange");
    expect(all).toContain("visible-name");
    expect(all).toContain("(sensitive)");
    expect(all).not.toContain("SECRET");
  });
});

describe("paths in diagnostics from resource code", () => {
  it("a typed getter on an unknown value names the attribute", async () => {
    const def = provider();
    const rpc = createProviderServer({ ...def, resources: [{ ...def.resources[0]!, validateConfig: (ctx) => void ctx.config.getString(attr("name")) }] }, { logger: new CapturingLogger() });
    const r = await rpc.validateResourceConfig({ type_name: "fx_thing", config: dv(thingConfig({ name: UNKNOWN })), client_capabilities: { write_only_attributes_allowed: true } });
    expect(r.diagnostics.map((d) => [d.summary, pathOf(d)])).toEqual([["Value of name is not known yet", ["name"]]]);
  });
});

