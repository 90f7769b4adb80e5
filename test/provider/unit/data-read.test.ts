// Read logic of the data sources against the in-process emulator (real HTTP, no terraform):
// exact matching on top of the API's partial name filters, short and full application names,
// every lookup way, not-found and ambiguity errors, list filters and paging.
import { VoximplantClient } from "../../../src/api";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { applicationDataSource } from "../../../src/provider/data-sources/application";
import { ruleDataSource } from "../../../src/provider/data-sources/rule";
import { sipRegistrationDataSource } from "../../../src/provider/data-sources/sip-registration";
import { sipRegistrationsDataSource } from "../../../src/provider/data-sources/sip-registrations";
import { userDataSource } from "../../../src/provider/data-sources/user";
import { Lookups } from "../../../src/provider/lookups";
import type { ProviderMeta } from "../../../src/provider/meta";
import { createRegistrationReader } from "../../../src/provider/registration-reader";
import { dataSourceHarness, type DataSourceHarness } from "../../support/provider-rpc";
import { DuplicateGuard } from "../../../src/provider/sip-registration/duplicates";

let emu: RunningEmulator;
let client: VoximplantClient;
let h: DataSourceHarness;
const ids: Record<string, number> = {};

beforeAll(async () => {
  // A page size of 2 makes every listing below span several pages.
  // The non-persistent fixture settles like the others: these tests are about filters, not SDK logins.
  emu = await startEmulator({ seed: true, config: { maxPageSize: 2, nonPersistentNeedsLogin: false } });
  client = new VoximplantClient({ credentialsPath: emu.credentialsPath, apiUrl: emu.url, rateLimit: false });
  // A third application whose name contains "demo-app": the server's partial filter returns it too.
  await client.addApplication({ application_name: "my-demo-app" });
  const mk = async (key: string, p: Parameters<VoximplantClient["createSipRegistration"]>[0]) => {
    ids[key] = (await client.createSipRegistration(p)).sip_registration_id;
  };
  await mk("a", { sip_username: "1001", proxy: "sip.example.com", application_id: 1, rule_id: 1 });
  await mk("b", { sip_username: "10011", proxy: "sip.example.com", application_id: 2 });
  await mk("c", {
    sip_username: "1002",
    proxy: "pbx.example.net",
    application_id: 1,
    user_id: 1,
    auth_user: "auth-1002",
  });
  await mk("d", { sip_username: "dup", proxy: "sip.example.com" });
  await mk("e", { sip_username: "dup", proxy: "sip.example.com" });
  await mk("f", {
    sip_username: "1003",
    proxy: "failing.example.org",
    is_persistent: false,
    application_id: 1,
    user_id: 2,
  });
  const meta = (): ProviderMeta => ({
    client,
    lookups: new Lookups(client),
    reader: createRegistrationReader("per_resource", client),
    readMode: "per_resource",
    duplicates: new DuplicateGuard(),
  });
  h = dataSourceHarness<ProviderMeta>(
    [applicationDataSource, ruleDataSource, userDataSource, sipRegistrationDataSource, sipRegistrationsDataSource],
    meta,
  );
});

afterAll(async () => {
  await client.close();
  await emu.close();
});

async function ok(type: string, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await h.read(type, config);
  expect(r.diagnostics).toEqual([]);
  return r.state!;
}

async function fails(type: string, config: Record<string, unknown>) {
  const r = await h.read(type, config);
  expect(r.state).toBeNull();
  expect(r.diagnostics).toHaveLength(1);
  return r.diagnostics[0]!;
}

