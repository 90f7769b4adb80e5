// Markdown of the setup-object review (applications, scenarios, rules, users): one bullet per
// resource, with what a rule routes where, how much a script changes, and what a delete takes
// with it.

import type { FieldChange } from "./attributes";
import { code, jsonText, shownText } from "./markdown";
import type { LineChangeCount } from "./script-diff";
import type { Cascade, CascadeEffect, ScenarioList, SetupReview } from "./setup";

const VERBS: Readonly<Record<SetupReview["kind"], string>> = {
  create: "create",
  update: "update in place",
  replace: "replace",
  delete: "delete",
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function scenariosText(list: ScenarioList): string {
  if (list === "unknown") return "scenarios known only after apply";
  if (list.length === 0) return "no scenario";
  const names = list.map((s) =>
    s.name !== undefined ? code(s.name) : s.id !== undefined ? `id ${s.id}` : "a new one",
  );
  return `${list.length === 1 ? "scenario" : "scenarios"} ${names.join(", then ")}`;
}

function routingText(r: NonNullable<SetupReview["routing"]>, kind: SetupReview["kind"]): string {
  const verb = kind === "delete" ? "routed" : "routes";
  const exclude = r.exclude.kind === "value" && r.exclude.value !== "" ? ` except ${shownText(r.exclude)}` : "";
  return `${verb} calls matching ${shownText(r.pattern)}${exclude} to ${scenariosText(r.scenarios)}`;
}

/** "script: 2 lines added, 1 removed (now 14 lines)"; for a new script its size. */
export function scriptText(created: boolean, c: LineChangeCount): string {
  if (created) return `script: ${plural(c.lines, "line")}`;
  if (c.added === 0 && c.removed === 0) return `script: line endings or spacing change (${plural(c.lines, "line")})`;
  return `script: ${plural(c.added, "line")} added, ${c.removed} removed (now ${plural(c.lines, "line")})`;
}

const CASCADE_TEXT: Readonly<Record<CascadeEffect, string>> = {
  "deletes-rules": "the API deletes the application's rules with it",
  "deletes-users": "the API deletes its users that belong to no other application",
  "unbinds-registrations-from-application":
    "SIP registrations bound to it lose their application, rule and user binding (they are not deleted, and stay " +
    "paid for)",
  "leaves-rules": "the API takes it off every rule that runs it",
  "unbinds-registrations-from-rule": "SIP registrations bound to it lose their rule binding",
  "unbinds-registrations-from-user": "SIP registrations bound to it lose their user binding",
};

function cascadeText(c: Cascade): string | undefined {
  if (c.addresses.length === 0) {
    // Always worth saying for an application: it reaches objects this configuration may not manage.
    return c.effect === "deletes-rules" || c.effect === "deletes-users" ? CASCADE_TEXT[c.effect] : undefined;
  }
  return `${CASCADE_TEXT[c.effect]}: ${c.addresses.map(code).join(", ")}`;
}

function fieldText(f: FieldChange): string {
  return `${code(f.attribute)}: ${shownText(f.before)} → ${shownText(f.after)}`;
}

export function setupLines(s: SetupReview): string[] {
  const name = s.name.kind === "value" ? ` ${code(jsonText(s.name.value))}` : "";
  const id = s.id !== undefined ? `, id ${s.id}` : "";
  const lines = [`- **${code(s.address)}** — ${VERBS[s.kind]} ${s.object}${name}${id}`];
  const item = (text: string): number => lines.push(`  - ${text}`);
  if (s.routing !== undefined) item(routingText(s.routing, s.kind));
  if (s.scenariosBefore !== undefined) item(`until now: ${scenariosText(s.scenariosBefore)}`);
  if (s.script !== undefined) item(scriptText(s.script.created, s.script.count));
  for (const r of s.replaceBecause)
    item(
      `replaced because ${code(r.attribute)} cannot change in place: ${shownText(r.before)} → ${shownText(r.after)}`,
    );
  if (s.kind === "replace" && s.replaceBecause.length === 0)
    item(`replaced because ${s.reason ?? "Terraform planned a replacement"}`);
  if (s.kind === "delete" && s.reason !== undefined) item(`deleted because ${s.reason}`);
  for (const f of s.fields) item(fieldText(f));
  for (const c of s.cascades) {
    const text = cascadeText(c);
    if (text !== undefined) item(text);
  }
  for (const note of s.secrets) item(note);
  return lines;
}

/** "Setup objects: 4 to create, 1 to update, 0 to replace, 0 to delete." */
export function setupSummary(setup: readonly SetupReview[]): string | undefined {
  if (setup.length === 0) return undefined;
  const count = (k: SetupReview["kind"]): number => setup.filter((s) => s.kind === k).length;
  return (
    `**Applications, scenarios, rules and users: ${count("create")} to create, ${count("update")} to update, ` +
    `${count("replace")} to replace, ${count("delete")} to delete.**`
  );
}
