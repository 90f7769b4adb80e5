// The official Node.js client (@voximplant/apiclient-nodejs, pinned) against the emulator in strict
// request-form mode: the emulator must keep serving what the vendor's own client sends. That client
// always speaks https:// to `{host}/platform_api` with a multipart body carrying `cmd`, signs its
// own JWT from a credentials file, and reports API errors as the response body, so every step
// below checks the body for `error`.

import * as https from "node:https";
import VoximplantApiClient from "@voximplant/apiclient-nodejs";
import { generateServerCertificate } from "../../../src/plugin/transport/certificate";
import { startEmulator, type Emu } from "./emu";

interface ApiBody {
  result?: unknown;
  error?: { code: number; msg: string };
  [field: string]: unknown;
}

/** The call's body after asserting the API did not answer with an error. */
async function ok<T>(call: Promise<T>): Promise<T & ApiBody> {
  const body = (await call) as T & ApiBody;
  expect(body.error).toBeUndefined();
  return body;
}

describe("official Node.js client against the strict emulator", () => {
  let emu: Emu;
  let client: VoximplantApiClient;
  const cert = generateServerCertificate({ hostname: "localhost" });
  const savedCa = https.globalAgent.options.ca;
  const proxyVars = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];
  const savedProxy = proxyVars.map((k) => process.env[k]);

  beforeAll(async () => {
    // The client has no option for a CA or a proxy: it uses Node's global agent, and its HTTP
    // library honours proxy variables; neither may interfere with a loopback test.
    https.globalAgent.options.ca = cert.certPem;
    for (const k of proxyVars) delete process.env[k];
    emu = await startEmulator({ seed: false, tls: cert });
    client = await new Promise<VoximplantApiClient>((resolve) => {
      const c = new VoximplantApiClient({ pathToCredentials: emu.credentialsPath, host: `localhost:${emu.port}` });
      c.onReady = resolve;
    });
  });
  afterAll(async () => {
    https.globalAgent.options.ca = savedCa;
    https.globalAgent.destroy();
    proxyVars.forEach((k, i) => {
      if (savedProxy[i] !== undefined) process.env[k] = savedProxy[i];
    });
    await emu.close();
  });

  it("runs the setup-object and SIP registration calls end to end", async () => {
    const app = await ok(client.Applications.addApplication({ applicationName: "node-app" }));
    const applicationId = app.applicationId;
    expect(applicationId).toEqual(expect.any(Number));
    const apps = await ok(client.Applications.getApplications({ applicationId }));
    const applicationName = apps.result[0]!.applicationName;
    expect(applicationName).toMatch(/^node-app\./);
    await ok(client.Applications.setApplicationInfo({ applicationId, secureRecordStorage: true }));

    const scenario = await ok(
      client.Scenarios.addScenario({ scenarioName: "node-scenario", scenarioScript: "// v1", applicationId }),
    );
    const scenarioId = scenario.scenarioId;
    await ok(client.Scenarios.setScenarioInfo({ scenarioId, scenarioScript: "// v2" }));
    const scenarios = await ok(client.Scenarios.getScenarios({ scenarioId, withScript: true }));
    expect(scenarios.result[0]).toMatchObject({ scenarioName: "node-scenario", scenarioScript: "// v2" });

    const rule = await ok(
      client.Rules.addRule({ applicationId, ruleName: "node-rule", rulePattern: ".*", scenarioId }),
    );
    const ruleId = rule.ruleId;
    await ok(client.Rules.setRuleInfo({ ruleId, rulePattern: "^1.*" }));
    const rules = await ok(client.Rules.getRules({ applicationId, ruleId }));
    expect(rules.result[0]).toMatchObject({ ruleName: "node-rule", rulePattern: "^1.*" });

    const user = await ok(
      client.Users.addUser({
        applicationId,
        userName: "node-user",
        userDisplayName: "Node User",
        userPassword: "Str0ng!pass",
      }),
    );
    const userId = user.userId;
    await ok(client.Users.setUserInfo({ userId, userDisplayName: "Node User 2" }));
    const users = await ok(client.Users.getUsers({ applicationId, applicationName, userId }));
    expect(users.result[0]).toMatchObject({ userName: "node-user", userDisplayName: "Node User 2" });

    const reg = await ok(
      client.SIPRegistration.createSipRegistration({
        sipUsername: "node-line",
        proxy: "sip.example.com",
        authUser: "node-auth",
        password: "line-secret",
        isPersistent: true,
        applicationId,
        ruleId,
      }),
    );
    const sipRegistrationId = reg.sipRegistrationId;
    await ok(client.SIPRegistration.updateSipRegistration({ sipRegistrationId, proxy: "sip2.example.com" }));
    await ok(client.SIPRegistration.bindSipRegistration({ sipRegistrationId, bind: false }));
    await ok(client.SIPRegistration.bindSipRegistration({ sipRegistrationId, applicationId, ruleId, bind: true }));
    const regs = await ok(client.SIPRegistration.getSipRegistrations({ sipRegistrationId }));
    expect(regs.result[0]).toMatchObject({
      sipUsername: "node-line",
      proxy: "sip2.example.com",
      authUser: "node-auth",
      applicationId,
      ruleId,
    });
    await ok(client.SIPRegistration.deleteSipRegistration({ sipRegistrationId }));
    expect((await ok(client.SIPRegistration.getSipRegistrations({ sipRegistrationId }))).result).toEqual([]);

    await ok(client.Users.delUser({ userId }));
    await ok(client.Rules.delRule({ ruleId }));
    await ok(client.Scenarios.delScenario({ scenarioId }));
    await ok(client.Applications.delApplication({ applicationId }));
    expect((await ok(client.Applications.getApplications({ applicationId }))).result).toEqual([]);

    // Every call reached a method (strict mode refuses other forms before the call log).
    const { byMethod } = emu.emulator.log.counts();
    expect(emu.emulator.log.list().filter((e) => e.error_code !== undefined)).toEqual([]);
    expect(byMethod).toMatchObject({
      AddApplication: 1,
      SetApplicationInfo: 1,
      AddScenario: 1,
      SetScenarioInfo: 1,
      AddRule: 1,
      SetRuleInfo: 1,
      AddUser: 1,
      SetUserInfo: 1,
      CreateSipRegistration: 1,
      UpdateSipRegistration: 1,
      BindSipRegistration: 2,
      DeleteSipRegistration: 1,
      DelUser: 1,
      DelRule: 1,
      DelScenario: 1,
      DelApplication: 1,
    });
  });
});
