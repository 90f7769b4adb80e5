output "application_full_name" {
  description = "Full name of the application (<name>.<account>.voximplant.com)."
  value       = voximplant_application.application.full_name
}

output "office_registration_id" {
  description = "Id of the office line's registration."
  value       = voximplant_sip_registration.office.sip_registration_id
}

output "office_successful" {
  description = "Whether the office line is registered."
  value       = voximplant_sip_registration.office.successful
}

output "office_status_code" {
  description = "Last SIP status code of the office line."
  value       = voximplant_sip_registration.office.status_code
}

output "agent_registration_id" {
  description = "Id of the agent line's registration."
  value       = voximplant_sip_registration.agent.sip_registration_id
}

output "agent_successful" {
  description = "Whether the agent line is registered."
  value       = voximplant_sip_registration.agent.successful
}

output "agent_status_code" {
  description = "Last SIP status code of the agent line."
  value       = voximplant_sip_registration.agent.status_code
}
