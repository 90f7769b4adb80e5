// `adopt` without the command line: ask every selected family for its objects, name them, and
// render the file: import blocks, plus the resource blocks of objects that refer to other adopted
// objects (see blocks.ts). Only read calls reach the API.

import type { VoximplantClient } from "../api";
import { AccountReader } from "./account";
import type { AdoptedObject, Adopter, AdoptFilters, BlockArguments } from "./adopter";
import { blockKey, blocksToWrite, resourceBlock, type NameLookup } from "./blocks";
import { applicationAdopter } from "./families/applications";
import { ruleAdopter } from "./families/rules";
import { scenarioAdopter } from "./families/scenarios";
import { sipRegistrationAdopter } from "./families/sip-registrations";
import { userAdopter } from "./families/users";
import { hclComment, hclString } from "./hcl";
import { assignNames } from "./names";

/** Every family, in the order their blocks appear in the file (referenced objects first). */
export const ADOPTERS: readonly Adopter[] = [
  applicationAdopter,
  scenarioAdopter,
  ruleAdopter,
  userAdopter,
  sipRegistrationAdopter,
];

export interface FamilyResult {
  readonly adopter: Adopter;
  /** Sorted by id. */
  readonly objects: readonly AdoptedObject[];
  /** Terraform name per object id. */
  readonly names: ReadonlyMap<number, string>;
  /** The arguments of the objects whose resource block `adopt` writes, by id (the others: generate-config). */
  readonly written: ReadonlyMap<number, BlockArguments>;
}

export interface AdoptResult {
  readonly families: readonly FamilyResult[];
  readonly total: number;
  /** Resource blocks written by `adopt` (the rest Terraform generates). */
  readonly blocks: number;
  /** Objects left out, each with the reason. */
  readonly skipped: readonly string[];
  /** The file; "" when there is nothing to adopt. */
  readonly text: string;
}

export interface AdoptOptions {
  readonly client: VoximplantClient;
  readonly filters: AdoptFilters;
  /** Lines for the file's header saying which filters were applied. */
  readonly filterDescription?: readonly string[];
  readonly adopters?: readonly Adopter[];
  readonly signal?: AbortSignal;
}

export async function adoptAccount(options: AdoptOptions): Promise<AdoptResult> {
  const { client, filters, signal } = options;
  const selected = (options.adopters ?? ADOPTERS).filter(
    (a) => filters.types === null || filters.types.has(a.resourceType),
  );
  const account = new AccountReader(client, filters.applicationId, signal);
  const skipped: string[] = [];
  const context = { client, filters, account, skip: (m: string) => skipped.push(m), signal };
  const listed: Array<{ adopter: Adopter; objects: AdoptedObject[]; names: Map<number, string> }> = [];
  for (const adopter of selected) {
    const objects = [...(await adopter.list(context))].sort((a, b) => a.id - b.id);
    const names = assignNames(
      objects.map((o) => ({
        id: o.id,
        base: o.nameBase,
        qualifier: o.nameQualifier,
        fallback: `${adopter.fallbackName}_${o.id}`,
      })),
      adopter.namePrefix,
    );
    listed.push({ adopter, objects, names });
  }
  const byType = new Map(listed.map((f) => [f.adopter.resourceType, f.names]));
  const nameOf: NameLookup = (resourceType, id) => byType.get(resourceType)?.get(id);
  const toWrite = await blocksToWrite(
    listed.flatMap((f) => f.objects),
    nameOf,
  );
  const families: FamilyResult[] = listed.map((f) => {
    const written = new Map<number, BlockArguments>();
    for (const o of f.objects) {
      const args = toWrite.get(blockKey(o));
      if (args !== undefined) written.set(o.id, args);
    }
    return { ...f, written };
  });
  const total = families.reduce((n, f) => n + f.objects.length, 0);
  const blocks = families.reduce((n, f) => n + f.written.size, 0);
  const text =
    total === 0
      ? ""
      : render({ accountId: client.accountId, families, total, blocks, skipped, nameOf }, options.filterDescription);
  return { families, total, blocks, skipped, text };
}

/** The secrets notes of every family that has something to say, as plain text paragraphs. */
export function secretsNotes(families: readonly FamilyResult[]): string[] {
  const notes: string[] = [];
  for (const f of families) {
    const note = f.adopter.secretsNote?.(f.objects.map((o) => f.names.get(o.id) ?? ""));
    if (note !== undefined) notes.push(note);
  }
  return notes;
}

/** "1 SIP registration", "50 SIP registrations". */
export function countOf(f: FamilyResult): string {
  return `${f.objects.length} ${f.objects.length === 1 ? f.adopter.labelOne : f.adopter.label}`;
}

interface RenderInput {
  readonly accountId: number;
  readonly families: readonly FamilyResult[];
  readonly total: number;
  readonly blocks: number;
  readonly skipped: readonly string[];
  readonly nameOf: NameLookup;
}

function header(input: RenderInput, filterLines: readonly string[]): string[] {
  const { accountId, total, blocks } = input;
  const lines = [
    `# Import blocks for Voximplant account ${accountId}, written by \`terraform-provider-voximplant adopt\`.`,
    ...(filterLines.length > 0 ? [`# Filters: ${filterLines.join("; ")}.`] : []),
  ];
  if (blocks > 0) {
    lines.push(
      `# ${blocks} of the objects come with their resource block, written with references between them`,
      "# (application_id = voximplant_application.<name>.application_id, not a literal id); Terraform",
      "# generates the configuration of the others.",
    );
  }
  lines.push(
    "#",
    "# Next, in this directory (with the provider configured, e.g. credentials in VOXIMPLANT_CREDENTIALS):",
    "#   terraform plan -generate-config-out=generated.tf   # writes a resource block for each import without one",
    `#   terraform plan                                     # ${total} to import, 0 to add, 0 to change, 0 to destroy`,
    "#   terraform apply                                    # imports them; the next plan shows no changes",
  );
  if (input.skipped.length > 0) {
    lines.push("#", "# Not adopted:");
    for (const s of input.skipped) lines.push(hclComment(`  - ${s}`));
  }
  for (const note of secretsNotes(input.families)) {
    lines.push("#");
    for (const line of note.split("\n")) lines.push(line === "" ? "#" : hclComment(line));
  }
  return lines;
}

function render(input: RenderInput, filterLines: readonly string[] = []): string {
  const lines = header(input, filterLines);
  for (const f of input.families) {
    if (f.objects.length === 0) continue;
    lines.push("", hclComment(`${f.adopter.resourceType}: ${countOf(f)}`));
    for (const o of f.objects) {
      const name = f.names.get(o.id) ?? "";
      lines.push("", hclComment(o.description), "import {", `  to = ${o.resourceType}.${name}`);
      lines.push(`  id = ${hclString(o.importId)}`, "}");
      const args = f.written.get(o.id);
      if (args !== undefined) lines.push("", ...resourceBlock(o, name, args, input.nameOf));
    }
  }
  return `${lines.join("\n")}\n`;
}
