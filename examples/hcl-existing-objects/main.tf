# The same stack as examples/existing-objects.ts (CDKTF), in HCL: two SIP registrations bound to
# an application, rule and user that exist already (managed elsewhere), found through data
# sources. The main example, examples/hcl/, creates them itself.

data "voximplant_application" "application" {
  name = var.application_name
}

data "voximplant_rule" "rule" {
  application_id = data.voximplant_application.application.application_id
  name           = var.rule_name
}

data "voximplant_user" "user" {
  application_id = data.voximplant_application.application.application_id
  name           = var.user_name
}

# Office line: routed to the application's rule; the password is write-only.
resource "voximplant_sip_registration" "office" {
  sip_username          = var.office_sip_username
  proxy                 = var.sip_proxy
  password_wo           = var.sip_password
  password_wo_version   = var.sip_password_version
  application_id        = data.voximplant_application.application.application_id
  rule_id               = data.voximplant_rule.rule.rule_id
  wait_for_registration = true
}

# Agent line: calls go to one user of the application.
resource "voximplant_sip_registration" "agent" {
  sip_username   = var.agent_sip_username
  proxy          = var.sip_proxy
  application_id = data.voximplant_application.application.application_id
  user_id        = data.voximplant_user.user.user_id
}
