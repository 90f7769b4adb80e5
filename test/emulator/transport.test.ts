// Every request form the real API accepts must give the same answer (docs/design/voximplant-api.md, "Request form").

import { expectError, Harness, toStrings, type ApiResponse, type Params } from "./helpers";

type Form = (h: Harness, method: string, params: Params) => Promise<Response>;

const FORMS: Record<string, Form> = {
  "GET with query string": async (h, m, p) =>
    fetch(`${h.emu.url}/${m}?${new URLSearchParams(toStrings(p))}`, { headers: { authorization: await h.bearer() } }),
  "POST query string + JSON content type + {} body (docs' curl)": async (h, m, p) =>
    fetch(`${h.emu.url}/${m}?${new URLSearchParams(toStrings(p))}`, {
      method: "POST",
      headers: { authorization: await h.bearer(), "content-type": "application/json" },
      body: "{}",
    }),
  "POST url-encoded body": async (h, m, p) =>
    fetch(`${h.emu.url}/${m}`, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams(toStrings(p)),
    }),
  "POST multipart body": async (h, m, p) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(toStrings(p))) fd.append(k, v);
    return fetch(`${h.emu.url}/${m}`, { method: "POST", headers: { authorization: await h.bearer() }, body: fd });
  },
  "POST /platform_api with cmd (url-encoded)": async (h, m, p) =>
    fetch(h.emu.url, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams({ cmd: m, ...toStrings(p) }),
    }),
  "POST /platform_api/ with cmd (multipart)": async (h, m, p) => {
    const fd = new FormData();
    fd.append("cmd", m);
    for (const [k, v] of Object.entries(toStrings(p))) fd.append(k, v);
    return fetch(`${h.emu.url}/`, { method: "POST", headers: { authorization: await h.bearer() }, body: fd });
  },
  "GET /platform_api?cmd=": async (h, m, p) =>
    fetch(`${h.emu.url}?${new URLSearchParams({ cmd: m, ...toStrings(p) })}`, {
      headers: { authorization: await h.bearer() },
    }),
  "POST with trailing slash": async (h, m, p) =>
    fetch(`${h.emu.url}/${m}/`, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams(toStrings(p)),
    }),
  "path and cmd together (.NET style)": async (h, m, p) => {
    const fd = new FormData();
    fd.append("cmd", m);
    for (const [k, v] of Object.entries(toStrings(p))) fd.append(k, v);
    return fetch(`${h.emu.url}/${m}`, { method: "POST", headers: { authorization: await h.bearer() }, body: fd });
  },
};

async function json(r: Response): Promise<ApiResponse> {
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toMatch(/^application\/json/);
  return (await r.json()) as ApiResponse;
}

/** Strips what legitimately differs between two otherwise identical creates. */
function normalise(row: Record<string, unknown>): Record<string, unknown> {
  const { sip_registration_id: _id, purchase_date: _p, next_subscription_renewal: _n, last_updated: _l, ...rest } = row;
  return rest;
}

