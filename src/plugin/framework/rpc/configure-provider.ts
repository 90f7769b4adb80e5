// ConfigureProvider: runs the definition's configure and keeps what it returns as the meta every
// later resource call receives. The configuration may hold unknowns during plan.

import type { ProviderDefinition } from "../api";
import type { Diagnostics } from "../diagnostics";
import { emptyBlockValue } from "../schema-def";
import { readerFor } from "../values";
import type { Compiled } from "./compiled";
import type { ConfigureRequest } from "./requests";
import type { FrameworkRuntime } from "./runtime";

export async function configureProvider<M>(
  rt: FrameworkRuntime<M>,
  provider: Compiled<ProviderDefinition<M>>,
  req: ConfigureRequest,
  d: Diagnostics,
): Promise<void> {
  const config = req.config;
  rt.logRequest("ConfigureProvider", "", provider.block, { config: config ?? undefined });
  if (config !== undefined) {
    const reader = readerFor(config ?? emptyBlockValue(provider.block), provider.type);
    if (!reader.isWhollyKnown()) {
      rt.logger.debug("Provider configuration contains values known only after apply", { tf_rpc: "ConfigureProvider" });
    }
    const def = provider.def;
    const res = await rt.run("ConfigureProvider", d, () =>
      def.configure({ ...rt.base(def.typeName, d), terraformVersion: req.terraformVersion, config: reader }),
    );
    if (res.ok && !d.hasErrors()) rt.setConfigured(res.value);
  }
  rt.logResponse("ConfigureProvider", "", d, { terraform_version: req.terraformVersion });
}
