// voximplant_sip_registration's create / read / update / delete / import against the emulator,
// through the provider's RPC server (no terraform), checking results AND the API calls made.
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import type { FaultSpec } from "../../../src/emulator/faults";
import type { ValueObject } from "../../../src/plugin/cty/value";
import { ResourceHarness, errorsOf, type Plain } from "./sip-registration-harness";

let emu: RunningEmulator;
let h: ResourceHarness;

beforeAll(async () => {
  emu = await startEmulator({ seed: true });
  h = new ResourceHarness({
    providerConfig: { credentials_file: emu.credentialsPath, api_url: emu.url, read_mode: "per_resource" },
  });
  expect(await h.configure()).toEqual([]);
});

afterAll(() => emu.close());

beforeEach(() => {
  emu.emulator.faults.clear();
});

function methods(since = 0): string[] {
  return emu.emulator.log.list(since).map((e) => e.method);
}

function lastSeq(): number {
  const all = emu.emulator.log.list(0);
  return all.length === 0 ? 0 : all[all.length - 1]!.seq;
}

function registrations(): Array<{ sip_registration_id: number; sip_username: string; proxy: string }> {
  return [...emu.emulator.state.registrations.values()];
}

let counter = 0;
function fresh(over: Plain = {}): Plain {
  counter++;
  return { sip_username: `u${counter}`, proxy: `sip${counter}.example.com`, ...over };
}

async function created(config: Plain): Promise<{ raw: ValueObject; state: Plain }> {
  const r = await h.planApply(null, config);
  expect(errorsOf(r.diagnostics)).toEqual([]);
  return { raw: r.raw!, state: r.state! };
}

