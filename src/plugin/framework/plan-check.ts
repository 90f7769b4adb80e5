// The checks Terraform applies to a planned state (core's AssertPlanValid; the rules are listed in
// docs/design/plugin-protocol.md, "Plans"),
// re-implemented so the framework can catch a bad plan — usually from a resource's modifyPlan or
// a custom plan modifier — and report it with the attribute and the rule that broke, instead of
// Terraform's generic "Provider produced invalid plan".
//
// Values are never included in the messages (they may be sensitive).

import type { CtyType } from "../cty/types";
import { Unknown, isKnownObject, type Value } from "../cty/value";
import type { AttributeDef, BlockDef, NestedAttributeObjectDef } from "./api";
import { AttributePath } from "./path";
import { attributeType, blockType } from "./schema-def";
import { valuesEqual as rawEquals } from "../cty/equality";

export interface PlanViolation {
  readonly path: AttributePath;
  readonly message: string;
}

/** All rule violations of `planned` against `config` / `prior` (empty = Terraform will accept it). */
export function checkPlannedState(block: BlockDef, prior: Value, config: Value, planned: Value): PlanViolation[] {
  const out: PlanViolation[] = [];
  if (config === null) {
    if (planned !== null) out.push({ path: AttributePath.ROOT, message: "planned a non-null value for a destroy" });
    return out;
  }
  if (planned === null || planned instanceof Unknown) {
    out.push({ path: AttributePath.ROOT, message: "planned state must be a known object for create or update" });
    return out;
  }
  checkObject(block, prior, config, planned, AttributePath.ROOT, out);
  return out;
}

function get(v: Value, name: string): Value {
  if (v instanceof Unknown) return v;
  return isKnownObject(v) ? (v[name] ?? null) : null;
}

function checkObject(
  block: BlockDef,
  prior: Value,
  config: Value,
  planned: Value,
  path: AttributePath,
  out: PlanViolation[],
): void {
  for (const [name, a] of Object.entries(block.attributes)) {
    checkAttribute(a, get(prior, name), get(config, name), get(planned, name), path.attr(name), out);
  }
  for (const [name, nb] of Object.entries(block.blockTypes ?? {})) {
    const at = path.attr(name);
    const n = get(planned, name);
    const c = get(config, name);
    const p = get(prior, name);
    const t = blockType(nb.block);
    const listT: CtyType = nb.nesting === "single" || nb.nesting === "group" ? t : { kind: nb.nesting, element: t };
    if (rawEquals(n, c, listT)) continue;
    if (c instanceof Unknown) {
      out.push({ path: at, message: "block configuration is unknown, so the planned value must stay unknown" });
      continue;
    }
    if (n instanceof Unknown) {
      out.push({
        path: at,
        message: "a nested block must not be planned as wholly unknown (make its attributes unknown instead)",
      });
      continue;
    }
    switch (nb.nesting) {
      case "single":
      case "group":
        if (n === null && c !== null)
          out.push({ path: at, message: "planned for absence but the configuration has the block" });
        else if (n !== null && c === null && nb.nesting === "single")
          out.push({ path: at, message: "planned for existence but the configuration has no such block" });
        else checkObject(nb.block, p, c, n, at, out);
        break;
      case "list": {
        if (!Array.isArray(n)) {
          out.push({ path: at, message: "a list of nested blocks must be an empty list, not null, to mean no blocks" });
          break;
        }
        const cl = Array.isArray(c) ? c : [];
        if (n.length !== cl.length) {
          out.push({
            path: at,
            message: `block count in plan (${n.length}) disagrees with count in config (${cl.length})`,
          });
          break;
        }
        n.forEach((e, i) => {
          if (e instanceof Unknown)
            out.push({ path: at.index(i), message: "a nested block element must not be unknown itself" });
          else checkObject(nb.block, Array.isArray(p) ? (p[i] ?? null) : null, cl[i] ?? null, e, at.index(i), out);
        });
        break;
      }
      case "map": {
        if (!isKnownObject(n)) {
          out.push({ path: at, message: "a map of nested blocks must be an empty map, not null, to mean no blocks" });
          break;
        }
        const cm = isKnownObject(c) ? c : {};
        const nk = Object.keys(n).sort();
        const ck = Object.keys(cm).sort();
        if (nk.join("\u0000") !== ck.join("\u0000")) {
          out.push({ path: at, message: "block keys in plan disagree with keys in config" });
          break;
        }
        for (const k of nk) {
          const e = n[k] ?? null;
          if (e instanceof Unknown)
            out.push({ path: at.key(k), message: "a nested block element must not be unknown itself" });
          else checkObject(nb.block, get(p, k), cm[k] ?? null, e, at.key(k), out);
        }
        break;
      }
      case "set":
        if (!Array.isArray(n)) {
          out.push({ path: at, message: "a set of nested blocks must be an empty set, not null, to mean no blocks" });
          break;
        }
        if (n.some((e) => e instanceof Unknown))
          out.push({ path: at, message: "a nested block set element must not be unknown itself" });
        break;
    }
  }
}