describe("voximplant_application read", () => {
  it("finds an application by its short name, exactly, although the API filter matches 3", async () => {
    const s = await ok("voximplant_application", { name: "demo-app" });
    expect(s).toEqual({
      name: "demo-app",
      application_id: 1,
      full_name: "demo-app.emulator.voximplant.com",
      modified: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      secure_record_storage: false,
    });
  });

  it("accepts the full name and ignores case, keeping the configured spelling", async () => {
    expect(await ok("voximplant_application", { name: "demo-app-2.emulator.voximplant.com" })).toMatchObject({
      application_id: 2,
      name: "demo-app-2.emulator.voximplant.com",
    });
    expect(await ok("voximplant_application", { name: "Demo-App" })).toMatchObject({
      application_id: 1,
      name: "Demo-App",
    });
  });

  it("finds an application by id and reports its short name", async () => {
    expect(await ok("voximplant_application", { application_id: 2 })).toMatchObject({
      name: "demo-app-2",
      full_name: "demo-app-2.emulator.voximplant.com",
    });
  });

  it("reports what was searched when nothing matches", async () => {
    const byName = await fails("voximplant_application", { name: "demo" });
    expect(byName).toMatchObject({ severity: "error", summary: "Application not found", path: "name" });
    expect(byName.detail).toContain('No application named "demo" exists');
    const otherAccount = await fails("voximplant_application", { name: "demo-app.other.voximplant.com" });
    expect(otherAccount.path).toBe("name");
    const byId = await fails("voximplant_application", { application_id: 99 });
    expect(byId).toMatchObject({ summary: "Application not found", path: "application_id" });
    expect(byId.detail).toContain("with id 99");
  });
});

describe("voximplant_rule read", () => {
  it("finds a rule by exact name although another rule's name contains it", async () => {
    expect(await ok("voximplant_rule", { application_id: 1, name: "demo-rule" })).toEqual({
      application_id: 1,
      name: "demo-rule",
      rule_id: 1,
      rule_pattern: ".*",
      rule_pattern_exclude: null,
      video_conference: false,
      modified: expect.any(String),
    });
  });

  it("finds a rule by id", async () => {
    expect(await ok("voximplant_rule", { application_id: 1, rule_id: 2 })).toMatchObject({
      name: "demo-rule-2",
      rule_pattern: "\\+?1\\d{10}",
    });
  });

  it("does not find another application's rule", async () => {
    const d = await fails("voximplant_rule", { application_id: 1, rule_id: 3 });
    expect(d).toMatchObject({ summary: "Rule not found", path: "rule_id" });
    expect(d.detail).toContain("with id 3 in application 1");
    expect((await fails("voximplant_rule", { application_id: 2, name: "demo-rule" })).path).toBe("name");
  });
});

describe("voximplant_user read", () => {
  it("finds a user by exact name and by id", async () => {
    expect(await ok("voximplant_user", { application_id: 1, name: "demo-user" })).toMatchObject({
      user_id: 1,
      display_name: "Demo User",
      active: true,
    });
    expect(await ok("voximplant_user", { application_id: 2, user_id: 3 })).toMatchObject({ name: "demo-app-2-user" });
  });

  it("does not find a user of another application", async () => {
    const d = await fails("voximplant_user", { application_id: 2, name: "demo-user" });
    expect(d).toMatchObject({ summary: "User not found", path: "name" });
    expect(d.detail).toContain('named "demo-user" bound to application 2');
  });
});

