// The example stack (examples/stack.ts) synthesized without Terraform: the whole setup it creates,
// references between the resources, variables, outputs, and no plaintext secret anywhere in the
// JSON.

import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { INBOUND_SCRIPT, STACK_NAME, VoximplantSetupStack } from "../../examples/stack";
import { STACK_NAME as DEMO_STACK_NAME } from "../../src/demo/run";
import { Application, Rule, Scenario, SipRegistration, User, VoximplantProvider } from "../../src/cdktf";

Testing.setupJest();

interface Synth {
  provider: Record<string, unknown[]>;
  variable: Record<string, { type?: string; default?: unknown; sensitive?: boolean; ephemeral?: boolean }>;
  data?: unknown;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: string; sensitive?: boolean }>;
  terraform: {
    backend?: { local?: { path?: string } };
    required_providers: Record<string, { source: string; version: string }>;
  };
}

function synth(options = {}): { text: string; json: Synth } {
  const stack = new VoximplantSetupStack(Testing.app(), "test", options);
  const text = Testing.synth(stack, true);
  return { text, json: JSON.parse(text) as Synth };
}

const APP_ID = "${voximplant_application.application.application_id}";

describe("example stack", () => {
  it("configures the provider from the environment only (empty provider block) with the local source", () => {
    const { text, json } = synth();
    expect(text).toHaveProvider(VoximplantProvider);
    expect(json.provider.voximplant).toEqual([{}]);
    expect(json.terraform.required_providers.voximplant).toEqual({
      source: "voximplant.local/voximplant/voximplant",
      version: "~> 0.1",
    });
  });

  it("creates the application, scenario, rule and user itself, chained by reference (no data source)", () => {
    const { text, json } = synth();
    expect(json.data).toBeUndefined();
    expect(text).toHaveResourceWithProperties(Application, { name: "${var.application_name}" });
    expect(text).toHaveResourceWithProperties(Scenario, {
      name: "${var.application_name}-inbound",
      script: INBOUND_SCRIPT,
    });
    expect(text).toHaveResourceWithProperties(Rule, {
      application_id: APP_ID,
      name: "extensions",
      rule_pattern: "^1\\d{3}$",
      scenario_ids: ["${voximplant_scenario.inbound.scenario_id}"],
    });
    expect(text).toHaveResourceWithProperties(User, {
      application_id: APP_ID,
      name: "${var.user_name}",
      password_wo: "${var.user_password}",
      password_wo_version: "${var.user_password_version}",
    });
    expect(Object.keys(json.resource).sort()).toEqual([
      "voximplant_application",
      "voximplant_rule",
      "voximplant_scenario",
      "voximplant_sip_registration",
      "voximplant_user",
    ]);
  });

  it("binds two registrations to them by reference; the office line uses the write-only password", () => {
    const { text, json } = synth();
    expect(text).toHaveResourceWithProperties(SipRegistration, {
      sip_username: "${var.office_sip_username}",
      proxy: "${var.sip_proxy}",
      application_id: APP_ID,
      rule_id: "${voximplant_rule.extensions.rule_id}",
      password_wo: "${var.sip_password}",
      password_wo_version: "${var.sip_password_version}",
      wait_for_registration: true,
    });
    expect(text).toHaveResourceWithProperties(SipRegistration, {
      sip_username: "${var.agent_sip_username}",
      application_id: APP_ID,
      user_id: "${voximplant_user.reception.user_id}",
    });
    const registrations = json.resource.voximplant_sip_registration ?? {};
    expect(Object.keys(registrations).sort()).toEqual(["agent", "office"]);
    // Bound by id only: names would be a second, conflicting way to say the same thing.
    for (const reg of Object.values(registrations)) {
      expect(Object.keys(reg).filter((k) => k.endsWith("_name"))).toEqual([]);
    }
  });

  it("never contains a password value: only references to ephemeral variables without default", () => {
    const secret = "correct-horse-battery-staple";
    const saved = [process.env.TF_VAR_sip_password, process.env.TF_VAR_user_password];
    process.env.TF_VAR_sip_password = secret;
    process.env.TF_VAR_user_password = secret;
    try {
      const { text, json } = synth();
      expect(text).not.toContain(secret);
      // ephemeral, not sensitive: see test/provider/e2e/refresh-exit-code.test.ts
      for (const name of ["sip_password", "user_password"]) {
        expect(json.variable[name]).toEqual(expect.objectContaining({ type: "string", ephemeral: true }));
        expect(json.variable[name]).not.toHaveProperty("sensitive");
        expect(json.variable[name]).not.toHaveProperty("default");
      }
      const office = json.resource.voximplant_sip_registration?.office;
      expect(office).not.toHaveProperty("password"); // the state-stored variant is not used
      // Every password-like value anywhere in the document is a variable reference.
      const passwords: unknown[] = [];
      const walk = (v: unknown, key = ""): void => {
        if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
        else if (/password(_wo)?$/.test(key)) passwords.push(v);
      };
      walk(json);
      expect(passwords.sort()).toEqual(["${var.sip_password}", "${var.user_password}"]);
    } finally {
      const restore = (name: string, value: string | undefined): void => {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      };
      restore("TF_VAR_sip_password", saved[0]);
      restore("TF_VAR_user_password", saved[1]);
    }
  });

  it("outputs the application's full name, the ids and status of both lines, none of them sensitive", () => {
    const { json } = synth();
    expect(Object.keys(json.output).sort()).toEqual([
      "agent_registration_id",
      "agent_status_code",
      "agent_successful",
      "application_full_name",
      "office_registration_id",
      "office_status_code",
      "office_successful",
    ]);
    expect(json.output.office_registration_id.value).toBe("${voximplant_sip_registration.office.sip_registration_id}");
    expect(json.output.agent_status_code.value).toBe("${voximplant_sip_registration.agent.status_code}");
    expect(json.output.office_successful.value).toBe("${voximplant_sip_registration.office.successful}");
    expect(Object.values(json.output).some((o) => o.sensitive === true)).toBe(false);
  });

  it("keeps the state where it is told (the demo's work directory)", () => {
    expect(synth({ stateFile: "state/terraform.tfstate" }).json.terraform.backend?.local?.path).toBe(
      "state/terraform.tfstate",
    );
  });

  it("is the stack npm start deploys", () => {
    expect(DEMO_STACK_NAME).toBe(STACK_NAME);
  });
});
