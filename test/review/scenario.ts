// A real Terraform run against the emulator that produces one plan with every kind of SIP
// registration change (create, update, bind, unbind, replace, delete, write-only rotation) plus
// drift, and a refresh-only plan with the drift alone. Used by live.test.ts, which can also write
// the results as the committed fixtures (UPDATE_REVIEW_FIXTURES=1).

import type { Stack } from "../support";

/** Secret values of the scenario: a review must never contain any of them. */
export const SECRETS = {
  passwordV1: "state-stored-secret-v1-Qz7",
  passwordV2: "state-stored-secret-v2-Xk4",
  writeOnly: "write-only-secret-Jm9",
} as const;

const DATA = `
data "voximplant_application" "app" {
  name = "demo-app"
}

data "voximplant_rule" "rule" {
  application_id = data.voximplant_application.app.application_id
  name           = "demo-rule"
}

data "voximplant_user" "user" {
  application_id = data.voximplant_application.app.application_id
  name           = "demo-user"
}

variable "password" {
  type      = string
  sensitive = true
}

variable "password_wo" {
  type      = string
  sensitive = true
}
`;

/** Before: six registrations. */
const CONFIG_V1 = `${DATA}
resource "voximplant_sip_registration" "updated" {
  sip_username   = "updated"
  proxy          = "sip.example.com"
  auth_user      = "auth-v1"
  password       = var.password
  application_id = data.voximplant_application.app.application_id
}

resource "voximplant_sip_registration" "bound" {
  sip_username   = "bound"
  proxy          = "sip.example.com"
  application_id = data.voximplant_application.app.application_id
}

resource "voximplant_sip_registration" "unbound" {
  sip_username   = "unbound"
  proxy          = "sip.example.com"
  application_id = data.voximplant_application.app.application_id
  user_id        = data.voximplant_user.user.user_id
}

resource "voximplant_sip_registration" "replaced" {
  sip_username  = "replaced"
  proxy         = "sip.example.com"
  is_persistent = true
}

resource "voximplant_sip_registration" "deleted" {
  sip_username = "deleted"
  proxy        = "sip.example.com"
}

resource "voximplant_sip_registration" "rotated" {
  sip_username        = "rotated"
  proxy               = "sip.example.com"
  password_wo         = var.password_wo
  password_wo_version = 1
}

resource "voximplant_sip_registration" "drifted" {
  sip_username = "drifted"
  proxy        = "sip.example.com"
}
`;

/** After: one of each change. */
const CONFIG_V2 = `${DATA}
resource "voximplant_sip_registration" "updated" {
  sip_username   = "updated"
  proxy          = "sip.example.com"
  auth_user      = "auth-v2"
  password       = var.password
  application_id = data.voximplant_application.app.application_id
}

resource "voximplant_sip_registration" "bound" {
  sip_username   = "bound"
  proxy          = "sip.example.com"
  application_id = data.voximplant_application.app.application_id
  rule_id        = data.voximplant_rule.rule.rule_id
}

resource "voximplant_sip_registration" "unbound" {
  sip_username   = "unbound"
  proxy          = "sip.example.com"
  application_id = data.voximplant_application.app.application_id
}

resource "voximplant_sip_registration" "replaced" {
  sip_username  = "replaced"
  proxy         = "sip.example.com"
  is_persistent = false
}

resource "voximplant_sip_registration" "rotated" {
  sip_username        = "rotated"
  proxy               = "sip.example.com"
  password_wo         = var.password_wo
  password_wo_version = 2
}

resource "voximplant_sip_registration" "drifted" {
  sip_username = "drifted"
  proxy        = "sip.example.com"
}

resource "voximplant_sip_registration" "created" {
  sip_username        = "created"
  proxy               = "sip.example.com"
  password_wo         = var.password_wo
  password_wo_version = 1
  application_id      = data.voximplant_application.app.application_id
  rule_id             = data.voximplant_rule.rule.rule_id
}
`;

export interface ScenarioPlans {
  /** `terraform show -json` of the v1 → v2 plan made after the out-of-band change. */
  changes: Record<string, unknown>;
  /** `terraform show -json` of `plan -refresh-only` after the out-of-band change (v1 config). */
  driftOnly: Record<string, unknown>;
  /** Exit code of `plan -refresh-only -detailed-exitcode` (2 = drift). */
  driftExitCode: number;
}

export async function runScenario(stack: Stack): Promise<ScenarioPlans> {
  const dir = stack.workdir({ "main.tf": CONFIG_V1 });
  const v1 = { env: { TF_VAR_password: SECRETS.passwordV1, TF_VAR_password_wo: SECRETS.writeOnly } };
  stack.expectOk(await stack.apply(dir, [], v1), "apply v1");

  // Out of band: someone renames the "drifted" line in the control panel.
  const drifted = await stack.resource(dir, "voximplant_sip_registration.drifted");
  const id = Number(drifted.sip_registration_id);
  await stack.client.updateSipRegistration({ sip_registration_id: id, sip_username: "renamed-outside-terraform" });
  const [row] = (await stack.client.getSipRegistrations({ sip_registration_id: id })).result;
  if (row?.sip_username !== "renamed-outside-terraform")
    throw new Error(`the out-of-band rename of registration ${id} did not take: ${JSON.stringify(row)}`);

  const check = await stack.tf(["plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-out=drift.bin"], {
    cwd: dir,
    env: v1.env,
  });
  if (check.code !== 2)
    throw new Error(
      `plan -refresh-only -detailed-exitcode exited ${check.code}, expected 2\n${check.stdout}\n${check.stderr}`,
    );
  const driftOnly = JSON.parse(
    stack.expectOk(await stack.tf(["show", "-json", "drift.bin"], { cwd: dir, env: v1.env })).stdout,
  ) as Record<string, unknown>;
  // Exit code 2 alone proves nothing (see docs/gitops.md); the refresh must have seen the rename.
  if (!JSON.stringify(driftOnly.resource_drift ?? null).includes("renamed-outside-terraform")) {
    throw new Error(`the refresh-only plan shows no drift for registration ${id}:\n${check.stdout}`);
  }

  stack.writeFiles(dir, { "main.tf": CONFIG_V2 });
  const changes = await stack.planJson(dir, [], {
    env: { TF_VAR_password: SECRETS.passwordV2, TF_VAR_password_wo: SECRETS.writeOnly },
  });
  return { changes, driftOnly, driftExitCode: check.code };
}

/**
 * What a committed fixture keeps: the parts of the plan the review reads. `variables`,
 * `configuration` and `planned_values` are dropped (the first holds the sensitive variable
 * values in clear text; the review reads none of them), and `prior_state` keeps only the data
 * sources (the review takes names from them).
 */
export function fixtureOf(plan: Record<string, unknown>): Record<string, unknown> {
  const keep = [
    "format_version",
    "terraform_version",
    "resource_drift",
    "resource_changes",
    "output_changes",
    "applyable",
    "complete",
    "errored",
  ];
  const out: Record<string, unknown> = Object.fromEntries(keep.filter((k) => k in plan).map((k) => [k, plan[k]]));
  const prior = plan.prior_state as { values?: { root_module?: { resources?: Array<{ mode?: string }> } } } | undefined;
  const resources = prior?.values?.root_module?.resources;
  if (Array.isArray(resources))
    out.prior_state = { values: { root_module: { resources: resources.filter((r) => r.mode === "data") } } };
  return out;
}
