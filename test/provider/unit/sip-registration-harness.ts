// In-process driver for voximplant_sip_registration: the real resource definition behind the
// framework's RPC server, driven through the plugin's testing helper (src/plugin/testing) with
// plain JS values in and out, so plan / apply / read / import can be exercised without terraform.
import type { CtyType } from "../../../src/plugin/cty/types";
import { UNKNOWN, type ValueObject } from "../../../src/plugin/cty/value";
import type { ProviderDefinition } from "../../../src/plugin";
import { ProviderTester, errorsOf, toValue, type PlainDiagnostic } from "../../../src/plugin/testing";
import type { ProviderMeta } from "../../../src/provider";
import { voximplantProvider } from "../../../src/provider/provider";
import { sipRegistrationResource } from "../../../src/provider/sip-registration";
import { RESOURCE_TYPE } from "../../../src/provider/sip-registration/schema";

export { UNKNOWN, errorsOf, toValue };
export type Plain = Record<string, unknown>;

export const resourceType: CtyType = new ProviderTester(voximplantProvider).typeOf("resource", RESOURCE_TYPE);

export interface PlanResult {
  planned: ValueObject | null;
  plainPlanned: Plain | null;
  requiresReplace: string[];
  diagnostics: PlainDiagnostic[];
  plannedPrivate: Buffer | undefined;
}

export interface ApplyResult {
  state: Plain | null;
  raw: ValueObject | null;
  diagnostics: PlainDiagnostic[];
  private: Buffer | undefined;
}

export class ResourceHarness {
  private readonly tester: ProviderTester<ProviderMeta>;
  private configured: Promise<PlainDiagnostic[]> | undefined;

  /**
   * With `meta`, a minimal provider whose configure returns it; without, the real provider
   * configured through ConfigureProvider with `providerConfig`.
   */
  constructor(private readonly options: { meta?: () => ProviderMeta; providerConfig?: Plain } = {}) {
    const def: ProviderDefinition<ProviderMeta> =
      options.meta !== undefined
        ? {
            typeName: "voximplant",
            schema: { version: 0, block: { attributes: {} } },
            configure: options.meta,
            resources: [sipRegistrationResource],
          }
        : voximplantProvider;
    this.tester = new ProviderTester(def);
  }

  configure(): Promise<PlainDiagnostic[]> {
    this.configured ??= this.tester.configure(this.options.providerConfig ?? {});
    return this.configured;
  }

  config(values: Plain): ValueObject {
    return toValue(values, resourceType) as ValueObject;
  }

  /** @param writeOnlyAllowed the client capability; null sends no capabilities (cores before 1.11) */
  validate(config: Plain, writeOnlyAllowed: boolean | null = true): Promise<PlainDiagnostic[]> {
    return this.tester.validateResource(RESOURCE_TYPE, config, { writeOnlyAttributesAllowed: writeOnlyAllowed });
  }

  async plan(prior: ValueObject | null, config: Plain, priorPrivate?: Buffer): Promise<PlanResult> {
    const d = await this.configure();
    if (errorsOf(d).length > 0) throw new Error(`configure failed: ${JSON.stringify(d)}`);
    const p = await this.tester.plan(RESOURCE_TYPE, {
      prior,
      config,
      ...(priorPrivate !== undefined ? { priorPrivate } : {}),
    });
    return {
      planned: p.value,
      plainPlanned: p.plain,
      requiresReplace: p.requiresReplace,
      diagnostics: p.diagnostics,
      plannedPrivate: p.private,
    };
  }

  async apply(
    prior: ValueObject | null,
    planned: ValueObject | null,
    config: Plain | null,
    plannedPrivate?: Buffer,
  ): Promise<ApplyResult> {
    await this.configure();
    const a = await this.tester.apply(RESOURCE_TYPE, {
      prior,
      plan: planned,
      config,
      ...(plannedPrivate !== undefined ? { plannedPrivate } : {}),
    });
    return { raw: a.value, state: a.plain, diagnostics: a.diagnostics, private: a.private };
  }

  /** plan + apply of a create or update; throws when planning fails. */
  async planApply(
    prior: ValueObject | null,
    config: Plain,
    priorPrivate?: Buffer,
  ): Promise<ApplyResult & { plan: PlanResult }> {
    const p = await this.plan(prior, config, priorPrivate);
    if (errorsOf(p.diagnostics).length > 0) throw new Error(`plan failed: ${JSON.stringify(p.diagnostics)}`);
    const a = await this.apply(prior, p.planned, config, p.plannedPrivate);
    return { ...a, plan: p };
  }

  async read(state: ValueObject, priv?: Buffer): Promise<ApplyResult> {
    await this.configure();
    const r = await this.tester.read(RESOURCE_TYPE, { state, ...(priv !== undefined ? { private: priv } : {}) });
    return { raw: r.value, state: r.plain, diagnostics: r.diagnostics, private: r.private };
  }

  /** Terraform's StopProvider. */
  stop(): Promise<void> {
    return this.tester.stop();
  }

  async import(
    id: string,
  ): Promise<{ state: ValueObject | null; private: Buffer | undefined; diagnostics: PlainDiagnostic[] }> {
    await this.configure();
    const r = await this.tester.import(RESOURCE_TYPE, id);
    return { state: r.value, private: r.private, diagnostics: r.diagnostics };
  }
}
