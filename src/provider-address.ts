// Where Terraform finds this provider: the one definition of its source address, used by the
// executable (install, --debug), the provider's schema document, and the generated bindings
// (cdktf and cdktn alike write it into every synthesized stack's required_providers).
// scripts/generate-bindings.js is plain JavaScript run before the build and repeats the values;
// a test compares them.

/** The parts of the source address `<hostname>/<namespace>/<type>`. */
export const VOXIMPLANT_PROVIDER_HOSTNAME = "voximplant.local";
export const VOXIMPLANT_PROVIDER_NAMESPACE = "voximplant";
export const VOXIMPLANT_PROVIDER_TYPE = "voximplant";

/** Source address of the provider (a local filesystem mirror; see `install`). */
export const VOXIMPLANT_PROVIDER_SOURCE = [
  VOXIMPLANT_PROVIDER_HOSTNAME,
  VOXIMPLANT_PROVIDER_NAMESPACE,
  VOXIMPLANT_PROVIDER_TYPE,
].join("/");
/** Version constraint the bindings write beside the source. */
export const VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT = "~> 0.1";
