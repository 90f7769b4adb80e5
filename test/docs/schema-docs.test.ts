// The registry-layout docs against the schema the real `terraform providers schema -json` prints
// for the installed provider: every provider argument, resource and data source attribute is
// documented with its description, nothing documented is stale, every description is non-empty.
// Regenerate with `node scripts/gen-docs.js` after changing a schema.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startStack, type Stack } from "../support";

interface AttributeJson {
  type?: unknown;
  nested_type?: { attributes?: Record<string, AttributeJson>; nesting_mode: string };
  description?: string;
}
interface BlockJson {
  attributes?: Record<string, AttributeJson>;
  block_types?: Record<string, { block: BlockJson }>;
  description?: string;
}
interface SchemaDoc {
  provider_schemas: Record<
    string,
    {
      provider: { block: BlockJson };
      resource_schemas?: Record<string, { block: BlockJson }>;
      data_source_schemas?: Record<string, { block: BlockJson }>;
    }
  >;
}

const genDocs = require(resolve(__dirname, "../../scripts/gen-docs.js")) as {
  syncDocs(doc: unknown, opts?: { docsDir?: string; write?: boolean }): string[];
  expectedDocs(doc: unknown): [string, { block: BlockJson }][];
  BEGIN: string;
  END: string;
};
const DOCS = resolve(__dirname, "../../docs");

let stack: Stack;
let doc: SchemaDoc;

beforeAll(async () => {
  stack = await startStack();
  const dir = stack.workdir({});
  const r = stack.expectOk(await stack.tf(["providers", "schema", "-json"], { cwd: dir }));
  doc = JSON.parse(r.stdout) as SchemaDoc;
});

afterAll(() => stack.close());

/** [dotted path, attribute] for every attribute at any depth. */
function allAttributes(block: BlockJson, prefix = ""): [string, AttributeJson][] {
  const out: [string, AttributeJson][] = [];
  for (const [name, a] of Object.entries(block.attributes ?? {})) {
    out.push([`${prefix}${name}`, a]);
    if (a.nested_type) out.push(...allAttributes({ attributes: a.nested_type.attributes ?? {} }, `${prefix}${name}.`));
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {}))
    out.push(...allAttributes(bt.block, `${prefix}${name}.`));
  return out;
}

function generatedSection(rel: string): string {
  const text = readFileSync(join(DOCS, rel), "utf8");
  return text.slice(text.indexOf(genDocs.BEGIN), text.indexOf(genDocs.END));
}

describe("docs match the schema terraform reports", () => {
  it("has the provider, the resource and every data source", () => {
    const entry = doc.provider_schemas["voximplant.local/voximplant/voximplant"]!;
    expect(Object.keys(entry.resource_schemas ?? {})).toContain("voximplant_sip_registration");
    expect(Object.keys(entry.data_source_schemas ?? {}).sort()).toEqual(
      [
        "voximplant_application",
        "voximplant_rule",
        "voximplant_sip_registration",
        "voximplant_sip_registrations",
        "voximplant_user",
      ].sort(),
    );
  });

  it("gives every attribute a description", () => {
    const missing: string[] = [];
    for (const [rel, schema] of genDocs.expectedDocs(doc)) {
      for (const [p, a] of allAttributes(schema.block))
        if (!a.description || a.description.trim() === "") missing.push(`${rel}: ${p}`);
    }
    expect(missing).toEqual([]);
  });

  it("documents every attribute with its description, in the right file", () => {
    const problems: string[] = [];
    for (const [rel, schema] of genDocs.expectedDocs(doc)) {
      const section = generatedSection(rel);
      for (const [p, a] of allAttributes(schema.block)) {
        const name = p.split(".").pop()!;
        const line = section
          .split("\n")
          .find((l) => l.startsWith(`- \`${name}\` (`) && l.includes(a.description!.replace(/\s*\n\s*/g, " ").trim()));
        if (line === undefined) problems.push(`${rel}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("documents nothing the schema does not have", () => {
    const stale: string[] = [];
    for (const [rel, schema] of genDocs.expectedDocs(doc)) {
      const names = new Set(allAttributes(schema.block).map(([p]) => p.split(".").pop()!));
      for (const m of generatedSection(rel).matchAll(/^- `([^`]+)` \(/gm))
        if (!names.has(m[1]!)) stale.push(`${rel}: ${m[1]}`);
    }
    expect(stale).toEqual([]);
  });

  it("is exactly what scripts/gen-docs.js renders (no missing, stale or out-of-date file)", () => {
    expect(genDocs.syncDocs(doc, { docsDir: DOCS, write: false })).toEqual([]);
  });
});
