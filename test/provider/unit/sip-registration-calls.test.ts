// The diff-to-calls mapping of updates: (prior, desired, write-only password) → the exact list of
// API calls. Pure functions, no server.
import {
  bindingCalls,
  connectionUpdate,
  updateCalls,
  type RegistrationSnapshot,
} from "../../../src/provider/sip-registration/calls";

const ID = 7;

function snap(over: Partial<RegistrationSnapshot> = {}): RegistrationSnapshot {
  return {
    sip_username: "1001",
    proxy: "sip.example.com",
    auth_user: null,
    outbound_proxy: null,
    password: null,
    password_wo_version: null,
    application_id: null,
    rule_id: null,
    user_id: null,
    ...over,
  };
}

describe("updateCalls: connection fields", () => {
  it("makes no call at all when nothing changed", () => {
    const s = snap({
      auth_user: "a",
      outbound_proxy: "o.example.com",
      password: "p",
      application_id: 1,
      rule_id: 2,
      user_id: 3,
    });
    expect(updateCalls(ID, s, { ...s }, null)).toEqual([]);
  });

  it.each<[keyof RegistrationSnapshot, string]>([
    ["sip_username", "1002"],
    ["proxy", "sip2.example.com:5070"],
    ["auth_user", "auth"],
    ["outbound_proxy", "edge.example.com"],
  ])("sends only %s in one UpdateSipRegistration", (field, value) => {
    const base = { auth_user: "x", outbound_proxy: "y.example.com" };
    const calls = updateCalls(ID, snap(base), snap({ ...base, [field]: value }), null);
    expect(calls).toEqual([{ method: "UpdateSipRegistration", params: { sip_registration_id: ID, [field]: value } }]);
  });

  it("puts several changed fields into ONE update, leaving unchanged ones out", () => {
    const calls = updateCalls(
      ID,
      snap({ auth_user: "a" }),
      snap({ sip_username: "2002", proxy: "p.example.com", auth_user: "a" }),
      null,
    );
    expect(calls).toEqual([
      {
        method: "UpdateSipRegistration",
        params: { sip_registration_id: ID, sip_username: "2002", proxy: "p.example.com" },
      },
    ]);
  });

  it("sends a changed password", () => {
    expect(connectionUpdate(ID, snap({ password: "old" }), snap({ password: "new" }), null)).toEqual({
      sip_registration_id: ID,
      password: "new",
    });
  });

  it("sends password_wo when password_wo_version changed, and not otherwise", () => {
    expect(
      connectionUpdate(ID, snap({ password_wo_version: "1" }), snap({ password_wo_version: "2" }), "wo-secret"),
    ).toEqual({
      sip_registration_id: ID,
      password: "wo-secret",
    });
    expect(
      connectionUpdate(ID, snap({ password_wo_version: "1" }), snap({ password_wo_version: "1" }), "wo-secret"),
    ).toBeNull();
    expect(
      connectionUpdate(ID, snap({ password_wo_version: null }), snap({ password_wo_version: "1" }), "wo-secret"),
    ).toEqual({
      sip_registration_id: ID,
      password: "wo-secret",
    });
  });

  it("switching from password to password_wo sends the write-only one", () => {
    expect(
      connectionUpdate(ID, snap({ password: "p" }), snap({ password: null, password_wo_version: "1" }), "wo"),
    ).toEqual({
      sip_registration_id: ID,
      password: "wo",
    });
  });

  it("never sends an empty value for a field that was removed (the plan replaces instead)", () => {
    expect(
      updateCalls(ID, snap({ auth_user: "a", outbound_proxy: "o.example.com", password: "p" }), snap(), null),
    ).toEqual([]);
  });
});

