// `adopt` without the command line: ask every selected family for its objects, name them, and
// render the file of import blocks. Only read calls reach the API.

import type { VoximplantClient } from "../api";
import type { AdoptedObject, Adopter, AdoptFilters } from "./adopter";
import { sipRegistrationAdopter } from "./families/sip-registrations";
import { hclComment, hclString } from "./hcl";
import { assignNames } from "./names";

/** Every family, in the order their blocks appear in the file. */
export const ADOPTERS: readonly Adopter[] = [sipRegistrationAdopter];

export interface FamilyResult {
  readonly adopter: Adopter;
  /** Sorted by id. */
  readonly objects: readonly AdoptedObject[];
  /** Terraform name per object id. */
  readonly names: ReadonlyMap<number, string>;
}

export interface AdoptResult {
  readonly families: readonly FamilyResult[];
  readonly total: number;
  /** The import blocks file; "" when there is nothing to adopt. */
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
  const selected = (options.adopters ?? ADOPTERS).filter(
    (a) => options.filters.types === null || options.filters.types.has(a.resourceType),
  );
  const families: FamilyResult[] = [];
  for (const adopter of selected) {
    const objects = [...(await adopter.list(options.client, options.filters, options.signal))].sort(
      (a, b) => a.id - b.id,
    );
    const names = assignNames(
      objects.map((o) => ({
        id: o.id,
        base: o.nameBase,
        qualifier: o.nameQualifier,
        fallback: `${adopter.fallbackName}_${o.id}`,
      })),
      adopter.namePrefix,
    );
    families.push({ adopter, objects, names });
  }
  const total = families.reduce((n, f) => n + f.objects.length, 0);
  const text = total === 0 ? "" : render(options.client.accountId, families, total, options.filterDescription ?? []);
  return { families, total, text };
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

function render(
  accountId: number,
  families: readonly FamilyResult[],
  total: number,
  filterLines: readonly string[],
): string {
  const lines: string[] = [
    `# Import blocks for Voximplant account ${accountId}, written by \`terraform-provider-voximplant adopt\`.`,
    ...(filterLines.length > 0 ? [`# Filters: ${filterLines.join("; ")}.`] : []),
    "#",
    "# Next, in this directory (with the provider configured, e.g. credentials in VOXIMPLANT_CREDENTIALS):",
    "#   terraform plan -generate-config-out=generated.tf   # writes one resource block per import",
    `#   terraform plan                                     # ${total} to import, 0 to add, 0 to change, 0 to destroy`,
    "#   terraform apply                                    # imports them; the next plan shows no changes",
  ];
  for (const note of secretsNotes(families)) {
    lines.push("#");
    for (const line of note.split("\n")) lines.push(line === "" ? "#" : hclComment(line));
  }
  for (const f of families) {
    if (f.objects.length === 0) continue;
    lines.push("", hclComment(`${f.adopter.resourceType}: ${countOf(f)}`));
    for (const o of f.objects) {
      lines.push(
        "",
        hclComment(o.description),
        "import {",
        `  to = ${o.resourceType}.${f.names.get(o.id) ?? ""}`,
        `  id = ${hclString(o.importId)}`,
        "}",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