describe("request forms", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ seed: true });
  });
  afterAll(() => h.close());

  const createParams: Params = {
    sip_username: "form-user",
    proxy: "sip.example.com",
    auth_user: "auth",
    password: "pw",
    is_persistent: "true",
    application_name: "demo-app",
    rule_name: "demo-rule",
  };

  let reference: Record<string, unknown> | undefined;
  for (const [name, form] of Object.entries(FORMS)) {
    it(`${name}: Create, Get and errors behave identically`, async () => {
      const created = await json(await form(h, "CreateSipRegistration", createParams));
      expect(created.result).toBe(1);
      const id = created.sip_registration_id as number;
      const got = await json(await form(h, "GetSipRegistrations", { sip_registration_id: id }));
      expect(got.count).toBe(1);
      const row = normalise((got.result as Array<Record<string, unknown>>)[0]);
      reference ??= row;
      expect(row).toEqual(reference);
      // Same error, same code and field, whatever the form.
      expectError(
        await json(await form(h, "UpdateSipRegistration", { sip_registration_id: "x" })),
        101,
        "sip_registration_id",
      );
      expectError(
        await json(await form(h, "DeleteSipRegistration", { sip_registration_id: 999999 })),
        275,
        "sip_registration_id",
      );
      // And the log records the same parameters (no cmd, password redacted).
      const log = (await h.admin("/log")).body as Array<{ method: string; params: Record<string, string> }>;
      const entry = log.filter((e) => e.method === "CreateSipRegistration").pop();
      expect(entry?.params).toEqual({ ...toStrings(createParams), password: "***" });
    });
  }

  it("lets the body win over the query string", async () => {
    const r = await fetch(`${h.emu.url}/CreateSipRegistration?sip_username=from-query&proxy=q.example.com`, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams({ sip_username: "from-body" }),
    });
    const id = (await json(r)).sip_registration_id as number;
    expect(await h.registration(id)).toMatchObject({ sip_username: "from-body", proxy: "q.example.com" });
  });

  it("treats an empty string as absent, also in the body over a query value", async () => {
    expectError(
      await h.call("CreateSipRegistration", { sip_username: "", proxy: "p.example.com" }),
      485,
      "sip_username",
    );
    const r = await fetch(`${h.emu.url}/CreateSipRegistration?sip_username=kept`, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams({ sip_username: "", proxy: "p.example.com", application_id: "", rule_id: "" }),
    });
    const id = (await json(r)).sip_registration_id as number;
    const row = await h.registration(id);
    expect(row?.sip_username).toBe("kept");
    expect(row).not.toHaveProperty("application_id");
  });

  it("ignores unknown parameters (e.g. the Node SDK's stray userName, Java's account_id)", async () => {
    const body = await h.call("GetSipRegistrations", { userName: "x", something_else: "y", count: 1 });
    expect(body.error).toBeUndefined();
  });

  it("accepts every boolean spelling and rejects others with 101 naming the field", async () => {
    for (const [spelling, expected] of [
      ["true", true],
      ["TRUE", true],
      ["True", true],
      ["1", true],
      ["false", false],
      ["FALSE", false],
      ["False", false],
      ["0", false],
    ] as const) {
      const id = await h.create({ sip_username: `bool-${spelling}`, is_persistent: spelling });
      expect((await h.registration(id))?.is_persistent).toBe(expected);
    }
    expectError(
      await h.call("CreateSipRegistration", { sip_username: "b", proxy: "p", is_persistent: "yes" }),
      101,
      "is_persistent",
    );
  });

  it("ignores a JSON body's content: parameters never travel as JSON", async () => {
    const r = await fetch(`${h.emu.url}/CreateSipRegistration`, {
      method: "POST",
      headers: { authorization: await h.bearer(), "content-type": "application/json" },
      body: JSON.stringify({ sip_username: "json", proxy: "json.example.com" }),
    });
    expectError(await json(r), 485, "sip_username");
  });

  it("prefers the path when path and cmd disagree", async () => {
    const r = await fetch(`${h.emu.url}/GetSipRegistrations`, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams({
        cmd: "CreateSipRegistration",
        sip_username: "never",
        proxy: "never.example.com",
        count: "1",
      }),
    });
    const body = await json(r);
    expect(Array.isArray(body.result)).toBe(true);
    expect((await h.rows("GetSipRegistrations", { sip_username: "never" })).length).toBe(0);
  });

  it("answers 102 without a method and 103 for an unknown one", async () => {
    const none = await fetch(h.emu.url, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: new URLSearchParams({ a: "b" }),
    });
    expectError(await json(none), 102);
    expectError(await h.call("NoSuchMethod"), 103);
    // Method names are case-sensitive.
    expectError(await h.call("getsipregistrations"), 103);
  });

  it("routes method resolution before authentication", async () => {
    expectError(await h.call("NoSuchMethod", {}, "Bearer garbage"), 103);
  });

  it("rejects other HTTP verbs and unknown paths at the HTTP level", async () => {
    expect((await fetch(`${h.emu.url}/GetSipRegistrations`, { method: "PUT" })).status).toBe(405);
    expect((await fetch(`${h.emu.url.replace("/platform_api", "/other")}`)).status).toBe(404);
    expect((await fetch(`${h.emu.url}/A/B`)).status).toBe(404);
  });

  it("rejects a malformed multipart body with HTTP 400", async () => {
    const r = await fetch(`${h.emu.url}/GetSipRegistrations`, {
      method: "POST",
      headers: { authorization: await h.bearer(), "content-type": "multipart/form-data; boundary=xyz" },
      body: '--xyz\r\nContent-Disposition: form-data; name="count"\r\n\r\n5',
    });
    expect(r.status).toBe(400);
  });

  it("parses hand-written multipart: quoted boundary, preamble, bare name, file part", async () => {
    const b = "with space";
    const body =
      `preamble text\r\n--${b}\r\n` +
      `Content-Disposition: form-data; name=sip_username\r\n\r\nmp-user\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="proxy"; filename="p.txt"\r\nContent-Type: ` +
      `text/plain\r\n\r\nmp.example.com\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="auth_user"\r\n\r\nline1\r\nline2\r\n` +
      `--${b}--\r\nepilogue`;
    const r = await fetch(`${h.emu.url}/CreateSipRegistration`, {
      method: "POST",
      headers: { authorization: await h.bearer(), "content-type": `multipart/form-data; boundary="${b}"` },
      body,
    });
    const id = (await json(r)).sip_registration_id as number;
    expect(await h.registration(id)).toMatchObject({
      sip_username: "mp-user",
      proxy: "mp.example.com",
      auth_user: "line1\r\nline2",
    });
  });
});