describe("bindingCalls", () => {
  it("binds an added application", () => {
    expect(bindingCalls(ID, snap(), snap({ application_id: 1 }))).toEqual([
      { method: "BindSipRegistration", params: { sip_registration_id: ID, application_id: 1, bind: true } },
    ]);
  });

  it("binds application, rule and user together when all are added", () => {
    expect(bindingCalls(ID, snap(), snap({ application_id: 1, rule_id: 2, user_id: 3 }))).toEqual([
      {
        method: "BindSipRegistration",
        params: { sip_registration_id: ID, application_id: 1, rule_id: 2, user_id: 3, bind: true },
      },
    ]);
  });

  it("rebinds a changed rule naming the (unchanged) application, without the user", () => {
    expect(
      bindingCalls(
        ID,
        snap({ application_id: 1, rule_id: 2, user_id: 3 }),
        snap({ application_id: 1, rule_id: 4, user_id: 3 }),
      ),
    ).toEqual([
      { method: "BindSipRegistration", params: { sip_registration_id: ID, application_id: 1, rule_id: 4, bind: true } },
    ]);
  });

  it("rebinds a changed user", () => {
    expect(bindingCalls(ID, snap({ application_id: 1, user_id: 3 }), snap({ application_id: 1, user_id: 5 }))).toEqual([
      { method: "BindSipRegistration", params: { sip_registration_id: ID, application_id: 1, user_id: 5, bind: true } },
    ]);
  });

  it("moving to another application names the rule and user again", () => {
    expect(
      bindingCalls(
        ID,
        snap({ application_id: 1, rule_id: 2, user_id: 3 }),
        snap({ application_id: 9, rule_id: 2, user_id: 3 }),
      ),
    ).toEqual([
      {
        method: "BindSipRegistration",
        params: { sip_registration_id: ID, application_id: 9, rule_id: 2, user_id: 3, bind: true },
      },
    ]);
  });

  it("unbinds a removed application once (its rule and user go with it)", () => {
    expect(bindingCalls(ID, snap({ application_id: 1, rule_id: 2, user_id: 3 }), snap())).toEqual([
      { method: "BindSipRegistration", params: { sip_registration_id: ID, application_id: 1, bind: false } },
    ]);
  });

  it("unbinds a removed rule or user and keeps the rest", () => {
    expect(
      bindingCalls(ID, snap({ application_id: 1, rule_id: 2, user_id: 3 }), snap({ application_id: 1, user_id: 3 })),
    ).toEqual([{ method: "BindSipRegistration", params: { sip_registration_id: ID, rule_id: 2, bind: false } }]);
    expect(
      bindingCalls(ID, snap({ application_id: 1, rule_id: 2, user_id: 3 }), snap({ application_id: 1, rule_id: 2 })),
    ).toEqual([{ method: "BindSipRegistration", params: { sip_registration_id: ID, user_id: 3, bind: false } }]);
  });

  it("removes the old link before adding the new one", () => {
    expect(bindingCalls(ID, snap({ application_id: 1, user_id: 3 }), snap({ application_id: 1, rule_id: 2 }))).toEqual([
      { method: "BindSipRegistration", params: { sip_registration_id: ID, user_id: 3, bind: false } },
      { method: "BindSipRegistration", params: { sip_registration_id: ID, application_id: 1, rule_id: 2, bind: true } },
    ]);
  });

  it("makes no call when bindings are unchanged", () => {
    const s = snap({ application_id: 1, rule_id: 2, user_id: 3 });
    expect(bindingCalls(ID, s, { ...s })).toEqual([]);
  });
});

describe("updateCalls: order", () => {
  it("runs the connection update first, then unbinds, then binds", () => {
    const calls = updateCalls(
      ID,
      snap({ application_id: 1, rule_id: 2, user_id: 3 }),
      snap({ proxy: "new.example.com", application_id: 1, rule_id: 4 }),
      null,
    );
    expect(calls.map((c) => [c.method, "bind" in c.params ? c.params.bind : undefined])).toEqual([
      ["UpdateSipRegistration", undefined],
      ["BindSipRegistration", false],
      ["BindSipRegistration", true],
    ]);
  });
});
