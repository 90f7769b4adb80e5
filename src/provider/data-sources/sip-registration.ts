// data "voximplant_sip_registration": one existing registration, looked up by its id or by the
// (sip_username, proxy) pair it registers as. The pair is not guaranteed unique by the API, so a
// lookup that matches several registrations is an error listing their ids.

import { NumberType, StringType } from "../../plugin/cty/types";
import { ProviderError, stringMatches, type DataSourceDefinition, type DataSourceReadContext } from "../../plugin";
import type { ProviderMeta } from "../meta";
import { idValidators, nameValidators, notFound, optionalId, requireExactlyOneWay } from "./common";
import { REGISTRATION_KEY_DESCRIPTIONS, registrationDetailAttributes, registrationValues } from "./registration-fields";

const SIP_REGISTRATION_DATA_SOURCE = "voximplant_sip_registration";

async function byId(ctx: DataSourceReadContext<ProviderMeta>, id: number, path: string) {
  const page = await ctx.meta.client.getSipRegistrations({ sip_registration_id: id }, { signal: ctx.signal });
  const found = page.result.find((r) => r.sip_registration_id === id);
  if (found === undefined) throw notFound("SIP registration", `with id ${id}`, path);
  return found;
}

async function byKey(ctx: DataSourceReadContext<ProviderMeta>, sipUsername: string, proxy: string) {
  // findSipRegistrations compares both fields exactly (the server's sip_username filter may match parts).
  const matches = await ctx.meta.client.findSipRegistrations(
    { sip_username: sipUsername, proxy },
    { signal: ctx.signal },
  );
  const searched = `with sip_username ${JSON.stringify(sipUsername)} and proxy ${JSON.stringify(proxy)}`;
  if (matches.length === 0) throw notFound("SIP registration", searched, "sip_username");
  if (matches.length > 1) {
    const ids = matches.map((m) => m.sip_registration_id).join(", ");
    throw new ProviderError("Several SIP registrations match", {
      detail:
        `${matches.length} SIP registrations ${searched} exist (ids ${ids}). Look one up by ` +
        `sip_registration_id instead.`,
      path: "sip_username",
    });
  }
  return matches[0]!;
}

export const sipRegistrationDataSource: DataSourceDefinition<ProviderMeta> = {
  typeName: SIP_REGISTRATION_DATA_SOURCE,
  schema: {
    version: 0,
    block: {
      markdownDescription:
        "Reads one existing SIP registration, by `sip_registration_id` (or `id`), or by `sip_username` together " +
        "with `proxy`. " +
        "Fails when nothing matches, and when a `sip_username` + `proxy` lookup matches more than one registration.",
      attributes: {
        id: {
          type: StringType,
          optional: true,
          computed: true,
          validators: [
            stringMatches(
              /[1-9][0-9]{0,14}/,
              "must be a registration id (a positive whole number of at most 15 digits, written as text)",
            ),
          ],
          markdownDescription:
            "The registration's id as text, the same value as `sip_registration_id` (and as the `id` of a " +
            "`voximplant_sip_registration` resource). Set it, `sip_registration_id`, or `sip_username` + `proxy`.",
        },
        sip_registration_id: {
          type: NumberType,
          optional: true,
          computed: true,
          validators: idValidators,
          markdownDescription:
            `${REGISTRATION_KEY_DESCRIPTIONS.sip_registration_id} Set it, \`id\`, or ` +
            `\`sip_username\` + \`proxy\`.`,
        },
        sip_username: {
          type: StringType,
          optional: true,
          computed: true,
          validators: nameValidators,
          markdownDescription:
            `${REGISTRATION_KEY_DESCRIPTIONS.sip_username} Set it together with \`proxy\` to ` +
            `look the registration up by both (exact match).`,
        },
        proxy: {
          type: StringType,
          optional: true,
          computed: true,
          validators: nameValidators,
          markdownDescription: `${REGISTRATION_KEY_DESCRIPTIONS.proxy} Set it together with \`sip_username\`.`,
        },
        ...registrationDetailAttributes(),
      },
    },
  },

  validateConfig(ctx) {
    requireExactlyOneWay(ctx, "SIP registration", [["sip_registration_id"], ["id"], ["sip_username", "proxy"]]);
  },

  async read(ctx) {
    const c = ctx.config;
    const numericId = optionalId(c, "sip_registration_id");
    const textId = c.getString("id");
    let reg;
    if (numericId !== null) reg = await byId(ctx, numericId, "sip_registration_id");
    else if (textId !== null) reg = await byId(ctx, Number(textId), "id");
    else reg = await byKey(ctx, c.getString("sip_username")!, c.getString("proxy")!);
    return { ...registrationValues(reg), id: String(reg.sip_registration_id) };
  },
};
