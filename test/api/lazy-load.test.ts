// Terraform starts the provider several times per command; the schema and validation processes
// never call the API, so they must not pay for loading undici (HTTP) or jose (JWT signing). The
// check runs the built modules in a fresh Node process (jest's module registry would hide what a
// real process loads) and looks at require.cache.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { json, startFakeApi, testCredentials, type FakeApi } from "./helpers";

const dist = join(__dirname, "..", "..", "dist", "src");

const CHILD = `
const loaded = (name) => Object.keys(require.cache).some((k) => k.includes("/node_modules/" + name + "/"));
const seen = {};
const provider = require(${JSON.stringify(join(dist, "provider"))});
provider.providerSchemaJson();
seen.schema = { undici: loaded("undici"), jose: loaded("jose") };
const { VoximplantClient } = require(${JSON.stringify(join(dist, "api"))});
const credentials = JSON.parse(process.env.CREDS);
const client = new VoximplantClient({ credentials, apiUrl: process.env.API_URL, env: {} });
seen.configured = { undici: loaded("undici"), jose: loaded("jose") };
client.getSipRegistrations().then(async (page) => {
  seen.called = { undici: loaded("undici"), jose: loaded("jose"), rows: page.result.length };
  await client.destroy();
  process.stdout.write(JSON.stringify(seen));
});
`;

describe("loading on first use", () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi((_q, res) => json(res, { result: [], count: 0, total_count: 0 }));
  });
  afterAll(async () => {
    await api.close();
  });

  it("loads undici and jose only when the first API call is made", async () => {
    // asynchronously: the fake API answers from this process
    const { stdout: out } = await promisify(execFile)(process.execPath, ["-e", CHILD], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CREDS: JSON.stringify(testCredentials()), API_URL: api.url },
    });
    expect(JSON.parse(out)).toEqual({
      schema: { undici: false, jose: false },
      configured: { undici: false, jose: false },
      called: { undici: true, jose: true, rows: 0 },
    });
  });
});