describe("create", () => {
  it("checks for a duplicate, resolves names, creates once and reads back", async () => {
    const since = lastSeq();
    const { state } = await created(
      fresh({ application_name: "demo-app", rule_name: "demo-rule", user_name: "demo-user", password: "pw-1" }),
    );
    // duplicate check, names, create, the concurrent-duplicate check (one page: a single row asked for
    // more is the end); the row of ours in that check is the read-back (no separate call)
    expect(methods(since)).toEqual([
      "GetSipRegistrations",
      "GetApplications",
      "GetRules",
      "GetUsers",
      "GetSipRegistrations", // no other registration holds the user (one per user)
      "CreateSipRegistration",
      "GetSipRegistrations",
    ]);
    expect(state).toMatchObject({
      application_name: "demo-app",
      application_id: 1,
      rule_name: "demo-rule",
      rule_id: 1,
      user_name: "demo-user",
      user_id: 1,
      successful: true,
      status_code: 200,
      is_persistent: true,
      password: "pw-1",
      subscription_price: "0.99",
    });
    expect(state.id).toBe(String(state.sip_registration_id));
    const create = emu.emulator.log.list(since).find((e) => e.method === "CreateSipRegistration")!;
    expect(create.params).toMatchObject({ application_id: "1", rule_id: "1", user_id: "1", password: "***" });
  });

  it("refuses an existing (sip_username, proxy) with the import command, creating nothing", async () => {
    const config = fresh();
    const { state } = await created(config);
    const since = lastSeq();
    const r = await h.planApply(null, config);
    const errs = errorsOf(r.diagnostics);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ summary: "SIP registration already exists", path: "sip_username" });
    expect(errs[0]!.detail).toContain(
      `terraform import voximplant_sip_registration.<name> ${state.sip_registration_id}`,
    );
    expect(errs[0]!.detail).toContain(`to = voximplant_sip_registration.<name>`);
    expect(errs[0]!.detail).toContain(`id = "${state.sip_registration_id}"`);
    expect(r.state).toBeNull();
    expect(new Set(methods(since))).toEqual(new Set(["GetSipRegistrations"]));
  });

  it("adopts the registration when the response is lost after commit (never two)", async () => {
    const config = fresh();
    emu.emulator.faults.add({ method: "CreateSipRegistration", fault: "drop_after_commit", count: 1 } as FaultSpec);
    const since = lastSeq();
    const { state } = await created(config);
    const mine = registrations().filter((r) => r.sip_username === config.sip_username);
    expect(mine).toHaveLength(1);
    expect(state.sip_registration_id).toBe(mine[0]!.sip_registration_id);
    expect(methods(since).filter((m) => m === "CreateSipRegistration")).toHaveLength(1);
  });

  it("retries when the ambiguous failure did not create anything", async () => {
    const config = fresh();
    emu.emulator.faults.add({ method: "CreateSipRegistration", fault: "http_500", count: 1 } as FaultSpec);
    const since = lastSeq();
    await created(config);
    expect(registrations().filter((r) => r.sip_username === config.sip_username)).toHaveLength(1);
    expect(methods(since)).toEqual([
      "GetSipRegistrations",
      "CreateSipRegistration",
      "GetSipRegistrations",
      "CreateSipRegistration",
      "GetSipRegistrations",
    ]);
  });

  it("a definite API error creates nothing and names the attribute", async () => {
    const r = await h.planApply(null, fresh({ application_id: 999 }));
    const errs = errorsOf(r.diagnostics);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ summary: "Could not create the SIP registration", path: "application_id" });
    expect(errs[0]!.detail).toMatch(/error 116/);
    expect(r.state).toBeNull();
  });

  it("an unknown application name fails before creating, pointing at application_name", async () => {
    const since = lastSeq();
    const r = await h.planApply(null, fresh({ application_name: "no-such-app" }));
    expect(errorsOf(r.diagnostics)).toEqual([
      expect.objectContaining({ summary: "Application not found", path: "application_name" }),
    ]);
    expect(methods(since)).not.toContain("CreateSipRegistration");
  });

  // An error would make Terraform taint the new registration and buy another on the next apply.
  it(
    "wait_for_registration: a refused registration is a warning quoting the status, " + "state kept, no error",
    async () => {
      const r = await h.planApply(null, fresh({ proxy: "fail.example.com", wait_for_registration: true }));
      expect(errorsOf(r.diagnostics)).toEqual([]);
      const warnings = r.diagnostics.filter((d) => d.severity === "warning");
      expect(warnings.map((d) => d.summary)).toEqual(["SIP registration refused by the registrar"]);
      expect(warnings[0]!.detail).toContain('403 "Forbidden"');
      expect(warnings[0]!.detail).toMatch(/not tainted, so it is never bought again/);
      expect(r.state).toMatchObject({ successful: false, status_code: 403, error_message: "Forbidden" });
      expect(r.state!.sip_registration_id).toEqual(expect.any(Number));
    },
  );

  it(
    "wait_for_registration: the next plan re-checks a refused registration in place, " +
      "and its apply fails while refused",
    async () => {
      const config = fresh({ proxy: "fail.example.com", wait_for_registration: true });
      const first = await h.planApply(null, config);
      const again = await h.planApply(first.raw, config);
      expect(again.plan.requiresReplace).toEqual([]);
      expect(again.plan.plainPlanned).toMatchObject({
        successful: expect.anything(),
        sip_registration_id: first.state!.sip_registration_id,
      });
      expect(errorsOf(again.diagnostics).map((d) => d.summary)).toEqual(["SIP registration refused by the registrar"]);
      expect(again.state).toMatchObject({ sip_registration_id: first.state!.sip_registration_id, successful: false });
      // the fix is an update of the same registration
      const fixed = await h.planApply(again.raw, { ...config, proxy: "sip-fixed.example.com" });
      expect(errorsOf(fixed.diagnostics)).toEqual([]);
      expect(fixed.state).toMatchObject({ sip_registration_id: first.state!.sip_registration_id, successful: true });
      const settled = await h.plan(fixed.raw, { ...config, proxy: "sip-fixed.example.com" });
      expect(settled.plainPlanned!.successful).toBe(true);
    },
  );

  it(
    "wait_for_registration: a registration still in progress at the timeout is a " + "warning with the state kept",
    async () => {
      const r = await h.planApply(
        null,
        fresh({ proxy: "slow.example.com", wait_for_registration: true, registration_timeout: "300ms" }),
      );
      expect(errorsOf(r.diagnostics)).toEqual([]);
      expect(r.diagnostics.map((d) => d.summary)).toEqual(["SIP registration did not complete in time"]);
      expect(r.state).toMatchObject({ successful: null, status_code: null });
      expect(r.state!.id).toEqual(expect.any(String));
    },
  );

  it("wait_for_registration: waits for a slow registration to succeed", async () => {
    const { state } = await created(
      fresh({ proxy: "slow.example.com", wait_for_registration: true, registration_timeout: "20s" }),
    );
    expect(state).toMatchObject({ successful: true, status_code: 200 });
  });

  it("StopProvider cancels the call in flight", async () => {
    emu.emulator.faults.add({
      method: "GetSipRegistrations",
      fault: "latency",
      latency_ms: 3000,
      count: 1,
    } as FaultSpec);
    const pending = h.planApply(null, fresh());
    await new Promise((r) => setTimeout(r, 300));
    await h.stop();
    const r = await pending;
    expect(
      errorsOf(r.diagnostics)
        .map((d) => d.detail)
        .join("\n"),
    ).toMatch(/cancelled/);
    expect(r.state).toBeNull();
  });
});

