// Planning of voximplant_sip_registration through the real PlanResourceChange path: binding
// partners, defaults, replacement rules, no-op plans. Planning makes no API call.
import type { ValueObject } from "../../../src/plugin/cty/value";
import type { ProviderMeta } from "../../../src/provider";
import { DuplicateGuard } from "../../../src/provider/sip-registration/duplicates";
import { ResourceHarness, UNKNOWN, errorsOf, toValue, resourceType, type Plain } from "./sip-registration-harness";

const apiCalls: string[] = [];
const recordingMeta = (): ProviderMeta =>
  new Proxy({} as ProviderMeta, {
    get(_t, prop) {
      if (prop === "then") return undefined; // not a promise
      // the duplicate check's in-memory claims (no API): a fresh guard, as each terraform plan has
      if (prop === "duplicates") return new DuplicateGuard();
      apiCalls.push(String(prop));
      throw new Error(`planning used meta.${String(prop)}`);
    },
  });

const h = new ResourceHarness({ meta: recordingMeta });

afterAll(() => {
  expect(apiCalls).toEqual([]);
});

/** A state as apply leaves it for `config` (bindings as the API reports them). */
function state(over: Plain = {}): ValueObject {
  return toValue(
    {
      id: "5",
      sip_registration_id: 5,
      sip_username: "1001",
      proxy: "sip.example.com",
      is_persistent: true,
      wait_for_registration: false,
      registration_timeout: "2m",
      successful: true,
      status_code: 200,
      deactivated: false,
      last_updated: 1700000000,
      purchase_date: "2026-01-01 00:00:00",
      next_subscription_renewal: "2026-02-01",
      subscription_price: "0.99",
      ...over,
    },
    resourceType,
  ) as ValueObject;
}

const CONFIG: Plain = { sip_username: "1001", proxy: "sip.example.com" };
const BOUND = {
  application_id: 1,
  application_name: "demo-app.emulator.voximplant.com",
  rule_id: 1,
  rule_name: "demo-rule",
  user_id: 1,
  user_name: "demo-user",
};

describe("create plans", () => {
  it("plans the partner of a configured binding and every computed value as unknown, defaults as known", async () => {
    const p = await h.plan(null, { ...CONFIG, application_name: "demo-app", rule_id: 2 });
    expect(errorsOf(p.diagnostics)).toEqual([]);
    expect(p.plainPlanned).toMatchObject({
      application_name: "demo-app",
      application_id: UNKNOWN,
      rule_id: 2,
      rule_name: UNKNOWN,
      user_id: null,
      user_name: null,
      is_persistent: true,
      wait_for_registration: false,
      registration_timeout: "2m",
      id: UNKNOWN,
      sip_registration_id: UNKNOWN,
      successful: UNKNOWN,
      purchase_date: UNKNOWN,
    });
  });

  it("never puts a write-only password into the plan", async () => {
    const p = await h.plan(null, { ...CONFIG, password_wo: "top-secret", password_wo_version: 1 });
    expect(p.plainPlanned?.password_wo).toBeNull();
    expect(JSON.stringify(p.plainPlanned)).not.toContain("top-secret");
  });
});

