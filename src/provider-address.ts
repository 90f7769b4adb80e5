// Where Terraform finds this provider, as the generated bindings (cdktf and cdktn alike) write it
// into every synthesized stack's required_providers. scripts/generate-bindings.js uses the same
// values (a test compares them).

/** Source address of the provider (a local filesystem mirror; see `install`). */
export const VOXIMPLANT_PROVIDER_SOURCE = "voximplant.local/voximplant/voximplant";
/** Version constraint the bindings write beside the source. */
export const VOXIMPLANT_PROVIDER_VERSION_CONSTRAINT = "~> 0.1";
