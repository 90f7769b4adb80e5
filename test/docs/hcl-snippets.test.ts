// The HCL blocks of README.md and docs/ with the real terraform and the provider (snippets.ts):
//   - every block passes `terraform validate` as written: each becomes a child module of one
//     root (one terraform run for all), with what a user's configuration around it has: the
//     required_providers block (unless the block has one), the variables it uses but does not
//     declare, and values for the variables it declares. Blocks with import {} blocks (allowed
//     only in a root module) are validated as roots of their own.
//   - the blocks named for hcl-apply are applied against the emulator, plan clean, and destroy.

import { startStack, type Stack } from "../support";
import { REQUIRED_PROVIDERS_HCL } from "../support/install";
import { snippetId, snippetsRunBy, type Snippet } from "./snippets";

jest.setTimeout(240_000);

const VALUE = "Snippet-Pw-1!";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seed: true });
});
afterAll(() => stack?.close());

/** Variables the block declares without a default (the module call must set them). */
function requiredVariables(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^variable "(\w+)" \{([\s\S]*?)^\}/gm)) {
    if (!/^\s*default\s*=/m.test(m[2] as string)) out.push(m[1] as string);
  }
  return out;
}

/** Variables the block uses but does not declare: the user's configuration declares them. */
function undeclaredVariables(text: string): string[] {
  const declared = new Set([...text.matchAll(/^variable "(\w+)"/gm)].map((m) => m[1]));
  return [...new Set([...text.matchAll(/\bvar\.(\w+)/g)].map((m) => m[1] as string))].filter((v) => !declared.has(v));
}

/** Minimal blocks of the resources the block refers to (or imports into) without declaring them. */
const STUBS: Record<string, (name: string) => string> = {
  voximplant_application: (n) => `resource "voximplant_application" "${n}" { name = "${n}" }\n`,
  voximplant_scenario: (n) => `resource "voximplant_scenario" "${n}" {\n  name   = "${n}"\n  script = "// ${n}"\n}\n`,
  voximplant_rule: (n) =>
    `resource "voximplant_rule" "${n}" {\n  application_id = 1\n  name = "${n}"\n  rule_pattern = ".*"\n}\n`,
  voximplant_user: (n) =>
    `resource "voximplant_user" "${n}" {\n  application_id = 1\n  name = "${n}"\n  display_name = "${n}"\n}\n`,
  voximplant_sip_registration: (n) =>
    `resource "voximplant_sip_registration" "${n}" {\n  sip_username = "${n}"\n  proxy        = "sip.example.com"\n}\n`,
};

function contextResources(text: string): string {
  const declared = new Set([...text.matchAll(/^resource "(\w+)" "(\w+)"/gm)].map((m) => `${m[1]}.${m[2]}`));
  const used = [...text.matchAll(/(?<![.\w])(voximplant_\w+)\.(\w+)\b/g)].map((m) => `${m[1]}.${m[2]}`);
  return [...new Set(used)]
    .filter((a) => !declared.has(a))
    .map((a) => {
      const [type, name] = a.split(".") as [string, string];
      const stub = STUBS[type];
      if (stub === undefined) throw new Error(`no stub for ${type}`);
      return stub(name);
    })
    .join("");
}

function moduleFiles(s: Snippet): Record<string, string> {
  const files: Record<string, string> = { "main.tf": s.text };
  const context = contextResources(s.text);
  if (context !== "") files["context.tf"] = context;
  if (!/required_providers/.test(s.text)) files["versions.tf"] = REQUIRED_PROVIDERS_HCL;
  const vars = undeclaredVariables(s.text);
  if (vars.length > 0) files["variables.tf"] = vars.map((v) => `variable "${v}" { type = string }\n`).join("");
  return files;
}

describe("HCL code blocks of the docs", () => {
  const blocks = snippetsRunBy("hcl-validate");
  const isRoot = (s: Snippet): boolean => /^import \{/m.test(s.text);

  it("validate as written with the real provider (one root, each block a module)", async () => {
    const files: Record<string, string> = {};
    const calls: string[] = [];
    blocks
      .filter((s) => !isRoot(s))
      .forEach((s, i) => {
        for (const [name, text] of Object.entries(moduleFiles(s))) files[`m${i}/${name}`] = text;
        const args = [...requiredVariables(s.text), ...undeclaredVariables(s.text)].map((v) => `  ${v} = "${VALUE}"\n`);
        calls.push(`# ${snippetId(s)}\nmodule "m${i}" {\n  source = "./m${i}"\n${args.join("")}}\n`);
      });
    files["main.tf"] = calls.join("\n");
    const dir = stack.workdir(files, { init: false });
    stack.expectOk(await stack.tf(["init", "-input=false"], { cwd: dir }), "terraform init");
    const r = await stack.tf(["validate"], { cwd: dir });
    expect([r.code, stack.text(r)]).toEqual([0, expect.stringMatching(/The configuration is valid/)]);
    expect(stack.text(r)).not.toMatch(/Error:/);
    expect(calls.length).toBeGreaterThan(15);
  });

  it("blocks with import {} validate as root modules", async () => {
    const roots = blocks.filter(isRoot);
    expect(roots.length).toBeGreaterThan(0);
    for (const s of roots) {
      const files = moduleFiles(s);
      const dir = stack.workdir(files);
      const r = await stack.tf(["validate"], { cwd: dir });
      expect([snippetId(s), r.code, stack.text(r)]).toEqual([snippetId(s), 0, expect.stringContaining("is valid")]);
    }
  });

  it.each(snippetsRunBy("hcl-apply").map((s) => [snippetId(s), s] as const))(
    "%s applies against the emulator, plans clean and destroys",
    async (_id, s) => {
      // the objects the block reads through data sources exist on the account
      const read: number[] = [];
      for (const m of s.text.matchAll(/data "voximplant_application" "\w+" \{\s*name\s*=\s*"([^"]+)"/g)) {
        read.push((await stack.client.addApplication({ application_name: m[1] as string })).application_id);
      }
      const files = moduleFiles(s);
      const dir = stack.workdir(files);
      const env = {
        env: Object.fromEntries(
          undeclaredVariables(s.text)
            .concat(requiredVariables(s.text))
            .map((v) => [`TF_VAR_${v}`, VALUE]),
        ),
      };
      stack.expectOk(await stack.apply(dir, [], env), `terraform apply of ${snippetId(s)}`);
      expect((await stack.plan(dir, ["-detailed-exitcode"], env)).code).toBe(0);
      stack.expectOk(await stack.destroy(dir, [], env), "terraform destroy");
      for (const id of read) await stack.client.delApplication({ application_id: id });
    },
  );
});
