// Data sources of the voximplant provider, one file each; provider.ts registers this list.
import { VoximplantError } from "../../api";
import type { DataSourceDefinition } from "../../plugin";
import type { ProviderMeta } from "../meta";
import { apiFailure, sameNamedAttribute } from "../api-failure";
import { applicationDataSource } from "./application";
import { ruleDataSource } from "./rule";
import { sipRegistrationDataSource } from "./sip-registration";
import { sipRegistrationsDataSource } from "./sip-registrations";
import { userDataSource } from "./user";

/**
 * API failures of a data source become the same diagnostics the resource gives (the API's reason
 * plus what to check: credentials and clock, key roles, …) instead of the framework's generic
 * "Unexpected error" (found by test/hardening/credentials-clock.test.ts).
 */
function withApiDiagnostics(ds: DataSourceDefinition<ProviderMeta>): DataSourceDefinition<ProviderMeta> {
  return {
    ...ds,
    async read(ctx) {
      try {
        return await ds.read(ctx);
      } catch (e) {
        if (e instanceof VoximplantError)
          throw apiFailure(`read data source ${ds.typeName}`, e, sameNamedAttribute(ctx.config));
        throw e;
      }
    },
  };
}

export const dataSources: DataSourceDefinition<ProviderMeta>[] = [
  applicationDataSource,
  ruleDataSource,
  userDataSource,
  sipRegistrationDataSource,
  sipRegistrationsDataSource,
].map(withApiDiagnostics);
