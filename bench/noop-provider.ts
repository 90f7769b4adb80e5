// A do-nothing provider on the project's plugin runtime (transport + framework), bundled and
// installed by the apply benchmark next to the real one. Its resource makes no API call, so
// `apply` of N of them, divided by N terraform_data, is the floor any resource of this runtime
// pays: it separates the cost of the plugin runtime from the cost of the SIP resource and the API.
import { StringType } from "../src/plugin/cty/types";
import { createProviderServer, useStateForUnknown, type ProviderDefinition } from "../src/plugin";
import { MAGIC_COOKIE_KEY, serve } from "../src/plugin/transport";

const NOOP_TYPE = "benchnoop";

let counter = 0;

const noopProvider: ProviderDefinition<null> = {
  typeName: NOOP_TYPE,
  schema: { version: 0, block: { attributes: {} } },
  configure: () => null,
  resources: [
    {
      typeName: `${NOOP_TYPE}_thing`,
      schema: {
        version: 0,
        block: {
          attributes: {
            id: { type: StringType, computed: true, planModifiers: [useStateForUnknown()] },
            input: { type: StringType, required: true },
          },
        },
      },
      create: (ctx) => ({ id: `thing-${process.pid}-${++counter}`, input: ctx.plan.getString("input") }),
      read: (ctx) => ({ id: ctx.state.getString("id"), input: ctx.state.getString("input") }),
      update: (ctx) => ({ id: ctx.prior.getString("id"), input: ctx.plan.getString("input") }),
      delete: () => undefined,
    },
  ],
};

// Serve only when run as the provider executable (the bench bundles this file as its entry).
if (process.env[MAGIC_COOKIE_KEY] !== undefined) {
  void serve(() => createProviderServer(noopProvider), { name: NOOP_TYPE });
}
