variable "application_name" {
  type        = string
  description = "Existing Voximplant application the registrations route calls to."
  default     = "demo-app"
}

variable "rule_name" {
  type        = string
  description = "Rule of that application that handles calls of the office line."
  default     = "demo-rule"
}

variable "user_name" {
  type        = string
  description = "User of that application who receives calls of the agent line."
  default     = "demo-user"
}

variable "sip_proxy" {
  type        = string
  description = "SIP registrar (proxy) both lines register at, host[:port]."
  default     = "sip.example.com"
}

variable "office_sip_username" {
  type        = string
  description = "SIP user name of the office line."
  default     = "office"
}

variable "agent_sip_username" {
  type        = string
  description = "SIP user name of the agent line."
  default     = "agent"
}

# ephemeral (Terraform 1.10+): the value is never written to a plan file or the state, and no
# sensitive mark follows it into the state (with `sensitive = true` instead, Terraform before 1.12
# can make a drift check exit 2 without a change: see docs/gitops.md).
variable "sip_password" {
  type        = string
  ephemeral   = true
  description = "SIP password of the office line; set TF_VAR_sip_password. Sent write-only: it is never stored in the plan or state."
}

variable "sip_password_version" {
  type        = number
  default     = 1
  description = "Increase to send a new sip_password (write-only values are not compared)."
}
