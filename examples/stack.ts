// The example stack: the whole Voximplant setup of a PBX connection as code. It creates an
// application, the VoxEngine scenario that answers its calls, a rule that routes extension numbers
// to the scenario, a user, and two SIP registrations bound to them by reference. The second
// example, examples/existing-objects.ts, binds the registrations to objects that exist already.
//
// Nothing secret or account-specific is written here. The provider reads its credentials and API
// URL from the environment (VOXIMPLANT_CREDENTIALS, VOXIMPLANT_API_URL); names and the two
// passwords come from Terraform variables (TF_VAR_<name>), so the synthesized JSON contains
// references to the password variables, never their values.
//
// In your own project import the classes from the package instead:
//   import { ... } from "terraform-provider-voximplant/cdktf";
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { Application, Rule, Scenario, SipRegistration, User, VoximplantProvider } from "../src/cdktf";

/** The stack name `npm start` and the docs use (cdktf.out/stacks/<name> is Terraform's working directory). */
export const STACK_NAME = "voximplant-sip";

/** The scenario's VoxEngine source; examples/hcl/main.tf holds the same lines. */
export const INBOUND_SCRIPT = [
  "// Answers the calls the rule routes here with a short greeting, then hangs up.",
  "VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {",
  '  e.call.addEventListener(CallEvents.Connected, () => e.call.say("Hello from Terraform."));',
  "  e.call.addEventListener(CallEvents.PlaybackFinished, () => e.call.hangup());",
  "  e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());",
  "  e.call.answer();",
  "});",
  "",
].join("\n");

export interface VoximplantSetupStackOptions {
  /**
   * Where Terraform keeps the state (local backend). Default: `terraform.<stack>.tfstate` in the
   * directory `cdktf` runs in.
   */
  stateFile?: string;
}

/**
 * A write-only secret from an ephemeral variable without default (set TF_VAR_<name>), and the
 * version number that sends it again when increased.
 */
function writeOnlySecret(
  scope: Construct,
  name: string,
  description: string,
): { value: TerraformVariable; version: TerraformVariable } {
  const value = new TerraformVariable(scope, name, {
    type: "string",
    description: `${description}; set TF_VAR_${name}. Sent write-only: it is never stored in the plan or state.`,
  });
  // `ephemeral` (Terraform 1.10+) is missing from cdktf's TerraformVariable, hence the override.
  // An ephemeral value never reaches a plan file or the state; a `sensitive` one would also
  // leave its mark in the state, and Terraform before 1.12 can then make a drift check exit 2
  // without any change (docs/gitops.md).
  value.addOverride("ephemeral", true);
  const version = new TerraformVariable(scope, `${name}_version`, {
    type: "number",
    default: 1,
    description: `Increase to send a new ${name} (write-only values are not compared).`,
  });
  return { value, version };
}

export class VoximplantSetupStack extends TerraformStack {
  readonly application: Application;
  readonly scenario: Scenario;
  readonly rule: Rule;
  readonly user: User;
  readonly office: SipRegistration;
  readonly agent: SipRegistration;

  constructor(scope: Construct, id: string, options: VoximplantSetupStackOptions = {}) {
    super(scope, id);
    if (options.stateFile !== undefined) new LocalBackend(this, { path: options.stateFile });

    // Credentials and API URL: from VOXIMPLANT_CREDENTIALS / VOXIMPLANT_API_URL at plan time.
    new VoximplantProvider(this, "voximplant", {});

    const variable = (name: string, description: string, defaultValue: string): TerraformVariable =>
      new TerraformVariable(this, name, { type: "string", description, default: defaultValue });
    const applicationName = variable(
      "application_name",
      "Short name of the application the stack creates (unique in the account).",
      "pbx-gateway",
    );
    const userName = variable(
      "user_name",
      "Name of the user who receives the agent line's calls (unique in the account).",
      "reception",
    );
    const proxy = variable(
      "sip_proxy",
      "SIP registrar (proxy) both lines register at, host[:port].",
      "sip.example.com",
    );
    const officeUser = variable("office_sip_username", "SIP user name of the office line.", "office");
    const agentUser = variable("agent_sip_username", "SIP user name of the agent line.", "agent");
    const sipPassword = writeOnlySecret(this, "sip_password", "SIP password of the office line");
    const userPassword = writeOnlySecret(this, "user_password", "Password of the user");

    this.application = new Application(this, "application", { name: applicationName.stringValue });
    this.scenario = new Scenario(this, "inbound", {
      name: `${applicationName.stringValue}-inbound`,
      script: INBOUND_SCRIPT,
    });
    // Extension numbers 1000-1999 go to the scenario (scenarioIds is ordered: the run order).
    this.rule = new Rule(this, "extensions", {
      applicationId: this.application.applicationId,
      name: "extensions",
      rulePattern: "^1\\d{3}$",
      scenarioIds: [this.scenario.scenarioId],
    });
    this.user = new User(this, "reception", {
      applicationId: this.application.applicationId,
      name: userName.stringValue,
      displayName: "Reception",
      passwordWo: userPassword.value.stringValue,
      passwordWoVersion: userPassword.version.numberValue,
    });

    // Office line: routed to the application's rule; the password is write-only.
    this.office = new SipRegistration(this, "office", {
      sipUsername: officeUser.stringValue,
      proxy: proxy.stringValue,
      passwordWo: sipPassword.value.stringValue,
      passwordWoVersion: sipPassword.version.numberValue,
      applicationId: this.application.applicationId,
      ruleId: this.rule.ruleId,
      waitForRegistration: true,
    });

    // Agent line: calls go to the user (a user takes one SIP registration only).
    this.agent = new SipRegistration(this, "agent", {
      sipUsername: agentUser.stringValue,
      proxy: proxy.stringValue,
      applicationId: this.application.applicationId,
      userId: this.user.userId,
    });

    new TerraformOutput(this, "application_full_name", {
      value: this.application.fullName,
      description: "Full name of the application (<name>.<account>.voximplant.com).",
    });
    for (const [name, reg] of [
      ["office", this.office],
      ["agent", this.agent],
    ] as const) {
      new TerraformOutput(this, `${name}_registration_id`, {
        value: reg.sipRegistrationId,
        description: `Id of the ${name} line's registration.`,
      });
      new TerraformOutput(this, `${name}_successful`, {
        value: reg.successful,
        description: `Whether the ${name} line is registered.`,
      });
      new TerraformOutput(this, `${name}_status_code`, {
        value: reg.statusCode,
        description: `Last SIP status code of the ${name} line.`,
      });
    }
  }
}
