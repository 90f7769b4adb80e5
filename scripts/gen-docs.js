#!/usr/bin/env node
// Generates the attribute lists of the registry-layout docs (docs/index.md, docs/resources/*.md,
// docs/data-sources/*.md) from the provider schema, so that the documentation can never drift
// from the descriptions in the code. Everything else in those files is hand-written prose: only
// the text between the markers
//
//   <!-- schema:begin -->
//   ...generated...
//   <!-- schema:end -->
//
// is replaced. Which schema a file documents follows from its place:
//   docs/index.md               → the provider configuration
//   docs/resources/NAME.md      → resource voximplant_NAME
//   docs/data-sources/NAME.md   → data source voximplant_NAME
//
// Usage:
//   node scripts/gen-docs.js                  rewrite the docs from the schema of the current sources
//   node scripts/gen-docs.js --check          exit 1 listing the files that are out of date
//   node scripts/gen-docs.js --schema F.json  use a saved `terraform providers schema -json` document
//
// test/docs/ runs the same rendering over the schema the real `terraform providers schema -json`
// prints and fails when a committed file differs.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const PROVIDER_TYPE = "voximplant";
const BEGIN = "<!-- schema:begin -->";
const END = "<!-- schema:end -->";

// ---- type names as people read them (the registry's wording) ------------------------------------

function typeName(type) {
  if (typeof type === "string") {
    return { string: "String", number: "Number", bool: "Boolean", dynamic: "Dynamic" }[type] ?? type;
  }
  if (Array.isArray(type)) {
    const [kind, inner] = type;
    switch (kind) {
      case "list":
        return `List of ${typeName(inner)}`;
      case "set":
        return `Set of ${typeName(inner)}`;
      case "map":
        return `Map of ${typeName(inner)}`;
      case "object":
        return "Object";
      case "tuple":
        return "Tuple";
    }
  }
  return "Dynamic";
}

function nestingName(mode) {
  return (
    { single: "Attributes", list: "Attributes List", set: "Attributes Set", map: "Attributes Map" }[mode] ??
    "Attributes"
  );
}

function blockNestingName(bt) {
  const mode =
    { single: "Block", group: "Block", list: "Block List", set: "Block Set", map: "Block Map" }[bt.nesting_mode] ??
    "Block";
  const limits = [];
  if (bt.min_items) limits.push(`Min: ${bt.min_items}`);
  if (bt.max_items) limits.push(`Max: ${bt.max_items}`);
  return limits.length > 0 ? `${mode}, ${limits.join(", ")}` : mode;
}

// ---- rendering ------------------------------------------------------------------------------------

/** "Required", "Optional" or "Read-Only", the registry's three groups. */
function group(a) {
  if (a.required) return "Required";
  if (a.optional) return "Optional";
  return "Read-Only";
}

function flags(a, kindText) {
  const parts = [kindText];
  if (a.sensitive) parts.push("Sensitive");
  if (a.write_only) parts.push("Write-only");
  if (a.deprecated) parts.push("Deprecated");
  return parts.join(", ");
}

/** One line of text per description: the lists are one bullet per attribute. */
function oneLine(text) {
  return String(text ?? "")
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

function anchor(prefix) {
  return `nestedatt--${prefix.replace(/[^a-z0-9_]+/gi, "--")}`;
}

/**
 * Markdown for one block: grouped bullet lists, then one "Nested Schema" section per nested
 * attribute or block (depth first), each linked from its bullet.
 */
function renderBlock(block, prefix) {
  const lines = [];
  const nested = [];
  const entries = [];
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    if (a.nested_type) {
      const id = anchor(prefix ? `${prefix}.${name}` : name);
      entries.push({
        name,
        group: group(a),
        text:
          `- \`${name}\` (${flags(a, nestingName(a.nested_type.nesting_mode))}) ${oneLine(a.description)} (see ` +
          `[below for nested schema](#${id}))`,
      });
      nested.push({
        title: prefix ? `${prefix}.${name}` : name,
        id,
        block: { attributes: a.nested_type.attributes ?? {} },
      });
    } else {
      entries.push({
        name,
        group: group(a),
        text: `- \`${name}\` (${flags(a, typeName(a.type))}) ${oneLine(a.description)}`,
      });
    }
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const id = anchor(prefix ? `${prefix}.${name}` : name);
    const required = (bt.min_items ?? 0) > 0;
    entries.push({
      name,
      group: required ? "Required" : "Optional",
      text:
        `- \`${name}\` (${blockNestingName(bt)}) ${oneLine(bt.block.description)} (see [below for nested ` +
        `schema](#${id}))`,
    });
    nested.push({ title: prefix ? `${prefix}.${name}` : name, id, block: bt.block });
  }
  for (const g of ["Required", "Optional", "Read-Only"]) {
    const inGroup = entries
      .filter((e) => e.group === g)
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    if (inGroup.length === 0) continue;
    // Top level: headings; inside a nested schema: a plain label (as the registry renders them).
    lines.push(prefix === "" ? `### ${g}` : `${g}:`, "", ...inGroup.map((e) => e.text), "");
  }
  for (const n of nested) {
    lines.push(`<a id="${n.id}"></a>`, `### Nested Schema for \`${n.title}\``, "", ...renderBlock(n.block, n.title));
  }
  return lines;
}

