// In-process harness for data sources without terraform: wraps data source definitions in a
// minimal ProviderDefinition and drives it through the plugin's testing helper
// (src/plugin/testing), so validate()/read() take plain JS configs (numbers → Terraform numbers,
// missing attributes → null) and return diagnostics and plain JS state. Fast enough for unit
// tests of validation and read logic.
//
//   const h = dataSourceHarness([applicationDataSource], () => meta);
//   const diags = await h.validate("voximplant_application", { name: "demo-app", application_id: 1 });
//   const { state } = await h.read("voximplant_application", { name: "demo-app" });
import type { CtyType } from "../../src/plugin/cty/types";
import type { DataSourceDefinition, ProviderDefinition } from "../../src/plugin";
import type { ProviderRpc } from "../../src/plugin/protocol/messages";
import { ProviderTester, unknown, type PlainDiagnostic } from "../../src/plugin/testing";

export { unknown, type PlainDiagnostic };

export interface DataSourceHarness {
  rpc: ProviderRpc;
  typeOf(typeName: string): CtyType;
  validate(typeName: string, config: Record<string, unknown>): Promise<PlainDiagnostic[]>;
  /** Configures the provider on first use, then reads. */
  read(
    typeName: string,
    config: Record<string, unknown>,
  ): Promise<{ state: Record<string, unknown> | null; diagnostics: PlainDiagnostic[] }>;
}

export function dataSourceHarness<M>(
  dataSources: DataSourceDefinition<M>[],
  meta: () => M | Promise<M>,
): DataSourceHarness {
  const def: ProviderDefinition<M> = {
    typeName: "voximplant",
    schema: { version: 0, block: { attributes: {} } },
    configure: () => meta(),
    resources: [],
    dataSources,
  };
  const tester = new ProviderTester(def);
  let configured: Promise<PlainDiagnostic[]> | undefined;
  return {
    rpc: tester.rpc,
    typeOf: (typeName) => tester.typeOf("data", typeName),
    validate: (typeName, config) => tester.validateDataSource(typeName, config),
    async read(typeName, config) {
      configured ??= tester.configure({});
      const configureDiags = await configured;
      if (configureDiags.length > 0) return { state: null, diagnostics: configureDiags };
      const r = await tester.readDataSource(typeName, config);
      return { state: r.plain, diagnostics: r.diagnostics };
    },
  };
}
