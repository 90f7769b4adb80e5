// Configuration validation: attribute validators at every depth, deprecation warnings, and the
// write-only guard for clients that would store write-only values in state.

import { Unknown, isKnownObject, type Value, type ValueObject } from "../cty/value";
import type { AttributeDef, BlockDef, NestedAttributeObjectDef, ValuesReader } from "./api";
import type { Diagnostics } from "./diagnostics";
import { AttributePath } from "./path";
import { attributeType } from "./schema-def";

export function validateConfigValue(
  block: BlockDef,
  config: ValueObject,
  reader: ValuesReader,
  diagnostics: Diagnostics,
): void {
  walkConfigBlock(block, config, AttributePath.ROOT, false, false, reader, diagnostics);
}

// `secret`: inside a sensitive nested attribute, whose parts are as secret as the whole
function walkConfigBlock(
  block: BlockDef,
  value: Value,
  path: AttributePath,
  inSet: boolean,
  secret: boolean,
  reader: ValuesReader,
  d: Diagnostics,
): void {
  if (!isKnownObject(value)) return;
  for (const [name, a] of Object.entries(block.attributes)) {
    const at = inSet ? path : path.attr(name);
    const v = value[name] ?? null;
    validateAttribute(a, v, at, inSet, secret, reader, d);
  }
  for (const [name, nb] of Object.entries(block.blockTypes ?? {})) {
    const at = inSet ? path : path.attr(name);
    const v = value[name] ?? null;
    for (const validator of nb.validators ?? []) {
      validator.validate({
        path: at,
        type: { kind: "dynamic" },
        value: v,
        sensitive: false,
        config: reader,
        diagnostics: d,
      });
    }
    if (nb.block.deprecated && v !== null && !(Array.isArray(v) && v.length === 0)) {
      d.addWarning("Block Deprecated", nb.block.deprecationMessage ?? `The block ${at.toString()} is deprecated.`, at);
    }
    forEachElement(nb.nesting, v, at, inSet, (e, ep, eInSet) =>
      walkConfigBlock(nb.block, e, ep, eInSet, secret, reader, d),
    );
  }
}

function validateAttribute(
  a: AttributeDef,
  v: Value,
  at: AttributePath,
  inSet: boolean,
  parentSecret: boolean,
  reader: ValuesReader,
  d: Diagnostics,
): void {
  // Terraform core accepts a configured value for a computed-only attribute and plans it as is;
  // the apply merge then keeps that planned value, so e.g. a configured `id` would replace the
  // real id of a created object in state (the object is lost). Refuse it, as Terraform's own
  // framework does.
  if (a.computed === true && a.optional !== true && a.required !== true && v !== null) {
    d.addError(
      "Invalid Configuration for Read-Only Attribute",
      `Cannot set value for this attribute as the provider has marked it as read-only. Remove the configuration ` +
        `line setting the value.`,
      at,
    );
    return;
  }
  const type = attributeType(a);
  const secret = parentSecret || a.sensitive === true || a.writeOnly === true;
  for (const validator of a.validators ?? []) {
    validator.validate({ path: at, type, value: v, sensitive: secret, config: reader, diagnostics: d });
  }
  if (a.deprecated && v !== null) {
    d.addWarning("Attribute Deprecated", a.deprecationMessage ?? `The attribute ${at.toString()} is deprecated.`, at);
  }
  if (a.nestedType !== undefined) walkNested(a.nestedType, v, at, inSet, secret, reader, d);
}

function walkNested(
  n: NestedAttributeObjectDef,
  v: Value,
  at: AttributePath,
  inSet: boolean,
  secret: boolean,
  reader: ValuesReader,
  d: Diagnostics,
): void {
  const asBlock: BlockDef = { attributes: n.attributes };
  forEachElement(n.nesting, v, at, inSet, (e, ep, eInSet) =>
    walkConfigBlock(asBlock, e, ep, eInSet, secret, reader, d),
  );
}

type Nesting = "single" | "group" | "list" | "set" | "map";

function forEachElement(
  nesting: Nesting,
  v: Value,
  at: AttributePath,
  inSet: boolean,
  f: (e: Value, path: AttributePath, inSet: boolean) => void,
): void {
  if (v === null || v instanceof Unknown) return;
  switch (nesting) {
    case "single":
    case "group":
      f(v, at, inSet);
      return;
    case "list":
      if (Array.isArray(v)) v.forEach((e, i) => f(e, inSet ? at : at.index(i), inSet));
      return;
    case "set":
      if (Array.isArray(v)) v.forEach((e) => f(e, at, true));
      return;
    case "map":
      if (isKnownObject(v)) for (const [k, e] of Object.entries(v)) f(e, inSet ? at : at.key(k), inSet);
      return;
  }
}

