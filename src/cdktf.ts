// Package entry `terraform-provider-voximplant/cdktf`: the CDKTF bindings of this provider
// (generated from its schema by `npm run generate`; see docs/cdktf.md).
//
//   import { VoximplantProvider, SipRegistration, DataVoximplantApplication } from "terraform-provider-voximplant/cdktf";
//
// The classes target cdktf 0.21 and constructs 10 (peer libraries of the application). The same
// classes for CDK Terrain are in `terraform-provider-voximplant/cdktn`.
export * from "./bindings";
export { VOXIMPLANT_PROVIDER_SOURCE, VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT } from "./provider-address";
