// Terraform resource names for adopted objects: readable (derived from the object's own name),
// valid (letters, digits, underscores; not starting with a digit), unique within a resource
// type, and stable (a name depends only on the object and on the objects it collides with,
// never on the order the API listed them in).

/** What a family says about one object so that it can be named. */
export interface NameRequest {
  /** Unique within the list: the object's id. */
  readonly id: number;
  /** The object's own name, e.g. a SIP user name. Any characters. */
  readonly base: string;
  /** Tells apart objects whose bases collide, e.g. the registrar host. Any characters. */
  readonly qualifier?: string;
  /** Used when the base has nothing usable, e.g. "sip_registration". Must be a valid name. */
  readonly fallback: string;
}

const MAX_NAME_LENGTH = 64;

/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
  ø: "o",
  Ø: "o",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ß: "ss",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ı: "i",
};

// The keys of LETTERS_WITHOUT_DECOMPOSITION, written as escapes: esbuild copies regular expressions
// into the bundle as they are, and one character beyond Latin-1 there makes V8 hold the whole
// provider bundle as two-byte text (about 1.8 MB more in every provider process).
const NO_DECOMP = /[\u00f8\u00d8\u00e6\u00c6\u0153\u0152\u00df\u00f0\u00d0\u00fe\u00de\u0142\u0141\u0111\u0110\u0131]/g;

/**
 * A valid Terraform identifier from arbitrary text: lower case, every run of other characters
 * (including non-ASCII ones) becomes one underscore; a leading digit gets `prefix_` in front.
 * Returns "" when nothing usable is left.
 */
export function sanitizeName(text: string, prefix: string): string {
  let name = text
    .replace(NO_DECOMP, (ch) => LETTERS_WITHOUT_DECOMPOSITION[ch] ?? "_")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents from the decomposition: é → e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (name.length > MAX_NAME_LENGTH) name = name.slice(0, MAX_NAME_LENGTH).replace(/_+$/, "");
  if (name === "") return "";
  return /^[0-9]/.test(name) ? `${prefix}_${name}` : name;
}

/**
 * One name per request. Collisions are resolved in two steps: the colliding objects get their
 * qualifier appended when the qualifiers differ (office → office_sip_example_com); those still
 * colliding get their id appended (office_1 → office_1_17).
 */
export function assignNames(requests: readonly NameRequest[], prefix: string): Map<number, string> {
  const firstPass = new Map<number, string>();
  for (const r of requests) firstPass.set(r.id, sanitizeName(r.base, prefix) || r.fallback);

  const groups = groupBy(requests, (r) => firstPass.get(r.id) ?? "");
  const secondPass = new Map<number, string>();
  for (const [name, members] of groups) {
    const qualifiers = members.map((r) => (r.qualifier === undefined ? "" : sanitizeName(r.qualifier, prefix)));
    // A qualifier shared by the whole group tells nobody apart: leave it out (line_1_17, not
    // line_1_sip_example_com_17).
    const helps = members.length > 1 && new Set(qualifiers).size > 1;
    members.forEach((r, i) => secondPass.set(r.id, helps && qualifiers[i] !== "" ? `${name}_${qualifiers[i]}` : name));
  }

  // Appending ids cannot make two of the colliding objects collide with each other (ids are
  // unique), but could in theory meet a third object's name ("office_1" + "_17" vs an object
  // literally named "office_1_17"): repeat until every name is unique.
  let names = secondPass;
  for (;;) {
    const groups = groupBy(requests, (r) => names.get(r.id) ?? "");
    if ([...groups.values()].every((members) => members.length === 1)) return names;
    const next = new Map(names);
    for (const [name, members] of groups)
      if (members.length > 1) for (const r of members) next.set(r.id, `${name}_${r.id}`);
    names = next;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
