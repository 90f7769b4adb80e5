// Plan-time validation of every data source: wrong inputs are reported with the attribute path
// and a message saying what to do, without configuring the provider (so without any API call).
import { applicationDataSource } from "../../../src/provider/data-sources/application";
import { ruleDataSource } from "../../../src/provider/data-sources/rule";
import { sipRegistrationDataSource } from "../../../src/provider/data-sources/sip-registration";
import {
  sipRegistrationsDataSource,
  statusCodeExpressionProblem,
} from "../../../src/provider/data-sources/sip-registrations";
import { userDataSource } from "../../../src/provider/data-sources/user";
import type { ProviderMeta } from "../../../src/provider/meta";
import { dataSourceHarness, unknown, type PlainDiagnostic } from "../../support/provider-rpc";

const h = dataSourceHarness<ProviderMeta>(
  [applicationDataSource, ruleDataSource, userDataSource, sipRegistrationDataSource, sipRegistrationsDataSource],
  () => {
    throw new Error("validation must not configure the provider");
  },
);

function errors(ds: PlainDiagnostic[]): { summary: string; path: string | undefined; detail: string }[] {
  return ds.filter((d) => d.severity === "error").map(({ summary, path, detail }) => ({ summary, path, detail }));
}

async function only(
  type: string,
  config: Record<string, unknown>,
): Promise<{ summary: string; path: string | undefined; detail: string }> {
  const es = errors(await h.validate(type, config));
  expect(es).toHaveLength(1);
  return es[0]!;
}

describe("voximplant_application validation", () => {
  const T = "voximplant_application";

  it("accepts a name or an id alone, and unknown values", async () => {
    expect(await h.validate(T, { name: "demo-app" })).toEqual([]);
    expect(await h.validate(T, { application_id: 7 })).toEqual([]);
    expect(await h.validate(T, { name: unknown })).toEqual([]);
    expect(await h.validate(T, { application_id: unknown })).toEqual([]);
  });

  it("requires one of name and application_id", async () => {
    const e = await only(T, {});
    expect(e.summary).toBe("Missing lookup argument");
    expect(e.path).toBe("name");
    expect(e.detail).toContain('"name" or "application_id"');
  });

  it("rejects both name and application_id, pointing at the second", async () => {
    const e = await only(T, { name: "demo-app", application_id: 1 });
    expect(e.summary).toBe("Conflicting lookup arguments");
    expect(e.path).toBe("application_id");
  });

  it("rejects an empty name and ids that are not positive whole numbers", async () => {
    expect((await only(T, { name: "" })).path).toBe("name");
    for (const bad of [0, -3, 1.5, "9007199254740993"]) {
      const e = await only(T, { application_id: bad });
      expect(e.path).toBe("application_id");
      expect(e.summary).toBe("Invalid Attribute Value");
    }
  });
});

describe.each([
  ["voximplant_rule", "rule_id"],
  ["voximplant_user", "user_id"],
])("%s validation", (T, idName) => {
  it("accepts application_id with a name or an id", async () => {
    expect(await h.validate(T, { application_id: 1, name: "x" })).toEqual([]);
    expect(await h.validate(T, { application_id: 1, [idName]: 2 })).toEqual([]);
    expect(await h.validate(T, { application_id: unknown, name: "x" })).toEqual([]);
  });

  it("requires exactly one of name and the id", async () => {
    expect(await only(T, { application_id: 1 })).toMatchObject({ summary: "Missing lookup argument", path: "name" });
    expect(await only(T, { application_id: 1, name: "x", [idName]: 2 })).toMatchObject({
      summary: "Conflicting lookup arguments",
      path: idName,
    });
  });

  it("rejects bad ids with their attribute path", async () => {
    expect((await only(T, { application_id: 0, name: "x" })).path).toBe("application_id");
    expect((await only(T, { application_id: 1, [idName]: 2.5 })).path).toBe(idName);
  });
});

