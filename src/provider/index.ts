// STUB of the Voximplant provider, so the executable and the transport can be built and tested
// end to end before the real provider exists. The real implementation replaces this file and
// must keep both exports: createProvider() (called lazily by src/main.ts when Terraform starts
// the plugin) and providerSchemaJson() (printed by the `schema` subcommand).
import type { ProviderRpc, SchemaMsg } from "../plugin/protocol/messages";

function emptySchema(): SchemaMsg {
  return { version: 0, block: { attributes: [], block_types: [] } };
}

export function createProvider(): ProviderRpc {
  return {
    getMetadata: async () => ({ diagnostics: [], data_sources: [], resources: [], functions: [] }),
    getProviderSchema: async () => ({
      provider: emptySchema(),
      resource_schemas: {},
      data_source_schemas: {},
      diagnostics: [],
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
      functions: {},
    }),
    validateProviderConfig: async () => ({ diagnostics: [] }),
    validateResourceConfig: async () => ({ diagnostics: [] }),
    validateDataResourceConfig: async () => ({ diagnostics: [] }),
    upgradeResourceState: async () => ({ diagnostics: [] }),
    configureProvider: async () => ({ diagnostics: [] }),
    readResource: async () => ({ diagnostics: [] }),
    planResourceChange: async () => ({ requires_replace: [], diagnostics: [] }),
    applyResourceChange: async () => ({ diagnostics: [] }),
    importResourceState: async () => ({ imported_resources: [], diagnostics: [] }),
    readDataSource: async () => ({ diagnostics: [] }),
    getFunctions: async () => ({ functions: {}, diagnostics: [] }),
    stopProvider: async () => ({ Error: "" }),
  };
}

/** The provider's schema in the shape of `terraform providers schema -json` (one provider). */
export function providerSchemaJson(): object {
  return {
    format_version: "1.0",
    provider_schemas: {
      "voximplant.local/voximplant/voximplant": {
        provider: { version: 0, block: { description_kind: "plain" } },
      },
    },
  };
}
