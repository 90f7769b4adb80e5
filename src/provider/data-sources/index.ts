// Data sources of the voximplant provider, one file each; provider.ts registers this list.
import type { DataSourceDefinition } from "../../plugin/framework";
import type { ProviderMeta } from "../provider";
import { applicationDataSource } from "./application";
import { ruleDataSource } from "./rule";
import { sipRegistrationDataSource } from "./sip-registration";
import { sipRegistrationsDataSource } from "./sip-registrations";
import { userDataSource } from "./user";

export const dataSources: DataSourceDefinition<ProviderMeta>[] = [
  applicationDataSource,
  ruleDataSource,
  userDataSource,
  sipRegistrationDataSource,
  sipRegistrationsDataSource,
];