describe("strict request form (strictRequestForm: the official clients' forms only)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ seed: true, config: { strictRequestForm: true } });
  });
  afterAll(() => h.close());

  const OFFICIAL = new Set([
    "POST multipart body", // Go, PHP
    "POST /platform_api with cmd (url-encoded)", // Python
    "POST /platform_api/ with cmd (multipart)", // Node.js
    "path and cmd together (.NET style)",
  ]);
  const REASONS: Record<string, RegExp> = {
    "GET with query string": /GET is not used by any official client/,
    "POST query string + JSON content type + {} body (docs' curl)": /parameters in the query string/,
    "POST url-encoded body": /application\/x-www-form-urlencoded.* with the method in the path/,
    "GET /platform_api?cmd=": /GET is not used/,
    "POST with trailing slash": /with the method in the path/,
  };

  for (const [name, form] of Object.entries(FORMS)) {
    if (OFFICIAL.has(name)) {
      it(`accepts ${name}`, async () => {
        const got = await json(await form(h, "GetSipRegistrations", { count: 1 }));
        expect(got.error).toBeUndefined();
      });
    } else {
      it(`refuses ${name} with HTTP 400 naming the problem, before running the method`, async () => {
        const before = (await h.admin("/log")).body as unknown[];
        const r = await form(h, "CreateSipRegistration", { sip_username: "strict", proxy: "strict.example.com" });
        expect(r.status).toBe(400);
        const { message } = (await r.json()) as { message: string };
        expect(message).toMatch(/^request form refused \(strict mode\): /);
        expect(message).toMatch(REASONS[name]!);
        expect(message).toContain("official clients send");
        expect((await h.admin("/log")).body as unknown[]).toHaveLength(before.length);
        expect(await h.rows("GetSipRegistrations", { sip_username: "strict" })).toHaveLength(0);
      });
    }
  }

  it("refuses a multipart POST to the base URL without cmd, and a path/cmd mismatch", async () => {
    const noCmd = new FormData();
    noCmd.append("count", "1");
    const r1 = await fetch(h.emu.url, { method: "POST", headers: { authorization: await h.bearer() }, body: noCmd });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { message: string }).message).toMatch(/no cmd field/);
    const mismatch = new FormData();
    mismatch.append("cmd", "DeleteSipRegistration");
    const r2 = await fetch(`${h.emu.url}/GetSipRegistrations`, {
      method: "POST",
      headers: { authorization: await h.bearer() },
      body: mismatch,
    });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { message: string }).message).toMatch(/cmd names another method than the path/);
  });
});
