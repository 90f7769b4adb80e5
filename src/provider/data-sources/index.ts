// Data sources of the voximplant provider. Placeholder: the data-source engineer owns this
// directory and fills the list; provider.ts registers whatever it exports.
import type { DataSourceDefinition } from "../../plugin/framework";
import type { ProviderMeta } from "../provider";

export const dataSources: DataSourceDefinition<ProviderMeta>[] = [];
