# The same stack as examples/stack.ts (CDKTF), in HCL: the whole Voximplant setup of a PBX
# connection. An application, the VoxEngine scenario that answers its calls, a rule that routes
# extension numbers to the scenario, a user, and two SIP registrations bound to them by
# reference. The second example, examples/hcl-existing-objects/, binds the registrations to
# objects that exist already.

resource "voximplant_application" "application" {
  name = var.application_name
}

resource "voximplant_scenario" "inbound" {
  name   = "${var.application_name}-inbound"
  script = <<-EOT
    // Answers the calls the rule routes here with a short greeting, then hangs up.
    VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
      e.call.addEventListener(CallEvents.Connected, () => e.call.say("Hello from Terraform."));
      e.call.addEventListener(CallEvents.PlaybackFinished, () => e.call.hangup());
      e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
      e.call.answer();
    });
  EOT
}

# Extension numbers 1000-1999 go to the scenario (scenario_ids is ordered: the run order).
resource "voximplant_rule" "extensions" {
  application_id = voximplant_application.application.application_id
  name           = "extensions"
  rule_pattern   = "^1\\d{3}$"
  scenario_ids   = [voximplant_scenario.inbound.scenario_id]
}

resource "voximplant_user" "reception" {
  application_id      = voximplant_application.application.application_id
  name                = var.user_name
  display_name        = "Reception"
  password_wo         = var.user_password
  password_wo_version = var.user_password_version
}

# Office line: routed to the application's rule; the password is write-only.
resource "voximplant_sip_registration" "office" {
  sip_username          = var.office_sip_username
  proxy                 = var.sip_proxy
  password_wo           = var.sip_password
  password_wo_version   = var.sip_password_version
  application_id        = voximplant_application.application.application_id
  rule_id               = voximplant_rule.extensions.rule_id
  wait_for_registration = true
}

# Agent line: calls go to the user (a user takes one SIP registration only).
resource "voximplant_sip_registration" "agent" {
  sip_username   = var.agent_sip_username
  proxy          = var.sip_proxy
  application_id = voximplant_application.application.application_id
  user_id        = voximplant_user.reception.user_id
}
