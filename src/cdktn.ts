// Package entry `terraform-provider-voximplant/cdktn`: the CDK Terrain bindings of this provider,
// generated from the same schema as `terraform-provider-voximplant/cdktf` by `npm run generate`
// with @cdktn/provider-generator (see docs/cdktf.md, which covers both and the migration).
//
//   import { VoximplantProvider, SipRegistration, DataVoximplantApplication } from "terraform-provider-voximplant/cdktn";
//
// The classes extend the `cdktn` library (0.24, constructs >= 10.6): an application on cdktn
// imports these, never the cdktf ones (the two libraries' classes do not mix).
export * from "./bindings-cdktn";
export { VOXIMPLANT_PROVIDER_SOURCE, VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT } from "./provider-address";