describe("voximplant_sip_registration validation", () => {
  const T = "voximplant_sip_registration";

  it("accepts each way of looking a registration up", async () => {
    expect(await h.validate(T, { sip_registration_id: 3 })).toEqual([]);
    expect(await h.validate(T, { id: "3" })).toEqual([]);
    expect(await h.validate(T, { sip_username: "1001", proxy: "sip.example.com" })).toEqual([]);
  });

  it("requires a way, and only one", async () => {
    expect(await only(T, {})).toMatchObject({ summary: "Missing lookup argument", path: "sip_registration_id" });
    expect(await only(T, { id: "3", sip_registration_id: 3 })).toMatchObject({
      summary: "Conflicting lookup arguments",
      path: "id",
    });
    expect(await only(T, { sip_registration_id: 3, sip_username: "1001", proxy: "p" })).toMatchObject({
      path: "sip_username",
    });
  });

  it("needs sip_username and proxy together", async () => {
    const e = await only(T, { sip_username: "1001" });
    expect(e).toMatchObject({ summary: "Incomplete lookup arguments", path: "proxy" });
    expect(e.detail).toContain('"proxy" must be set together with "sip_username"');
    expect(await only(T, { proxy: "sip.example.com" })).toMatchObject({ path: "sip_username" });
  });

  it("rejects malformed ids", async () => {
    for (const bad of ["abc", "0", "-1", "1.0", "1234567890123456"])
      expect((await only(T, { id: bad })).path).toBe("id");
    expect((await only(T, { sip_registration_id: -1 })).path).toBe("sip_registration_id");
  });
});

describe("voximplant_sip_registrations validation", () => {
  const T = "voximplant_sip_registrations";

  it("accepts no filters and every filter together", async () => {
    expect(await h.validate(T, {})).toEqual([]);
    expect(
      await h.validate(T, {
        sip_username: "1001",
        proxy: ["a.example.com", "b.example.com"],
        application_id: [1, 2],
        rule_id: [3],
        user_id: [4],
        is_persistent: true,
        successful: false,
        deactivated: false,
        in_progress: false,
        is_bound_to_application: true,
        status_code: "200;400:499",
      }),
    ).toEqual([]);
  });

  it("rejects empty lists (which the API would read as 'no filter') and null elements", async () => {
    expect(await only(T, { proxy: [] })).toMatchObject({ path: "proxy" });
    expect(await only(T, { application_id: [] })).toMatchObject({ path: "application_id" });
    expect(await only(T, { user_id: [1, null] })).toMatchObject({ path: "user_id[1]" });
  });

  it("rejects list elements the API cannot take, naming the element", async () => {
    expect(await only(T, { proxy: ["ok.example.com", "a;b"] })).toMatchObject({ path: "proxy[1]" });
    expect(await only(T, { proxy: [" "] })).toMatchObject({ path: "proxy[0]" });
    expect(await only(T, { rule_id: [1, 0] })).toMatchObject({ path: "rule_id[1]" });
    expect(await only(T, { application_id: [1.5] })).toMatchObject({ path: "application_id[0]" });
  });

  it("checks the status_code expression", async () => {
    for (const bad of ["", "abc", "99", "700", "200;", "500:400", "200-299", "2xx"]) {
      const e = await only(T, { status_code: bad });
      expect(e.path).toBe("status_code");
    }
    expect(statusCodeExpressionProblem("500:400")).toMatch(/end is below its start/);
    expect(statusCodeExpressionProblem("100;699;200:200")).toBeNull();
  });

  it("rejects is_bound_to_application = false together with a binding filter", async () => {
    const e = await only(T, { is_bound_to_application: false, application_id: [1] });
    expect(e).toMatchObject({ summary: "Invalid Attribute Combination", path: "is_bound_to_application" });
    expect(e.detail).toContain("application_id");
    expect(await h.validate(T, { is_bound_to_application: true, application_id: [1] })).toEqual([]);
  });

  it("rejects an empty sip_username", async () => {
    expect(await only(T, { sip_username: "" })).toMatchObject({ path: "sip_username" });
  });
});
