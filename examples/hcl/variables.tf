variable "application_name" {
  type        = string
  description = "Short name of the application the stack creates (unique in the account)."
  default     = "pbx-gateway"
}

variable "user_name" {
  type        = string
  description = "Name of the user who receives the agent line's calls (unique in the account)."
  default     = "reception"
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

variable "user_password" {
  type        = string
  ephemeral   = true
  description = "Password of the user; set TF_VAR_user_password. Sent write-only: it is never stored in the plan or state."
}

variable "user_password_version" {
  type        = number
  default     = 1
  description = "Increase to send a new user_password (write-only values are not compared)."
}