describe("update plans", () => {
  it("is a no-op when nothing changed (by id)", async () => {
    const prior = state(BOUND);
    const p = await h.plan(prior, { ...CONFIG, application_id: 1, rule_id: 1, user_id: 1 });
    expect(p.planned).toEqual(prior);
    expect(p.requiresReplace).toEqual([]);
  });

  it("is a no-op when nothing changed (by name)", async () => {
    const prior = state({ ...BOUND, application_name: "demo-app" });
    const p = await h.plan(prior, {
      ...CONFIG,
      application_name: "demo-app",
      rule_name: "demo-rule",
      user_name: "demo-user",
    });
    expect(p.planned).toEqual(prior);
  });

  it("treats the short application name as the full name the API reports (keeps the prior spelling)", async () => {
    const prior = state(BOUND);
    const p = await h.plan(prior, {
      ...CONFIG,
      application_name: "demo-app",
      rule_name: "demo-rule",
      user_name: "demo-user",
    });
    expect(p.planned).toEqual(prior);
  });

  it("plans the partner unknown when the configured member changed, and keeps unchanged pairs", async () => {
    const prior = state({ ...BOUND, application_name: "demo-app" });
    const p = await h.plan(prior, { ...CONFIG, application_name: "demo-app", rule_id: 2, user_name: "demo-user" });
    expect(p.plainPlanned).toMatchObject({
      application_name: "demo-app",
      application_id: 1,
      rule_id: 2,
      rule_name: UNKNOWN,
      user_name: "demo-user",
      user_id: 1,
      id: "5",
      sip_registration_id: 5,
      purchase_date: "2026-01-01 00:00:00",
    });
    expect(p.requiresReplace).toEqual([]);
  });

  it("a rule given by name is re-resolved when the application changes", async () => {
    const prior = state({ ...BOUND, application_name: "demo-app" });
    const p = await h.plan(prior, { ...CONFIG, application_name: "demo-app-2", rule_name: "demo-rule" });
    expect(p.plainPlanned).toMatchObject({
      application_id: UNKNOWN,
      rule_name: "demo-rule",
      rule_id: UNKNOWN,
      user_id: null,
      user_name: null,
    });
  });

  it("plans BOTH members null when a binding is removed from the configuration", async () => {
    const p = await h.plan(state(BOUND), { ...CONFIG, application_id: 1 });
    expect(p.plainPlanned).toMatchObject({
      application_id: 1,
      application_name: BOUND.application_name,
      rule_id: null,
      rule_name: null,
      user_id: null,
      user_name: null,
    });
    const none = await h.plan(state(BOUND), CONFIG);
    expect(none.plainPlanned).toMatchObject({
      application_id: null,
      application_name: null,
      rule_id: null,
      rule_name: null,
    });
  });

  it("an unknown configured id plans its partner unknown", async () => {
    const p = await h.plan(state(BOUND), { ...CONFIG, application_id: UNKNOWN });
    expect(p.plainPlanned).toMatchObject({ application_id: UNKNOWN, application_name: UNKNOWN });
  });

  it("changes connection fields in place", async () => {
    const p = await h.plan(state({ auth_user: "a" }), {
      ...CONFIG,
      proxy: "other.example.com",
      auth_user: "b",
      outbound_proxy: "edge.example.com",
    });
    expect(p.requiresReplace).toEqual([]);
    expect(p.plainPlanned).toMatchObject({
      proxy: "other.example.com",
      auth_user: "b",
      id: "5",
      // the registrar's answer and the change time are new; billing facts stay as they are
      successful: UNKNOWN,
      status_code: UNKNOWN,
      last_updated: UNKNOWN,
      purchase_date: "2026-01-01 00:00:00",
      subscription_price: "0.99",
      next_subscription_renewal: "2026-02-01",
      deactivated: false,
    });
  });
});

describe("replacement", () => {
  it("is_persistent cannot be changed in place", async () => {
    const p = await h.plan(state(), { ...CONFIG, is_persistent: false });
    expect(p.requiresReplace).toEqual(["is_persistent"]);
  });

  it.each(["auth_user", "outbound_proxy"])(
    "removing %s forces replacement (the API cannot clear it)",
    async (field) => {
      const p = await h.plan(state({ [field]: "edge.example.com" }), CONFIG);
      expect(p.requiresReplace).toEqual([field]);
    },
  );

  it("removing the password forces replacement; switching to password_wo does not", async () => {
    expect((await h.plan(state({ password: "p" }), CONFIG)).requiresReplace).toEqual(["password"]);
    expect(
      (await h.plan(state({ password: "p" }), { ...CONFIG, password_wo: "w", password_wo_version: 1 })).requiresReplace,
    ).toEqual([]);
  });

  it("removing password_wo (its version) forces replacement; switching to password does not", async () => {
    expect((await h.plan(state({ password_wo_version: 1 }), CONFIG)).requiresReplace).toEqual(["password_wo_version"]);
    expect((await h.plan(state({ password_wo_version: 1 }), { ...CONFIG, password: "p" })).requiresReplace).toEqual([]);
  });

  it("a new password_wo_version is an in-place update", async () => {
    const p = await h.plan(state({ password_wo_version: 1 }), { ...CONFIG, password_wo: "w2", password_wo_version: 2 });
    expect(p.requiresReplace).toEqual([]);
    expect(p.plainPlanned).toMatchObject({ password_wo_version: 2, password_wo: null });
  });
});
