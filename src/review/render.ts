// Markdown rendering of a review (for a pull-request comment or a terminal). Only values that
// analyze/values marked printable reach this file; secrets arrive as placeholders.

import type {
  BindingChange,
  BindingEnd,
  DriftReview,
  RegistrationIdentity,
  RegistrationReview,
  Review,
} from "./analyze";
import { REGISTRATION_TYPE, type FieldChange } from "./attributes";
import { code, jsonText, shownText } from "./markdown";
import { scriptText, setupLines, setupSummary } from "./render-setup";
import { countLineChanges } from "./script-diff";

function endText(e: BindingEnd): string {
  if (e.kind === "none") return "_(none)_";
  if (e.kind === "unknown") return "_(known after apply)_";
  if (e.name !== undefined && e.id !== undefined) return `${code(e.name)} (id ${e.id})`;
  if (e.name !== undefined) return code(e.name);
  return `id ${e.id ?? "?"}`;
}

/** "planned" for a plan's changes, "happened" for drift that already took place. */
function bindingText(b: BindingChange, tense: "planned" | "happened"): string {
  const past = tense === "happened";
  switch (b.kind) {
    case "bind":
      return `${past ? "was bound" : "binds"} to ${b.target} ${endText(b.after)}`;
    case "unbind":
      return `${past ? "was unbound" : "unbinds"} from ${b.target} ${endText(b.before)}`;
    case "rebind":
      return `${past ? "was moved" : "moves"} from ${b.target} ${endText(b.before)} to ${endText(b.after)}`;
  }
}

function fieldText(f: FieldChange): string {
  // A scenario's script is VoxEngine source: its size of change tells a reviewer more than its text.
  if (f.attribute === "script" && f.before.kind === "value" && f.after.kind === "value") {
    const [before, after] = [f.before.value, f.after.value];
    if (typeof before === "string" && typeof after === "string")
      return scriptText(false, countLineChanges(before, after));
  }
  return `${code(f.attribute)}: ${shownText(f.before)} → ${shownText(f.after)}`;
}