function checkAttribute(
  a: AttributeDef,
  prior: Value,
  config: Value,
  planned: Value,
  path: AttributePath,
  out: PlanViolation[],
): void {
  const t = attributeType(a);
  // Terraform rejects any value for a write-only attribute in a returned state, even one equal to config.
  if (a.writeOnly) {
    if (planned !== null) out.push({ path, message: "write-only attribute must be planned as null" });
    return;
  }
  if (rawEquals(planned, config, t)) return;
  if (prior !== null && config !== null && rawEquals(planned, prior, t)) return;
  if (a.computed && !a.optional) return;
  if (config === null && a.computed) return;
  if (config === null && planned !== null) {
    out.push({ path, message: "planned a value for a non-computed attribute that is not set in configuration" });
    return;
  }
  if (a.nestedType !== undefined) {
    checkNestedObject(a.nestedType, prior, config, planned, path, out);
    return;
  }
  out.push({
    path,
    message:
      prior === null
        ? "planned value does not match config value"
        : "planned value does not match config value nor prior value",
  });
}

function checkNestedObject(
  nested: NestedAttributeObjectDef,
  prior: Value,
  config: Value,
  planned: Value,
  path: AttributePath,
  out: PlanViolation[],
): void {
  if (planned === null && config !== null) {
    out.push({ path, message: "planned for absence but the configuration wants existence" });
    return;
  }
  if (config === null && planned !== null) {
    out.push({ path, message: "planned for existence but the configuration wants absence" });
    return;
  }
  if (config !== null && planned instanceof Unknown) {
    out.push({ path, message: "planned unknown for a configured value" });
    return;
  }
  if (planned === null || config instanceof Unknown) return;
  switch (nested.nesting) {
    case "single":
      for (const [name, a] of Object.entries(nested.attributes)) {
        checkAttribute(a, get(prior, name), get(config, name), get(planned, name), path.attr(name), out);
      }
      return;
    case "list": {
      const n = Array.isArray(planned) ? planned : [];
      const c = Array.isArray(config) ? config : [];
      if (n.length !== c.length) {
        out.push({ path, message: `count in plan (${n.length}) disagrees with count in config (${c.length})` });
        return;
      }
      n.forEach((e, i) => {
        for (const [name, a] of Object.entries(nested.attributes)) {
          checkAttribute(
            a,
            get(Array.isArray(prior) ? (prior[i] ?? null) : null, name),
            get(c[i] ?? null, name),
            get(e, name),
            path.index(i).attr(name),
            out,
          );
        }
      });
      return;
    }
    case "map": {
      const n = isKnownObject(planned) ? planned : {};
      const c = isKnownObject(config) ? config : {};
      const nk = Object.keys(n).sort();
      if (nk.join("\u0000") !== Object.keys(c).sort().join("\u0000")) {
        out.push({ path, message: "keys in plan disagree with keys in config" });
        return;
      }
      for (const k of nk) {
        for (const [name, a] of Object.entries(nested.attributes)) {
          checkAttribute(
            a,
            get(get(prior, k), name),
            get(c[k] ?? null, name),
            get(n[k] ?? null, name),
            path.key(k).attr(name),
            out,
          );
        }
      }
      return;
    }
    case "set": {
      // set elements cannot be correlated; only a count that cannot be right is reported
      if (Array.isArray(planned) && Array.isArray(config) && planned.length < config.length) {
        out.push({
          path,
          message: `count in plan (${planned.length}) disagrees with count in config (${config.length})`,
        });
      }
      return;
    }
  }
}
