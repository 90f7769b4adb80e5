// Entry points of the Voximplant provider used by src/main.ts: createProvider() is called lazily
// when Terraform starts the plugin, providerSchemaJson() by the `schema` subcommand.
import { createProviderServer, protocolSchemasOf, schemasJsonDocument, type ProviderRpc } from "../plugin";
import { VOXIMPLANT_PROVIDER_SOURCE } from "../provider-address";
import { voximplantProvider } from "./provider";

export { voximplantProvider } from "./provider";
export type { ProviderMeta } from "./meta";

export function createProvider(): ProviderRpc {
  return createProviderServer(voximplantProvider);
}

/** The provider's schema in the shape of `terraform providers schema -json` (one provider). */
export function providerSchemaJson(): object {
  return schemasJsonDocument(VOXIMPLANT_PROVIDER_SOURCE, protocolSchemasOf(createProviderServer(voximplantProvider)));
}
