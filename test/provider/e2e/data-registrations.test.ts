// voximplant_sip_registration and voximplant_sip_registrations under the real terraform against
// the emulator, with registrations made out of band through the API client. The emulator's page
// size is 2, so every listing below spans several GetSipRegistrations pages.
import { startStack, type Stack } from "../../support";

let stack: Stack;
const ids: Record<string, number> = {};

beforeAll(async () => {
  stack = await startStack({ seed: true, emulatorConfig: { maxPageSize: 2 } });
  const mk = async (key: string, p: Parameters<Stack["client"]["createSipRegistration"]>[0]) => {
    ids[key] = (await stack.client.createSipRegistration(p)).sip_registration_id;
  };
  await mk("a", {
    sip_username: "1001",
    proxy: "sip.example.com",
    application_id: 1,
    rule_id: 1,
    password: "pw-a-secret",
  });
  await mk("b", { sip_username: "10011", proxy: "sip.example.com", application_id: 2 });
  await mk("c", { sip_username: "1002", proxy: "pbx.example.net", application_id: 1, user_id: 1 });
  await mk("d", { sip_username: "1003", proxy: "failing.example.org", application_id: 1 });
  await mk("e", { sip_username: "1004", proxy: "sip.example.com" });
});

afterAll(() => stack.close());

describe("voximplant_sip_registration data source under terraform", () => {
  it("reads a registration by id, by text id and by sip_username + proxy", async () => {
    const dir = stack.workdir({
      "main.tf": `
data "voximplant_sip_registration" "by_id" {
  sip_registration_id = ${ids.a}
}

data "voximplant_sip_registration" "by_text_id" {
  id = "${ids.c}"
}

data "voximplant_sip_registration" "by_key" {
  sip_username = "1001"
  proxy        = "sip.example.com"
}
`,
    });
    const r = stack.expectOk(await stack.apply(dir));
    expect(r.stdout).not.toContain("pw-a-secret");
    const a = await stack.resource(dir, "data.voximplant_sip_registration.by_id");
    expect(a).toMatchObject({
      id: String(ids.a),
      sip_registration_id: ids.a,
      sip_username: "1001",
      proxy: "sip.example.com",
      application_id: 1,
      application_name: "demo-app.emulator.voximplant.com",
      rule_id: 1,
      rule_name: "demo-rule",
      user_id: null,
      is_persistent: true,
      successful: true,
      status_code: 200,
      deactivated: false,
      subscription_price: "0.99",
    });
    expect(JSON.stringify(await stack.state(dir))).not.toContain("pw-a-secret");
    expect(await stack.resource(dir, "data.voximplant_sip_registration.by_text_id")).toMatchObject({
      sip_registration_id: ids.c,
      user_name: "demo-user",
    });
    expect(await stack.resource(dir, "data.voximplant_sip_registration.by_key")).toMatchObject({ id: String(ids.a) });
  });

  it("fails with what was searched when nothing matches", async () => {
    const dir = stack.workdir({
      "main.tf":
        `data "voximplant_sip_registration" "x" {\n  sip_username = "1001"\n  proxy        = ` +
        `"elsewhere.example.com"\n}\n`,
    });
    const plan = await stack.plan(dir);
    expect(plan.code).toBe(1);
    expect(stack.text(plan)).toMatch(
      /SIP registration not found[\s\S]*No SIP registration with sip_username "1001" and proxy\s+"elsewhere\.example/,
    );
  });

  it("rejects an incomplete key at plan time without API calls", async () => {
    const dir = stack.workdir({ "main.tf": `data "voximplant_sip_registration" "x" {\n  sip_username = "1001"\n}\n` });
    await stack.resetCalls();
    const plan = await stack.plan(dir);
    expect(plan.code).toBe(1);
    expect(stack.text(plan)).toMatch(
      /Incomplete lookup arguments[\s\S]*"proxy" must be set together with\s+"sip_username"/,
    );
    expect((await stack.calls()).total).toBe(0);
  });
});

describe("voximplant_sip_registrations data source under terraform", () => {
  it("lists every registration over several pages", async () => {
    const dir = stack.workdir({
      "main.tf":
        `data "voximplant_sip_registrations" "all" {}\n\noutput "ids" {\n  value = ` +
        `data.voximplant_sip_registrations.all.ids\n}\n`,
    });
    stack.expectOk(await stack.apply(dir));
    await stack.resetCalls();
    // A plan reads the data source once: 5 rows at 2 per page, the short third page ends the walk.
    stack.expectOk(await stack.plan(dir));
    const log = (await stack.callLog()).filter((e) => e.method === "GetSipRegistrations");
    expect(log.map((e) => e.params.offset)).toEqual(["0", "2", "4"]);
    expect(await stack.outputs(dir)).toEqual({ ids: [ids.a, ids.b, ids.c, ids.d, ids.e] });
    const values = await stack.resource(dir, "data.voximplant_sip_registrations.all");
    expect((values.registrations as Record<string, unknown>[]).map((r) => r.sip_username)).toEqual([
      "1001",
      "10011",
      "1002",
      "1003",
      "1004",
    ]);
  });

  it("applies the filters", async () => {
    const dir = stack.workdir({
      "main.tf": `
data "voximplant_application" "app" {
  name = "demo-app"
}

data "voximplant_sip_registrations" "in_app" {
  application_id = [data.voximplant_application.app.application_id]
}

data "voximplant_sip_registrations" "exact_username" {
  sip_username = "1001"
}

data "voximplant_sip_registrations" "proxies" {
  proxy = ["sip.example.com", "pbx.example.net"]
  is_bound_to_application = true
}

data "voximplant_sip_registrations" "failing" {
  successful = false
}

data "voximplant_sip_registrations" "codes" {
  status_code = "400:699"
}

data "voximplant_sip_registrations" "with_user" {
  user_id = [1, 2]
}

data "voximplant_sip_registrations" "none" {
  deactivated = true
}
`,
    });
    stack.expectOk(await stack.apply(dir));
    const idsOf = async (name: string) => (await stack.resource(dir, `data.voximplant_sip_registrations.${name}`)).ids;
    expect(await idsOf("in_app")).toEqual([ids.a, ids.c, ids.d]);
    expect(await idsOf("exact_username")).toEqual([ids.a]);
    expect(await idsOf("proxies")).toEqual([ids.a, ids.b, ids.c]);
    expect(await idsOf("failing")).toEqual([ids.d]);
    expect(await idsOf("codes")).toEqual([ids.d]);
    expect(await idsOf("with_user")).toEqual([ids.c]);
    expect(await stack.resource(dir, "data.voximplant_sip_registrations.none")).toMatchObject({
      ids: [],
      registrations: [],
    });
  });

  it("rejects bad filters at plan time, naming the attribute or element, without API calls", async () => {
    const dir = stack.workdir({
      "main.tf": `
data "voximplant_sip_registrations" "x" {
  proxy          = []
  application_id = [1, 0]
  status_code    = "500:400"
}
`,
    });
    await stack.resetCalls();
    const plan = await stack.plan(dir);
    expect(plan.code).toBe(1);
    const text = stack.text(plan);
    expect(text).toMatch(/Attribute proxy must not be empty/);
    expect(text).toMatch(/line 3, in data "voximplant_sip_registrations" "x":\s+3:\s+proxy\s+= \[\]/);
    expect(text).toMatch(/Attribute application_id\[1\] must be an id/);
    expect(text).toMatch(/Attribute status_code has a range "500:400" whose end is below its start/);
    expect((await stack.calls()).total).toBe(0);
  });
});
