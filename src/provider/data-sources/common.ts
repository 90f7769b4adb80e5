// Pieces shared by the data sources: plan-time checks of "look up by exactly one of …" inputs,
// id attributes, and the error every lookup reports when nothing matches.
//
// Plan-time checks run in ValidateDataResourceConfig, before the provider is configured, so they
// can never cost an API call; values may still be unknown there (e.g. an id that comes from a
// resource not created yet), in which case the check is left to a later validation round.

import { TfNumber, type Value } from "../../plugin/cty/value";
import {
  intBetween,
  ProviderError,
  stringLengthAtLeast,
  type ValidateConfigContext,
  type ValuesReader,
} from "../../plugin";

/** Ids are positive integers; Terraform numbers beyond this cannot be represented exactly. */
export const idValidators = [intBetween(1, Number.MAX_SAFE_INTEGER)];
export const nameValidators = [stringLengthAtLeast(1)];

function quoted(names: readonly string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length <= 2 ? q.join(" or ") : `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

/**
 * Each alternative is a group of attributes that identify the object together (e.g. sip_username
 * and proxy). Exactly one group must be set, and each group completely. Errors point at the
 * offending attribute so Terraform underlines it in the configuration.
 */
export function requireExactlyOneWay(
  ctx: ValidateConfigContext,
  what: string,
  alternatives: readonly (readonly string[])[],
): void {
  const c = ctx.config;
  const unknown = alternatives.some((group) => group.some((n) => c.isUnknown(n)));
  const setGroups = alternatives.filter((group) => group.some((n) => !c.isNull(n) && !c.isUnknown(n)));
  const describe = alternatives.map((g) => g.join(" + ")).join(", or ");
  if (setGroups.length > 1) {
    const second = setGroups[1]!.find((n) => !c.isNull(n))!;
    ctx.diagnostics.addError(
      "Conflicting lookup arguments",
      `Look the ${what} up by exactly one of: ${describe}. Both ` +
        `${quoted(setGroups[0]!.filter((n) => !c.isNull(n)))} and ${quoted([second])} are set.`,
      second,
    );
    return;
  }
  if (setGroups.length === 0) {
    if (unknown) return; // an unknown value may still turn out to be the one given
    ctx.diagnostics.addError(
      "Missing lookup argument",
      `Look the ${what} up by one of: ${describe}. None of ${quoted(alternatives.flat())} is set.`,
      alternatives[0]![0],
    );
    return;
  }
  const group = setGroups[0]!;
  for (const n of group) {
    if (c.isNull(n)) {
      const given = group.filter((g) => !c.isNull(g));
      ctx.diagnostics.addError(
        "Incomplete lookup arguments",
        `${quoted([n])} must be set together with ${quoted(given)} to look the ${what} up.`,
        n,
      );
    }
  }
}

/** A number attribute as a safe integer (validated beforehand), or null. */
export function optionalId(c: ValuesReader, name: string): number | null {
  return c.isNull(name) ? null : c.getInt(name);
}

/** Elements of a list(number) attribute as integers. */
export function idList(c: ValuesReader, name: string): number[] | null {
  const items = c.getList(name);
  if (items === null) return null;
  return items.map((v: Value, i) => {
    if (!(v instanceof TfNumber) || !v.isInteger())
      throw new ProviderError("Invalid id", { detail: `${name}[${i}] must be a whole number.`, path: name });
    return Number(v.text);
  });
}

/** The error for a lookup that matched nothing: says exactly what was searched. */
export function notFound(what: string, searched: string, path: string, hint?: string): ProviderError {
  // "Application" → "application", but an acronym such as "SIP registration" keeps its case.
  const noun = /^[A-Z][a-z]/.test(what) ? what[0]!.toLowerCase() + what.slice(1) : what;
  return new ProviderError(`${what} not found`, {
    detail: `No ${noun} ${searched} exists in this Voximplant account.${hint ? ` ${hint}` : ""}`,
    path,
  });
}
