// The second example: two SIP registrations bound to an application, rule and user that exist
// already (managed elsewhere), found through data sources. The main example, examples/stack.ts,
// creates them itself.
//
// Nothing secret or account-specific is written here. The provider reads its credentials and API
// URL from the environment (VOXIMPLANT_CREDENTIALS, VOXIMPLANT_API_URL); names and the SIP
// password come from Terraform variables (TF_VAR_<name>), so the synthesized JSON contains a
// reference to the password variable, never its value.
//
// In your own project import the classes from the package instead:
//   import { ... } from "terraform-provider-voximplant/cdktf";
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import {
  DataVoximplantApplication,
  DataVoximplantRule,
  DataVoximplantUser,
  SipRegistration,
  VoximplantProvider,
} from "../src/cdktf";

/** Where Terraform keeps the state (local backend); as for the main example. */
export interface ExistingObjectsStackOptions {
  stateFile?: string;
}

export class ExistingObjectsStack extends TerraformStack {
  readonly office: SipRegistration;
  readonly agent: SipRegistration;

  constructor(scope: Construct, id: string, options: ExistingObjectsStackOptions = {}) {
    super(scope, id);
    if (options.stateFile !== undefined) new LocalBackend(this, { path: options.stateFile });

    // Credentials and API URL: from VOXIMPLANT_CREDENTIALS / VOXIMPLANT_API_URL at plan time.
    new VoximplantProvider(this, "voximplant", {});

    const variable = (name: string, description: string, defaultValue: string): TerraformVariable =>
      new TerraformVariable(this, name, { type: "string", description, default: defaultValue });
    const applicationName = variable(
      "application_name",
      "Existing Voximplant application the registrations route calls to.",
      "demo-app",
    );
    const ruleName = variable(
      "rule_name",
      "Rule of that application that handles calls of the office line.",
      "demo-rule",
    );
    const userName = variable(
      "user_name",
      "User of that application who receives calls of the agent line.",
      "demo-user",
    );
    const proxy = variable(
      "sip_proxy",
      "SIP registrar (proxy) both lines register at, host[:port].",
      "sip.example.com",
    );
    const officeUser = variable("office_sip_username", "SIP user name of the office line.", "office");
    const agentUser = variable("agent_sip_username", "SIP user name of the agent line.", "agent");
    const password = new TerraformVariable(this, "sip_password", {
      type: "string",
      description:
        "SIP password of the office line; set TF_VAR_sip_password. Sent write-only: it is never stored in the plan " +
        "or state.",
    });
    // `ephemeral` (Terraform 1.10+) is missing from cdktf's TerraformVariable, hence the override.
    // An ephemeral value never reaches a plan file or the state; a `sensitive` one would also
    // leave its mark in the state, and Terraform before 1.12 can then make a drift check exit 2
    // without any change (docs/gitops.md).
    password.addOverride("ephemeral", true);
    const passwordVersion = new TerraformVariable(this, "sip_password_version", {
      type: "number",
      default: 1,
      description: "Increase to send a new sip_password (write-only values are not compared).",
    });

    const app = new DataVoximplantApplication(this, "application", { name: applicationName.stringValue });
    const rule = new DataVoximplantRule(this, "rule", { applicationId: app.applicationId, name: ruleName.stringValue });
    const user = new DataVoximplantUser(this, "user", { applicationId: app.applicationId, name: userName.stringValue });

    // Office line: routed to the application's rule; the password is write-only.
    this.office = new SipRegistration(this, "office", {
      sipUsername: officeUser.stringValue,
      proxy: proxy.stringValue,
      passwordWo: password.stringValue,
      passwordWoVersion: passwordVersion.numberValue,
      applicationId: app.applicationId,
      ruleId: rule.ruleId,
      waitForRegistration: true,
    });

    // Agent line: calls go to one user of the application.
    this.agent = new SipRegistration(this, "agent", {
      sipUsername: agentUser.stringValue,
      proxy: proxy.stringValue,
      applicationId: app.applicationId,
      userId: user.userId,
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
