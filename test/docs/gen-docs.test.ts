// scripts/gen-docs.js on small hand-written schemas: grouping, type names, flags, nested schemas,
// and the problems it reports for missing, marker-less, out-of-date and stale doc files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const genDocs = require(resolve(__dirname, "../../scripts/gen-docs.js")) as {
  renderSchema(schema: unknown): string;
  syncDocs(doc: unknown, opts?: { docsDir?: string; write?: boolean }): string[];
};

const schema = {
  version: 0,
  block: {
    attributes: {
      name: { type: "string", description: "The name.", required: true, description_kind: "plain" },
      secret: {
        type: "string",
        description: "A\nsecret.",
        optional: true,
        sensitive: true,
        write_only: true,
        description_kind: "plain",
      },
      tags: {
        type: ["map", "string"],
        description: "Tags.",
        optional: true,
        computed: true,
        description_kind: "plain",
      },
      ids: { type: ["list", "number"], description: "Ids.", computed: true, description_kind: "plain" },
      rows: {
        nested_type: {
          nesting_mode: "list",
          attributes: { flag: { type: "bool", description: "A flag.", computed: true, description_kind: "plain" } },
        },
        description: "Rows.",
        computed: true,
        description_kind: "plain",
      },
    },
    block_types: {
      timeouts: {
        nesting_mode: "single",
        block: {
          attributes: { create: { type: "string", description: "Create timeout.", optional: true } },
          description: "Timeouts.",
        },
      },
    },
    description_kind: "plain",
  },
};

describe("gen-docs rendering", () => {
  const text = genDocs.renderSchema(schema);

  it("groups attributes as Required / Optional / Read-Only, sorted", () => {
    const groups = [
      /### Required\n\n- `name` \(String\) The name\.\n\n/,
      /### Optional\n\n- `secret` .*\n- `tags` .*\n- `timeouts` .*\n\n/,
      /### Read-Only\n\n- `ids` .*\n- `rows` /,
    ];
    expect(text).toMatch(new RegExp(groups.map((g) => g.source).join("")));
  });

  it("names types and flags, and joins multi-line descriptions", () => {
    expect(text).toContain("- `secret` (String, Sensitive, Write-only) A secret.");
    expect(text).toContain("- `tags` (Map of String) Tags.");
    expect(text).toContain("- `ids` (List of Number) Ids.");
  });

  it("renders nested attributes and blocks in linked sections", () => {
    expect(text).toContain("- `rows` (Attributes List) Rows. (see [below for nested schema](#nestedatt--rows))");
    expect(text).toContain(
      '<a id="nestedatt--rows"></a>\n### Nested Schema for `rows`\n\nRead-Only:\n\n- `flag` (Boolean) A flag.',
    );
    expect(text).toContain("- `timeouts` (Block) Timeouts. (see [below for nested schema](#nestedatt--timeouts))");
    expect(text).toContain("Optional:\n\n- `create` (String) Create timeout.");
  });
});

describe("gen-docs file sync", () => {
  let dir: string;
  const doc = {
    provider_schemas: {
      "voximplant.local/voximplant/voximplant": {
        provider: {
          version: 0,
          block: { attributes: { api_url: { type: "string", description: "URL.", optional: true } } },
        },
        resource_schemas: { voximplant_thing: schema },
        data_source_schemas: { voximplant_lookup: schema },
      },
    },
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "gen-docs-test-"));
    mkdirSync(join(dir, "resources"));
    mkdirSync(join(dir, "data-sources"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reports missing files, missing markers, out-of-date sections and stale files", () => {
    writeFileSync(join(dir, "index.md"), "# P\n");
    writeFileSync(join(dir, "resources", "thing.md"), "# T\n<!-- schema:begin -->\nold\n<!-- schema:end -->\nfooter\n");
    writeFileSync(join(dir, "data-sources", "gone.md"), "# G\n");
    expect(genDocs.syncDocs(doc, { docsDir: dir }).sort()).toEqual(
      [
        "data-sources/gone.md: documents something the schema does not have",
        "data-sources/lookup.md: missing (the schema has it)",
        "index.md: missing the <!-- schema:begin --> … <!-- schema:end --> markers",
        "resources/thing.md: attribute list out of date (run node scripts/gen-docs.js)",
      ].sort(),
    );
  });

  it("rewrites only the text between the markers, and is then up to date", () => {
    writeFileSync(join(dir, "index.md"), "# P\n<!-- schema:begin -->\n<!-- schema:end -->\n");
    writeFileSync(
      join(dir, "resources", "thing.md"),
      "# T\nintro\n<!-- schema:begin -->\nold\n<!-- schema:end -->\nfooter\n",
    );
    writeFileSync(join(dir, "data-sources", "lookup.md"), "<!-- schema:begin --><!-- schema:end -->");
    genDocs.syncDocs(doc, { docsDir: dir, write: true });
    const thing = readFileSync(join(dir, "resources", "thing.md"), "utf8");
    expect(thing.startsWith("# T\nintro\n<!-- schema:begin -->\n\n## Schema\n")).toBe(true);
    expect(thing.endsWith("<!-- schema:end -->\nfooter\n")).toBe(true);
    expect(thing).not.toContain("old");
    expect(readFileSync(join(dir, "index.md"), "utf8")).toContain("- `api_url` (String) URL.");
    expect(genDocs.syncDocs(doc, { docsDir: dir })).toEqual([]);
  });
});