function who(id: RegistrationIdentity): string {
  const user = id.sipUsername.kind === "value" ? jsonText(id.sipUsername.value) : undefined;
  const proxy = id.proxy.kind === "value" ? jsonText(id.proxy.value) : undefined;
  const parts: string[] = [];
  if (user !== undefined && proxy !== undefined) parts.push(code(`${user}@${proxy}`));
  else if (user !== undefined || proxy !== undefined) parts.push(code(user ?? proxy ?? ""));
  if (id.id !== undefined) parts.push(`id ${id.id}`);
  return parts.length > 0 ? ` — ${parts.join(", ")}` : "";
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function registrationLines(r: RegistrationReview): string[] {
  const lines = [`- **${code(r.address)}**${who(r.identity)}`];
  const item = (text: string): number => lines.push(`  - ${text}`);
  if (r.kind === "create") {
    for (const b of r.initialBindings) item(`bound to ${b.target} ${endText(b.end)}`);
    if (r.initialBindings.length === 0) item("not bound to any application");
  }
  if (r.kind === "replace") {
    if (r.replaceBecause.length > 0) {
      for (const c of r.replaceBecause)
        item(
          `replaced because ${code(c.attribute)} cannot change in place: ${shownText(c.before)} → ` +
            `${shownText(c.after)}`,
        );
    } else {
      item(`replaced because ${r.reason ?? "Terraform planned a replacement"}`);
    }
    if (r.createBeforeDestroyKeepsLine) {
      item(
        "**⚠ will fail: `create_before_destroy` with the same `sip_username` and `proxy`** — the new registration " +
          "would have to " +
          "exist next to the old one (two paid registrations of one line), so the provider refuses it. Remove " +
          "`create_before_destroy` from this resource: the old registration is then deleted first, then a new one " +
          "is created",
      );
    } else if (r.createBeforeDestroy) {
      item(
        "the new registration is created before the old one is deleted (another line: both exist, and are paid " +
          "for, for a moment)",
      );
    } else {
      item("the old registration is deleted first, then a new one is created (new id)");
    }
  }
  if (r.kind === "delete") item(`deleted because ${r.reason ?? "Terraform planned it"}`);
  for (const f of r.fields) item(fieldText(f));
  for (const b of r.bindings) item(bindingText(b, "planned"));
  for (const s of r.secrets) item(s);
  return lines;
}

function driftLines(d: DriftReview): string[] {
  const lines = [`- **${code(d.address)}**${who(d.identity)}`];
  const item = (text: string): number => lines.push(`  - ${text}`);
  if (d.deleted) {
    // Only a new SIP registration costs a subscription; a new application, rule or user does not.
    const fee = d.type === REGISTRATION_TYPE ? " (a new monthly fee)" : "";
    item(`was deleted outside Terraform; the next apply creates it again${fee}`);
  }
  for (const f of d.fields) item(fieldText(f));
  for (const b of d.bindings) item(bindingText(b, "happened"));
  for (const s of d.secrets) item(s);
  return lines;
}

/** What to do about the drift; "apply again" only where an apply can undo it. */
function driftAdvice(drift: readonly DriftReview[]): string {
  const revert =
    "To restore the configured values, apply the configuration again. To keep a change instead, edit the " +
    "configuration to match, then record it with `terraform apply -refresh-only`.";
  const reported =
    "Only values that Voximplant reports changed (such as `successful`, `status_code`, `deactivated`); no " +
    "configuration sets them, so applying the configuration again changes nothing. " +
    "Look into the cause at Voximplant (for example the registrar refusing the registration, or a frozen " +
    "subscription), then record the new values with `terraform apply -refresh-only`.";
  if (drift.every((d) => !d.revertible)) return reported;
  if (drift.every((d) => d.revertible)) return revert;
  const names = drift.filter((d) => !d.revertible).map((d) => code(d.address));
  return (
    `${revert} For ${names.join(", ")} only values that Voximplant reports changed: an apply changes nothing ` +
    `there; look into the cause at Voximplant.`
  );
}

function section(title: string, body: string[]): string[] {
  return body.length === 0 ? [] : ["", `### ${title}`, "", ...body];
}

const TITLES: Record<RegistrationReview["kind"], string> = {
  create: "Create",
  update: "Update in place",
  replace: "Replace",
  delete: "Delete",
};

/** The review as Markdown (ends with a newline). */
export function renderMarkdown(review: Review): string {
  const regs = review.registrations;
  const count = (k: RegistrationReview["kind"]): number => regs.filter((r) => r.kind === k).length;
  const out: string[] = ["## Terraform plan review: Voximplant setup", ""];

  if (review.errored) {
    out.push("> **Warning:** the plan ended with errors, so this list may be incomplete.", "");
  }
  const summary = [
    `${count("create")} to create`,
    `${count("update")} to update`,
    `${count("replace")} to replace`,
    `${count("delete")} to delete`,
  ];
  const totals = regs.length === 0 ? "No SIP registration changes." : `**SIP registrations: ${summary.join(", ")}.**`;
  out.push(totals);
  const setupTotals = setupSummary(review.setup);
  if (setupTotals !== undefined) out.push("", setupTotals);
  if (review.drift.length > 0) {
    out.push("", `**Drift:** ${plural(review.drift.length, "resource")} changed outside Terraform (see below).`);
  }

  const duplicates = review.duplicateLines.map(
    (d) =>
      `- **⚠ ${code(d.line)} is planned ${d.addresses.length} times**: ${d.addresses.map(code).join(", ")}. One ` +
      `line registered ` +
      "twice is billed twice; the provider refuses the second (host names compared without case, no port = 5060). " +
      "Keep one " +
      "resource per line — unless they use different accounts through different provider configurations.",
  );
  out.push(...section("Duplicate lines", duplicates));

  for (const kind of ["create", "update", "replace", "delete"] as const) {
    out.push(...section(TITLES[kind], regs.filter((r) => r.kind === kind).flatMap(registrationLines)));
  }

  out.push(...section("Applications, scenarios, rules and users", review.setup.flatMap(setupLines)));

  const { created, replaced, deleted, knownPrices } = review.cost;
  const money: string[] = [];
  const fresh = created + replaced;
  if (fresh > 0) {
    const parts = [
      created > 0 ? plural(created, "new registration") : "",
      replaced > 0 ? plural(replaced, "replacement") : "",
    ].filter(Boolean);
    const price =
      knownPrices.length === 1
        ? ` The account's existing registrations cost ${code(knownPrices[0])} a month each.`
        : knownPrices.length > 1
          ? ` Current prices on the account: ${knownPrices.map(code).join(", ")}.`
          : "";
    money.push(
      `- **${plural(fresh, "monthly subscription fee")} will be reserved** from the account balance on apply ` +
        `(${parts.join(" + ")}): every new SIP registration reserves the coming month's fee plus taxes.${price}`,
    );
  }
  if (deleted + replaced > 0) {
    const how = [deleted > 0 ? `${deleted} deleted` : "", replaced > 0 ? `${replaced} replaced` : ""];
    money.push(
      `- ${plural(deleted + replaced, "subscription")} ${deleted + replaced === 1 ? "ends" : "end"} ` +
        `(${how.filter(Boolean).join(", ")}); ` +
        `Voximplant does not document a refund of the current month.`,
    );
  }
  if (money.length === 0 && regs.length > 0) money.push("- No new subscriptions: no fee is reserved.");
  out.push(...section("Money", money));

  if (review.drift.length > 0) {
    out.push(
      ...section("Drift (changed outside Terraform since the last apply)", [
        ...review.drift.flatMap(driftLines),
        "",
        driftAdvice(review.drift),
      ]),
    );
  }

  out.push(
    ...section(
      "Other changes",
      review.other.map((o) => `- ${code(o.address)}: ${o.actions}`),
    ),
  );
  out.push(
    ...section(
      "Outputs",
      review.outputs.map((o) => `- ${code(o.name)}: ${o.actions}${o.sensitive ? " (sensitive)" : ""}`),
    ),
  );
  out.push(
    "",
    "<sub>Secrets are never shown: sensitive values appear as _(sensitive)_, write-only arguments are never in a " +
      "plan.</sub>",
  );
  return `${out.join("\n")}\n`;
}