describe("voximplant_sip_registration read", () => {
  it("reads a registration by sip_registration_id with every field", async () => {
    const s = await ok("voximplant_sip_registration", { sip_registration_id: ids.c });
    expect(s).toMatchObject({
      id: String(ids.c),
      sip_registration_id: ids.c,
      sip_username: "1002",
      proxy: "pbx.example.net",
      auth_user: "auth-1002",
      outbound_proxy: null,
      is_persistent: true,
      application_id: 1,
      application_name: "demo-app.emulator.voximplant.com",
      rule_id: null,
      user_id: 1,
      user_name: "demo-user",
      deactivated: false,
      subscription_price: "0.99",
    });
    expect(s.purchase_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(s.next_subscription_renewal).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(s).not.toHaveProperty("password");
  });

  it("reads by the text id", async () => {
    expect(await ok("voximplant_sip_registration", { id: String(ids.a) })).toMatchObject({
      sip_registration_id: ids.a,
      rule_name: "demo-rule",
    });
  });

  it("reads by sip_username + proxy, exactly (10011 is not 1001)", async () => {
    expect(await ok("voximplant_sip_registration", { sip_username: "1001", proxy: "sip.example.com" })).toMatchObject({
      sip_registration_id: ids.a,
      id: String(ids.a),
    });
  });

  it("refuses an ambiguous sip_username + proxy, listing the ids", async () => {
    const d = await fails("voximplant_sip_registration", { sip_username: "dup", proxy: "sip.example.com" });
    expect(d.summary).toBe("Several SIP registrations match");
    expect(d.detail).toContain(`ids ${ids.d}, ${ids.e}`);
    expect(d.path).toBe("sip_username");
  });

  it("reports what was searched when nothing matches", async () => {
    const byId = await fails("voximplant_sip_registration", { sip_registration_id: 424242 });
    expect(byId).toMatchObject({ summary: "SIP registration not found", path: "sip_registration_id" });
    expect(byId.detail).toContain("with id 424242");
    const byKey = await fails("voximplant_sip_registration", { sip_username: "1001", proxy: "other.example.com" });
    expect(byKey.detail).toContain('No SIP registration with sip_username "1001" and proxy "other.example.com" exists');
  });
});

describe("voximplant_sip_registrations read", () => {
  const T = "voximplant_sip_registrations";

  it("lists every registration over several pages, ordered by id", async () => {
    emu.emulator.resetControls();
    const s = await ok(T, {});
    expect(s.ids).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e, ids.f]);
    expect((s.registrations as unknown[]).length).toBe(6);
    // 6 rows at 2 per page: 3 full pages and the empty one that ends the walk.
    expect(emu.emulator.log.counts().byMethod.GetSipRegistrations).toBe(4);
  });

  it("matches sip_username exactly", async () => {
    expect((await ok(T, { sip_username: "1001" })).ids).toEqual([ids.a]);
  });

  it("passes the API filters through", async () => {
    expect((await ok(T, { application_id: [1] })).ids).toEqual([ids.a, ids.c, ids.f]);
    expect((await ok(T, { application_id: [1, 2], rule_id: [1] })).ids).toEqual([ids.a]);
    expect((await ok(T, { user_id: [1, 2] })).ids).toEqual([ids.c, ids.f]);
    expect((await ok(T, { proxy: ["pbx.example.net", "failing.example.org"] })).ids).toEqual([ids.c, ids.f]);
    expect((await ok(T, { is_persistent: false })).ids).toEqual([ids.f]);
    expect((await ok(T, { is_bound_to_application: false })).ids).toEqual([ids.d, ids.e]);
    expect((await ok(T, { deactivated: true })).ids).toEqual([]);
    // The emulator's registrar fails hosts starting with "fail".
    expect((await ok(T, { successful: false })).ids).toEqual([ids.f]);
    expect((await ok(T, { status_code: "400:699" })).ids).toEqual([ids.f]);
    expect((await ok(T, { status_code: "200", proxy: ["sip.example.com"] })).ids).toEqual([ids.a, ids.b, ids.d, ids.e]);
  });

  it("gives the documented result even from a server that reads false as 'no filter'", async () => {
    // What GetSipRegistrations does with successful=false / deactivated=false is not documented:
    // a client that drops false filters stands in for a server that ignores them.
    const ignoring = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== "listAllSipRegistrations") return Reflect.get(target, prop, receiver);
        return (f: Record<string, unknown>, o: object) =>
          target.listAllSipRegistrations(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== false)), o);
      },
    });
    const lenient = dataSourceHarness<ProviderMeta>([sipRegistrationsDataSource], () => ({
      client: ignoring,
      lookups: new Lookups(ignoring),
      reader: createRegistrationReader("per_resource", ignoring),
      readMode: "per_resource",
      duplicates: new DuplicateGuard(),
    }));
    const read = async (config: Record<string, unknown>): Promise<unknown> => {
      const r = await lenient.read(T, config);
      expect(r.diagnostics).toEqual([]);
      return r.state!.ids;
    };
    expect(await read({ successful: false })).toEqual([ids.f]);
    expect(await read({ successful: true })).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e]);
    expect(await read({ deactivated: false })).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e, ids.f]);
    expect(await read({ is_persistent: false })).toEqual([ids.f]);
  });

  it("reports each registration's fields", async () => {
    const s = await ok(T, { sip_username: "1002" });
    expect(s.registrations).toEqual([
      expect.objectContaining({ sip_registration_id: ids.c, user_name: "demo-user", auth_user: "auth-1002" }),
    ]);
  });

  it("returns empty lists when nothing matches", async () => {
    expect(await ok(T, { sip_username: "nobody" })).toMatchObject({ ids: [], registrations: [] });
  });
});
