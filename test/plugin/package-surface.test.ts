// The plugin runtime as a library: `terraform-provider-voximplant/plugin` and
// `terraform-provider-voximplant/plugin/testing` resolve through the package's exports map (the
// way an installed copy is found), export what an author needs and nothing of the wire layer, and
// the fixture provider — written only against that surface — behaves as docs/plugin-runtime.md
// says when driven through the testing helper.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import * as plugin from "terraform-provider-voximplant/plugin";
import { ProviderTester, errorsOf, unknown } from "terraform-provider-voximplant/plugin/testing";
import { fixtureProvider } from "./e2e/fixture/definition";

const ROOT = resolve(__dirname, "../..");

describe("package entry points", () => {
  it("resolve through the exports map to the compiled runtime", () => {
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        "console.log(require.resolve('terraform-provider-voximplant/plugin'));" +
          "console.log(require.resolve('terraform-provider-voximplant/plugin/testing'));" +
          "console.log(typeof require('terraform-provider-voximplant/plugin/testing').ProviderTester)",
      ],
      { cwd: ROOT, encoding: "utf8" },
    ).split("\n");
    expect(out.slice(0, 3).map((l, i) => (i < 2 ? relative(ROOT, l) : l))).toEqual([
      join("dist", "src", "plugin", "index.js"),
      join("dist", "src", "plugin", "testing", "index.js"),
      "function",
    ]);
  });

  it("list their exports by name: no `export *`, no wire internals", () => {
    for (const file of ["src/plugin/index.ts", "src/plugin/cty/index.ts"]) {
      expect(readFileSync(join(ROOT, file), "utf8")).not.toMatch(/export \*/);
    }
    const names = Object.keys(plugin);
    expect(names).toEqual(
      expect.arrayContaining(["createProviderServer", "serve", "ProviderError", "requiresReplace", "TfNumber"]),
    );
    for (const internal of ["encodeValue", "decodeValue", "schemaModelToWire", "schemaDefToModel", "Severity"]) {
      expect(names).not.toContain(internal);
    }
  });
});

describe("the fixture provider through the testing helper", () => {
  let dir: string;
  let t: ProviderTester<unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plugin-surface-"));
    t = new ProviderTester(fixtureProvider as plugin.ProviderDefinition<unknown>);
    expect(await t.configure({ state_file: join(dir, "remote.json") })).toEqual([]);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports a validator's error at the attribute's path, before any call", async () => {
    const diags = await t.validateResource("fixture_thing", { name: "a", zone: "mars" });
    expect(errorsOf(diags).map((d) => d.path)).toEqual(["zone"]);
    expect(await t.validateResource("fixture_thing", { name: unknown })).toEqual([]);
  });

  it("plans, creates, reads and replaces; the write-only secret never reaches the state", async () => {
    const config = { name: "a", zone: "eu", secret_wo: "s3cret", secret_wo_version: 1, rule: [{ host: "h" }] };
    const created = await t.planApply("fixture_thing", { prior: null, config });
    expect(created.plan.plain).toMatchObject({ id: unknown, size: 1, status: unknown });
    expect(created.diagnostics).toEqual([]);
    expect(created.plain).toMatchObject({ id: "thing-1", size: 1, status: "ready", secret_wo: null });
    expect(created.plain?.secret_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(created.plain)).not.toContain("s3cret");
    expect(created.private).toBeDefined();

    const read = await t.read("fixture_thing", { state: created.value, private: created.private });
    expect(read.plain).toMatchObject({ id: "thing-1", name: "a", rule: [{ host: "h", port: 5060 }] });

    const moved = await t.plan("fixture_thing", { prior: created.value, config: { ...config, zone: "us" } });
    expect(moved.requiresReplace).toEqual(["zone"]);
  });

  it("imports by id and upgrades a version-0 state", async () => {
    const bad = await t.import("fixture_thing", "nope");
    expect(errorsOf(bad.diagnostics).map((d) => d.summary)).toEqual(["Invalid import ID"]);
    const imported = await t.import("fixture_thing", "thing-1");
    expect(imported.plain).toMatchObject({ id: "thing-1", name: null });

    const upgraded = await t.upgrade("fixture_thing", {
      version: 0,
      stateJson: { id: "thing-1", label: "old", size: 2 },
    });
    expect(upgraded.diagnostics).toEqual([]);
    expect(upgraded.plain).toMatchObject({ id: "thing-1", name: "old", size: 2 });
  });

  it("reads a data source, and points a failure at the attribute", async () => {
    expect((await t.readDataSource("fixture_lookup", { name: "a" })).plain).toMatchObject({ thing_id: "thing-1" });
    const missing = await t.readDataSource("fixture_lookup", { name: "zzz" });
    expect(errorsOf(missing.diagnostics).map((d) => [d.summary, d.path])).toEqual([["Not found", "name"]]);
  });
});