/** Write-only attributes with a non-null (possibly unknown) configured value, with their definitions. */
export function configuredWriteOnlyPaths(
  block: BlockDef,
  config: Value,
): Array<{ path: AttributePath; attribute: AttributeDef }> {
  const out: Array<{ path: AttributePath; attribute: AttributeDef }> = [];
  const visit = (b: BlockDef, v: Value, path: AttributePath): void => {
    if (!isKnownObject(v)) return;
    for (const [name, a] of Object.entries(b.attributes)) {
      const av = v[name] ?? null;
      if (a.writeOnly && av !== null) out.push({ path: path.attr(name), attribute: a });
      if (a.nestedType !== undefined) {
        const nb: BlockDef = { attributes: a.nestedType.attributes };
        forEachElement(a.nestedType.nesting, av, path.attr(name), false, (e, ep) => visit(nb, e, ep));
      }
    }
    for (const [name, nb] of Object.entries(b.blockTypes ?? {})) {
      forEachElement(nb.nesting, v[name] ?? null, path.attr(name), false, (e, ep) => visit(nb.block, e, ep));
    }
  };
  visit(block, config, AttributePath.ROOT);
  return out;
}

/** Where a block (or nested attribute object) holds write-only attributes: computed once per schema. */
interface WriteOnlyPlan {
  /** Write-only attributes of this level. */
  readonly names: readonly string[];
  /** Nested attributes and blocks with a write-only attribute somewhere below. */
  readonly nested: readonly { name: string; nesting: Nesting; plan: WriteOnlyPlan }[];
}

// Keyed by the schema's own attribute records (a schema is not changed once a server is built).
const writeOnlyPlans = new WeakMap<Record<string, AttributeDef>, WriteOnlyPlan>();

function writeOnlyPlanOf(attributes: Record<string, AttributeDef>, blockTypes: BlockDef["blockTypes"]): WriteOnlyPlan {
  let plan = writeOnlyPlans.get(attributes);
  if (plan !== undefined) return plan;
  const names: string[] = [];
  const nested: { name: string; nesting: Nesting; plan: WriteOnlyPlan }[] = [];
  const addNested = (name: string, nesting: Nesting, inner: WriteOnlyPlan): void => {
    if (inner.names.length > 0 || inner.nested.length > 0) nested.push({ name, nesting, plan: inner });
  };
  for (const [name, a] of Object.entries(attributes)) {
    if (a.writeOnly) names.push(name);
    else if (a.nestedType !== undefined)
      addNested(name, a.nestedType.nesting, writeOnlyPlanOf(a.nestedType.attributes, undefined));
  }
  for (const [name, nb] of Object.entries(blockTypes ?? {}))
    addNested(name, nb.nesting, writeOnlyPlanOf(nb.block.attributes, nb.block.blockTypes));
  plan = { names, nested };
  writeOnlyPlans.set(attributes, plan);
  return plan;
}

/** The same object with every write-only attribute (at any depth) set to null. */
export function nullWriteOnly(block: BlockDef, v: Value): Value {
  return nullWriteOnlyBy(writeOnlyPlanOf(block.attributes, block.blockTypes), v);
}

function nullWriteOnlyBy(plan: WriteOnlyPlan, v: Value): Value {
  if (!isKnownObject(v)) return v;
  let out: ValueObject | undefined;
  // Copied only when something changes: most states hold no write-only value (it is never stored).
  for (const name of plan.names) {
    if (v[name] === null) continue;
    out ??= { ...v };
    out[name] = null;
  }
  for (const n of plan.nested) {
    const nv = mapElements(n.nesting, v[n.name] ?? null, (e) => nullWriteOnlyBy(n.plan, e));
    if (nv === v[n.name]) continue;
    out ??= { ...v };
    out[n.name] = nv;
  }
  return out ?? v;
}

function mapElements(nesting: Nesting, v: Value, f: (e: Value) => Value): Value {
  if (v === null || v instanceof Unknown) return v;
  switch (nesting) {
    case "single":
    case "group":
      return f(v);
    case "list":
    case "set":
      return Array.isArray(v) ? v.map(f) : v;
    case "map": {
      if (!isKnownObject(v)) return v;
      const out: ValueObject = {};
      for (const [k, e] of Object.entries(v)) out[k] = f(e);
      return out;
    }
  }
}
