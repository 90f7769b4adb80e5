// A do-nothing provider on the project's plugin runtime (transport + framework), bundled and
// installed by the apply benchmark next to the real one. Its resource makes no API call, so
// `apply` of N of them, divided by N terraform_data, is the floor any resource of this runtime
// pays: it separates the cost of the plugin runtime from the cost of the SIP resource and the API.
import { StringType } from "../src/plugin/cty/types";
import { isUnknown } from "../src/plugin/cty/value";
import { sipRegistrationSchema } from "../src/provider/sip-registration/schema";
import {
  createProviderServer,
  useStateForUnknown,
  type InputValue,
  type ProviderDefinition,
  type StateInput,
  type ValuesReader,
} from "../src/plugin";
import { MAGIC_COOKIE_KEY, serve } from "../src/plugin/transport";

const NOOP_TYPE = "benchnoop";

let counter = 0;

/** `values` with write-only attributes null and unknown ones (computed at create) filled in. */
function echoWide(values: ValuesReader): StateInput {
  const out: Record<string, InputValue> = {};
  for (const [name, attribute] of Object.entries(sipRegistrationSchema.block.attributes)) {
    const value = values.get(name);
    if (attribute.writeOnly === true) out[name] = null;
    else if (!isUnknown(value)) out[name] = value;
    else if (name === "id") out[name] = `thing-${process.pid}-${++counter}`;
    else if (attribute.type?.kind === "string") out[name] = "x";
    else if (attribute.type?.kind === "number") out[name] = 1;
    else if (attribute.type?.kind === "bool") out[name] = false;
    else out[name] = null;
  }
  return out;
}

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
    {
      // The registration's schema, echoed back with no API behind it: what Terraform and the
      // runtime cost for a resource this wide (26 attributes against the 2 above).
      typeName: `${NOOP_TYPE}_wide`,
      schema: sipRegistrationSchema,
      create: (ctx) => echoWide(ctx.plan),
      read: (ctx) => echoWide(ctx.state),
      update: (ctx) => echoWide(ctx.plan),
      delete: () => undefined,
    },
  ],
};

// Serve only when run as the provider executable (the bench bundles this file as its entry).
if (process.env[MAGIC_COOKIE_KEY] !== undefined) {
  void serve(() => createProviderServer(noopProvider), { name: NOOP_TYPE });
}
