// What the built provider offers, read from its own `schema` command, so the harness can say
// clearly which scenarios it can run (and which provider settings exist) instead of failing
// halfway through a terraform run.
import { execFileSync } from "node:child_process";
import { bundlePath, SOURCE_ADDRESS } from "./terraform";

export const REGISTRATION_RESOURCE = "voximplant_sip_registration";

export interface ProviderInfo {
  hasRegistrationResource: boolean;
  providerAttributes: ReadonlySet<string>;
  resourceAttributes: ReadonlySet<string>;
}

interface SchemaJson {
  provider_schemas?: Record<
    string,
    {
      provider?: { block?: { attributes?: Record<string, unknown> } };
      resource_schemas?: Record<string, { block?: { attributes?: Record<string, unknown> } }>;
    }
  >;
}

export function readProviderInfo(): ProviderInfo {
  const text = execFileSync(process.execPath, [bundlePath(), "schema"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
  const schema = (JSON.parse(text) as SchemaJson).provider_schemas?.[SOURCE_ADDRESS];
  const resource = schema?.resource_schemas?.[REGISTRATION_RESOURCE];
  return {
    hasRegistrationResource: resource !== undefined,
    providerAttributes: new Set(Object.keys(schema?.provider?.block?.attributes ?? {})),
    resourceAttributes: new Set(Object.keys(resource?.block?.attributes ?? {})),
  };
}
