// The resource blocks `adopt` writes itself: those of objects that refer to other objects by id
// (rules, users, bound SIP registrations). Terraform's generated configuration would hold the
// ids as literals; here a reference to an object adopted in the same run becomes an expression
// (`voximplant_application.pbx.application_id`), so the configuration keeps the relationships.

import type { AdoptedObject, BlockArguments, BlockValue, ObjectReference } from "./adopter";

/** The Terraform name of an adopted object, or undefined when the object is not adopted. */
export type NameLookup = (resourceType: string, id: number) => string | undefined;

function referenceText(to: ObjectReference, nameOf: NameLookup): string {
  const name = nameOf(to.resourceType, to.id);
  return name === undefined ? String(to.id) : `${to.resourceType}.${name}.${to.attribute}`;
}

/** A list over several lines; a heredoc does not end an alignment run (its first line is one). */
function isMultiLine(text: string): boolean {
  return text.startsWith("[") && text.includes("\n");
}

function valueText(value: BlockValue, nameOf: NameLookup): string {
  if (value.kind === "hcl") return value.text;
  if (value.kind === "reference") return referenceText(value.to, nameOf);
  const items = value.to.map((to) => referenceText(to, nameOf));
  return items.length <= 1 ? `[${items.join("")}]` : `[\n${items.map((i) => `    ${i},\n`).join("")}  ]`;
}

function referencesOf(args: BlockArguments): ObjectReference[] {
  return args.flatMap(([, v]) => (v.kind === "reference" ? [v.to] : v.kind === "references" ? v.to : []));
}

const keyOf = (resourceType: string, id: number): string => `${resourceType}/${id}`;

/**
 * The objects whose block `adopt` writes, with their arguments: those with a reference to an
 * adopted object, and then every adopted object such a block refers to (Terraform checks
 * references before it generates configuration, and an address with only an import block is
 * undeclared). Arguments given as a function (a scenario's script) are read only here.
 */
export async function blocksToWrite(
  objects: readonly AdoptedObject[],
  nameOf: NameLookup,
): Promise<Map<string, BlockArguments>> {
  const byKey = new Map(objects.map((o) => [keyOf(o.resourceType, o.id), o]));
  const adopted = (to: ObjectReference): boolean => nameOf(to.resourceType, to.id) !== undefined;
  const out = new Map<string, BlockArguments>();
  const queue: AdoptedObject[] = [];
  for (const o of objects) {
    if (typeof o.arguments !== "function" && referencesOf(o.arguments).some(adopted)) queue.push(o);
  }
  while (queue.length > 0) {
    const o = queue.shift() as AdoptedObject;
    const key = keyOf(o.resourceType, o.id);
    if (out.has(key)) continue;
    const args = typeof o.arguments === "function" ? await o.arguments() : o.arguments;
    out.set(key, args);
    for (const to of referencesOf(args).filter(adopted)) {
      const target = byKey.get(keyOf(to.resourceType, to.id));
      if (target !== undefined && !out.has(keyOf(to.resourceType, to.id))) queue.push(target);
    }
  }
  return out;
}

/** The key of `blocksToWrite`'s answer for an object. */
export function blockKey(object: AdoptedObject): string {
  return keyOf(object.resourceType, object.id);
}

/**
 * The resource block, laid out as `terraform fmt` would: the `=` of consecutive arguments
 * aligned; a multi-line list is not aligned and ends the run before it.
 */
export function resourceBlock(
  object: AdoptedObject,
  name: string,
  blockArguments: BlockArguments,
  nameOf: NameLookup,
): string[] {
  const args = blockArguments.map(([key, v]) => [key, valueText(v, nameOf)] as const);
  const lines = [`resource "${object.resourceType}" "${name}" {`];
  let i = 0;
  while (i < args.length) {
    let end = i;
    while (end < args.length && !isMultiLine(args[end][1])) end++;
    if (end === i) end = i + 1; // a multi-line list is a run of its own
    const width = Math.max(...args.slice(i, end).map(([key]) => key.length));
    for (const [key, text] of args.slice(i, end)) lines.push(`  ${key.padEnd(width)} = ${text}`);
    i = end;
  }
  lines.push("}");
  return lines;
}
