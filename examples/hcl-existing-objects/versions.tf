terraform {
  required_version = ">= 1.11" # write-only arguments (password_wo)

  required_providers {
    voximplant = {
      source  = "voximplant.local/voximplant/voximplant"
      version = "~> 0.1"
    }
  }
}

# Credentials and API URL come from the environment: VOXIMPLANT_CREDENTIALS (path of a service
# account's credentials.json) and, for the emulator, VOXIMPLANT_API_URL.
provider "voximplant" {}
