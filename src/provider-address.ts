// Where Terraform finds this provider: the one definition of its source address, used by the
// executable (install, --debug), the provider's schema document, and the generated bindings
// (cdktf and cdktn alike write it into every synthesized stack's required_providers); and how
// the install command sets up its wrapper.
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

/**
 * How the install command sets up this provider's wrapper (also used by the tests' and the
 * benchmark's installations, so they run what users install): the API client is the provider's
 * only TLS client and trusts NODE_EXTRA_CA_CERTS itself, so Node.js need not load it at start.
 */
export const VOXIMPLANT_WRAPPER_OPTIONS = { deferExtraCaCerts: true } as const;
