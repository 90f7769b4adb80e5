// ValidateProviderConfig, ValidateResourceConfig, ValidateDataResourceConfig: attribute
// validators, then the definition's own validateConfig. Runs in an unconfigured provider, with
// values that may be unknown anywhere.

import type { ValueObject } from "../../cty/value";
import type { SchemaDef, ValidateConfigContext } from "../api";
import type { ConfigValidator } from "../config-validators";
import { configuredWriteOnlyPaths, validateConfigValue } from "../config-validate";
import type { Diagnostics } from "../diagnostics";
import { readerFor } from "../values";
import type { Compiled } from "./compiled";
import type { Decoded, ValidateRequest } from "./requests";
import type { FrameworkRuntime } from "./runtime";

type CustomValidation = ((ctx: ValidateConfigContext) => unknown) | undefined;

/** A provider, resource or data source definition: all three validate the same way. */
type Validatable = Compiled<{
  schema: SchemaDef;
  configValidators?: readonly ConfigValidator[];
  validateConfig?: (ctx: ValidateConfigContext) => unknown;
}>;

async function validateAgainst<M>(
  rt: FrameworkRuntime<M>,
  compiled: Validatable,
  custom: CustomValidation,
  req: ValidateRequest,
  d: Diagnostics,
): Promise<Decoded<ValueObject | null>> {
  const config = req.config;
  if (config === undefined || config === null) return config;
  const reader = readerFor(config, compiled.type);
  validateConfigValue(compiled.block, config, reader, d);
  for (const v of compiled.def.configValidators ?? []) v.validate({ config: reader, diagnostics: d });
  if (custom !== undefined) {
    await rt.run("ValidateConfig", d, () => custom({ ...rt.base(req.typeName, d), config: reader }));
  }
  return config;
}

export async function validateProviderConfig<M>(
  rt: FrameworkRuntime<M>,
  provider: Validatable,
  req: ValidateRequest,
  d: Diagnostics,
): Promise<void> {
  await validateAgainst(rt, provider, provider.def.validateConfig?.bind(provider.def), req, d);
}

export async function validateResourceConfig<M>(
  rt: FrameworkRuntime<M>,
  r: Validatable,
  req: ValidateRequest,
  d: Diagnostics,
): Promise<void> {
  const config = await validateAgainst(rt, r, r.def.validateConfig?.bind(r.def), req, d);
  if (config && req.clientCapabilities?.writeOnlyAttributesAllowed !== true) {
    for (const { path, attribute } of configuredWriteOnlyPaths(r.block, config)) {
      const instead = attribute.writeOnlyAlternative !== undefined ? ` ${attribute.writeOnlyAlternative}` : "";
      d.addError(
        "Write-only Attribute Not Allowed",
        `The resource contains a non-null value for write-only attribute ${path.toString()}. Write-only attributes ` +
          `are only supported in Terraform 1.11 and later; older clients would store the value in state.${instead}`,
        path,
      );
    }
  }
}

export async function validateDataSourceConfig<M>(
  rt: FrameworkRuntime<M>,
  ds: Validatable,
  req: ValidateRequest,
  d: Diagnostics,
): Promise<void> {
  await validateAgainst(rt, ds, ds.def.validateConfig?.bind(ds.def), req, d);
}