describe("read", () => {
  it("refreshes from the API, keeping the password and the configured application spelling", async () => {
    const { raw } = await created(fresh({ application_name: "demo-app", password: "keep-me" }));
    const r = await h.read(raw);
    expect(r.state).toMatchObject({ application_name: "demo-app", application_id: 1, password: "keep-me" });
  });

  it("keeps the configured spelling of a host the API reports in another case", async () => {
    const { raw, state } = await created(
      fresh({ proxy: "Mixed-Case.Example.com", outbound_proxy: "Edge.Example.com" }),
    );
    const reg = emu.emulator.state.registrations.get(state.sip_registration_id as number)!;
    reg.proxy = reg.proxy.toLowerCase();
    reg.outbound_proxy = "edge.example.com";
    const r = await h.read(raw);
    expect(r.state).toMatchObject({ proxy: "Mixed-Case.Example.com", outbound_proxy: "Edge.Example.com" });
  });

  it("reports a deleted registration as gone", async () => {
    const { raw, state } = await created(fresh());
    emu.emulator.state.registrations.delete(state.sip_registration_id as number);
    const r = await h.read(raw);
    expect(r.state).toBeNull();
    expect(errorsOf(r.diagnostics)).toEqual([]);
  });

  it("sees changes made outside Terraform", async () => {
    const { raw, state } = await created(fresh({ application_id: 1 }));
    const reg = emu.emulator.state.registrations.get(state.sip_registration_id as number)!;
    reg.proxy = "moved.example.com";
    reg.application_id = 2;
    const r = await h.read(raw);
    expect(r.state).toMatchObject({
      proxy: "moved.example.com",
      application_id: 2,
      application_name: "demo-app-2.emulator.voximplant.com",
    });
  });
});

