// Name ↔ id resolution: exact matching on top of the API's substring filters, short vs. full
// application names, caching within a provider process.
import { VoximplantClient } from "../../../src/api";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { Lookups, applicationShortName, sameApplicationName } from "../../../src/provider/lookups";

describe("application names", () => {
  it.each<[string, string, boolean]>([
    ["demo-app", "demo-app", true],
    ["demo-app", "DEMO-APP", true],
    ["demo-app", "demo-app.acct.voximplant.com", true],
    ["demo-app.acct.voximplant.com", "demo-app", true],
    ["demo-app.acct.voximplant.com", "demo-app.acct.voximplant.com", true],
    ["demo", "demo-app.acct.voximplant.com", false],
    ["demo-app", "demo-app-2.acct.voximplant.com", false],
    ["demo-app", "demo-app.x", false],
    ["demo-app.a.voximplant.com", "demo-app.b.voximplant.com", false],
  ])("%s ~ %s: %s", (a, b, same) => {
    expect(sameApplicationName(a, b)).toBe(same);
  });

  it("shortens full names", () => {
    expect(applicationShortName("Demo-App.acct.voximplant.com")).toBe("demo-app");
    expect(applicationShortName("demo-app")).toBe("demo-app");
  });
});

describe("Lookups against the emulator", () => {
  let emu: RunningEmulator;
  let client: VoximplantClient;

  beforeAll(async () => {
    emu = await startEmulator({ seed: true });
    client = new VoximplantClient({ credentialsPath: emu.credentialsPath, apiUrl: emu.url, rateLimit: false });
  });

  afterAll(async () => {
    await client.close();
    await emu.close();
  });

  it("matches names exactly although the server filters by substring", async () => {
    const l = new Lookups(client);
    expect((await l.applicationByName("demo-app"))?.application_id).toBe(1);
    expect((await l.applicationByName("demo-app-2.emulator.voximplant.com"))?.application_id).toBe(2);
    expect(await l.applicationByName("demo")).toBeNull();
    expect((await l.ruleByName(1, "demo-rule"))?.rule_id).toBe(1);
    expect((await l.ruleByName(1, "demo-rule-2"))?.rule_id).toBe(2);
    expect(await l.ruleByName(1, "demo")).toBeNull();
    expect(await l.ruleByName(2, "demo-rule")).toBeNull();
    expect((await l.userByName(1, "demo-user"))?.user_id).toBe(1);
    expect(await l.userByName(1, "demo-app-2-user")).toBeNull();
  });

  it("finds by id", async () => {
    const l = new Lookups(client);
    expect((await l.applicationById(2))?.application_name).toBe("demo-app-2.emulator.voximplant.com");
    expect(await l.applicationById(99)).toBeNull();
    expect((await l.ruleById(1, 2))?.rule_name).toBe("demo-rule-2");
    expect((await l.userById(1, 2))?.user_name).toBe("demo-user-2");
  });

  it("answers repeated lookups from its cache", async () => {
    const l = new Lookups(client);
    const before = client.stats().calls.GetApplications ?? 0;
    await Promise.all([
      l.applicationByName("demo-app"),
      l.applicationByName("demo-app"),
      l.applicationByName("DEMO-APP"),
    ]);
    await l.applicationByName("demo-app");
    expect((client.stats().calls.GetApplications ?? 0) - before).toBe(1);
  });
});