/** The generated text between the markers for one schema (`{ version, block }`). */
function renderSchema(schema) {
  return ["", "## Schema", "", ...renderBlock(schema.block, "")].join("\n").replace(/\n+$/, "\n");
}

// ---- files ----------------------------------------------------------------------------------------

/** The provider entry of a `providers schema -json` document. */
function providerEntry(doc) {
  const schemas = doc.provider_schemas ?? {};
  const key = Object.keys(schemas).find((k) => k.endsWith(`/${PROVIDER_TYPE}`));
  if (key === undefined) throw new Error(`no ${PROVIDER_TYPE} provider in the schema document`);
  return schemas[key];
}

/** Every doc file the schema calls for: [relative path, schema]. */
function expectedDocs(doc) {
  const entry = providerEntry(doc);
  const out = [["index.md", entry.provider]];
  for (const [type, s] of Object.entries(entry.resource_schemas ?? {})) {
    out.push([`resources/${type.slice(PROVIDER_TYPE.length + 1)}.md`, s]);
  }
  for (const [type, s] of Object.entries(entry.data_source_schemas ?? {})) {
    out.push([`data-sources/${type.slice(PROVIDER_TYPE.length + 1)}.md`, s]);
  }
  return out;
}

function replaceSection(text, generated, file) {
  const b = text.indexOf(BEGIN);
  const e = text.indexOf(END);
  if (b < 0 || e < b) throw new Error(`${file}: missing the ${BEGIN} … ${END} markers`);
  return `${text.slice(0, b + BEGIN.length)}\n${generated}${text.slice(e)}`;
}

/**
 * Compares (or, with write, rewrites) the docs under docsDir against the schema document.
 * Returns the problems found: missing files, files without markers, out-of-date sections and
 * doc files documenting something the schema does not have.
 */
function syncDocs(doc, { docsDir = path.join(root, "docs"), write = false } = {}) {
  const problems = [];
  const expected = expectedDocs(doc);
  for (const [rel, schema] of expected) {
    const file = path.join(docsDir, rel);
    if (!fs.existsSync(file)) {
      problems.push(`${rel}: missing (the schema has it)`);
      continue;
    }
    const text = fs.readFileSync(file, "utf8");
    let next;
    try {
      next = replaceSection(text, renderSchema(schema), rel);
    } catch (err) {
      problems.push(err.message);
      continue;
    }
    if (next !== text) {
      if (write) fs.writeFileSync(file, next);
      else problems.push(`${rel}: attribute list out of date (run node scripts/gen-docs.js)`);
    }
  }
  const wanted = new Set(expected.map(([rel]) => rel));
  for (const sub of ["resources", "data-sources"]) {
    const dir = path.join(docsDir, sub);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith(".md") && !wanted.has(`${sub}/${f}`))
        problems.push(`${sub}/${f}: documents something the schema does not have`);
    }
  }
  return problems;
}

/**
 * The schema of the provider as the sources are now (bundled afresh, so a stale dist/ cannot
 * mislead): the document `terraform-provider-voximplant schema` prints, loaded the way the
 * bindings generator loads it, so docs and bindings are always made from the same schema.
 */
function schemaFromSources() {
  return require("./generate-bindings.js").loadSchemaFromCode();
}

function main(argv) {
  const check = argv.includes("--check");
  const i = argv.indexOf("--schema");
  const doc = i >= 0 ? JSON.parse(fs.readFileSync(argv[i + 1], "utf8")) : schemaFromSources();
  const problems = syncDocs(doc, { write: !check });
  const remaining = check ? problems : problems.filter((p) => !p.includes("out of date"));
  for (const p of remaining) process.stderr.write(`gen-docs: ${p}\n`);
  process.exitCode = remaining.length > 0 ? 1 : 0;
}

module.exports = { renderSchema, syncDocs, expectedDocs, BEGIN, END };

if (require.main === module) main(process.argv.slice(2));
