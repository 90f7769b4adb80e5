// Package entry `terraform-provider-voximplant/cdktf`: the CDKTF bindings of this provider
// (generated from its schema by `npm run generate`; see docs/cdktf.md).
//
//   import { VoximplantProvider, SipRegistration, DataVoximplantApplication }
//     from "terraform-provider-voximplant/cdktf";
//
// The classes target cdktf 0.21 and constructs 10 (peer libraries of the application).
export * from "./bindings";

/** Source address and version constraint the bindings write into `required_providers`. */
export const VOXIMPLANT_PROVIDER_SOURCE = "voximplant.local/voximplant/voximplant";
export const VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT = "~> 0.1";