describe("update", () => {
  it("sends one UpdateSipRegistration with only the changed fields", async () => {
    const config = fresh({ auth_user: "a1", password: "p1" });
    const { raw } = await created(config);
    const since = lastSeq();
    const r = await h.planApply(raw, { ...config, proxy: "changed.example.com", auth_user: "a2" });
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const calls = emu.emulator.log.list(since).filter((e) => e.method !== "GetSipRegistrations");
    expect(calls.map((c) => [c.method, c.params])).toEqual([
      [
        "UpdateSipRegistration",
        { sip_registration_id: String(r.state!.sip_registration_id), proxy: "changed.example.com", auth_user: "a2" },
      ],
    ]);
    expect(r.state).toMatchObject({ proxy: "changed.example.com", auth_user: "a2", password: "p1" });
  });

  it("sends password_wo only when its version changes", async () => {
    const config = fresh({ password_wo: "w1", password_wo_version: 1 });
    const { raw, state } = await created(config);
    const id = state.sip_registration_id as number;
    expect(emu.emulator.state.registrations.get(id)!.password).toBe("w1");
    const same = await h.planApply(raw, { ...config, password_wo: "w2" });
    expect(same.plan.planned).toEqual(raw);
    const since = lastSeq();
    const r = await h.planApply(raw, { ...config, password_wo: "w2", password_wo_version: 2 });
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(methods(since).filter((m) => m !== "GetSipRegistrations")).toEqual(["UpdateSipRegistration"]);
    expect(emu.emulator.state.registrations.get(id)!.password).toBe("w2");
    expect(r.state!.password_wo).toBeNull();
  });

  it("rebinds with BindSipRegistration only, and unbinds removed bindings", async () => {
    const config = fresh({ application_name: "demo-app", rule_name: "demo-rule" });
    const { raw } = await created(config);
    let since = lastSeq();
    const moved = await h.planApply(raw, { ...config, rule_name: "demo-rule-2", user_name: "demo-user-2" });
    expect(errorsOf(moved.diagnostics)).toEqual([]);
    const binds = emu.emulator.log.list(since).filter((e) => !e.method.startsWith("Get"));
    expect(binds.map((c) => [c.method, c.params])).toEqual([
      [
        "BindSipRegistration",
        {
          sip_registration_id: String(moved.state!.sip_registration_id),
          application_id: "1",
          rule_id: "2",
          user_id: "2",
          bind: "true",
        },
      ],
    ]);
    expect(moved.state).toMatchObject({
      rule_id: 2,
      rule_name: "demo-rule-2",
      user_id: 2,
      user_name: "demo-user-2",
      application_name: "demo-app",
    });

    since = lastSeq();
    const unbound = await h.planApply(moved.raw, { sip_username: config.sip_username, proxy: config.proxy });
    expect(errorsOf(unbound.diagnostics)).toEqual([]);
    expect(
      emu.emulator.log
        .list(since)
        .filter((e) => !e.method.startsWith("Get"))
        .map((c) => [c.method, c.params]),
    ).toEqual([
      [
        "BindSipRegistration",
        { sip_registration_id: String(moved.state!.sip_registration_id), application_id: "1", bind: "false" },
      ],
    ]);
    expect(unbound.state).toMatchObject({
      application_id: null,
      application_name: null,
      rule_id: null,
      rule_name: null,
      user_id: null,
      user_name: null,
    });
  });

  it("a failed update keeps the prior state", async () => {
    const config = fresh();
    const { raw } = await created(config);
    emu.emulator.faults.add({
      method: "UpdateSipRegistration",
      fault: "api_error",
      code: 274,
      msg: "proxy is invalid",
      count: 1,
    } as FaultSpec);
    const r = await h.planApply(raw, { ...config, proxy: "other.example.com" });
    expect(errorsOf(r.diagnostics)).toEqual([
      expect.objectContaining({ summary: "Could not update the SIP registration" }),
    ]);
    expect(r.raw).toEqual(raw);
  });
});

describe("delete", () => {
  it("deletes, and counts an already deleted registration as success", async () => {
    const { raw, state } = await created(fresh());
    const first = await h.apply(raw, null, null);
    expect(errorsOf(first.diagnostics)).toEqual([]);
    expect(first.state).toBeNull();
    expect(emu.emulator.state.registrations.has(state.sip_registration_id as number)).toBe(false);
    const again = await h.apply(raw, null, null);
    expect(errorsOf(again.diagnostics)).toEqual([]);
    expect(again.state).toBeNull();
  });
});

describe("import", () => {
  it.each(["abc", "0", "-3", "1.5", "", "12345678901234567890"])("rejects the ID %j with a clear error", async (id) => {
    const r = await h.import(id);
    expect(errorsOf(r.diagnostics)).toEqual([expect.objectContaining({ summary: "Invalid import ID" })]);
    expect(errorsOf(r.diagnostics)[0]!.detail).toMatch(/numeric sip_registration_id/);
  });

  it("imports by id; the first read records binding ids only, later reads fill the names", async () => {
    const { state } = await created(fresh({ application_id: 1, rule_id: 1, password: "lost" }));
    const imp = await h.import(String(state.sip_registration_id));
    expect(errorsOf(imp.diagnostics)).toEqual([]);
    const first = await h.read(imp.state!, imp.private);
    expect(first.state).toMatchObject({
      application_id: 1,
      application_name: null,
      rule_id: 1,
      rule_name: null,
      password: null,
      wait_for_registration: false,
      registration_timeout: "2m",
    });
    const second = await h.read(first.raw!, first.private);
    expect(second.state).toMatchObject({
      application_id: 1,
      application_name: "demo-app.emulator.voximplant.com",
      rule_name: "demo-rule",
    });
  });

  it("importing an id that does not exist reads as gone", async () => {
    const imp = await h.import("987654");
    const r = await h.read(imp.state!, imp.private);
    expect(r.state).toBeNull();
  });
});
