// Name ↔ id resolution for the objects a SIP registration can be bound to (applications, rules,
// users), shared by the resource and the data sources.
//
// Why resolve at all: the API accepts names, but whether `application_name` parameters take the
// short name ("demo-app"), the full one ("demo-app.acct.voximplant.com") or both is not
// documented (docs/design/voximplant-api.md, "Parameters and values"), so the provider sends ids and does the matching
// itself. The
// Get* name filters match PART of a name on the server, so every result is checked exactly here.
//
// Results are cached per provider process (one Terraform command): the provider never changes
// applications, rules or users, and many resources usually name the same few. Failed lookups are
// not cached.

import type { ApplicationInfo, RuleInfo, UserInfo, VoximplantClient } from "../api";

export type LookupClient = Pick<VoximplantClient, "listApplications" | "listRules" | "listUsers">;

/** Lower-cased short name of an application: "demo-app.acct.voximplant.com" → "demo-app". */
export function applicationShortName(name: string): string {
  const n = name.trim().toLowerCase();
  const dot = n.indexOf(".");
  return dot < 0 ? n : n.slice(0, dot);
}

/** True when `name` is the full form `<short>.<account>.<domain>` (at least three more labels). */
function isFullFormOf(full: string, short: string): boolean {
  if (!full.startsWith(`${short}.`)) return false;
  return /^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/.test(full.slice(short.length + 1));
}

/**
 * Whether two application names denote the same application: equal (ignoring case), or one is
 * the short form of the other's full `<short>.<account>.voximplant.com` name. The API reports the
 * full name while users usually write the short one; both must count as "no change".
 */
export function sameApplicationName(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (x === y) return true;
  if (!x.includes(".")) return isFullFormOf(y, x);
  if (!y.includes(".")) return isFullFormOf(x, y);
  return false;
}

export class Lookups {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly client: LookupClient) {}

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit as Promise<T>;
    const p = load();
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    return p;
  }

  /** Drops every cached answer (e.g. after a "not found" the user may fix out of band). */
  clear(): void {
    this.cache.clear();
  }

  /** The application whose short or full name is exactly `name`; null when none. */
  applicationByName(name: string, signal?: AbortSignal): Promise<ApplicationInfo | null> {
    const wanted = name.trim().toLowerCase();
    return this.cached(`app-name:${wanted}`, async () =>
      // The server filter is a substring match; the short name is a substring of the full one.
      firstMatch(
        this.client.listApplications({ application_name: applicationShortName(wanted) }, opts(signal)),
        (app) => sameApplicationName(app.application_name, wanted),
      ),
    );
  }

  applicationById(id: number, signal?: AbortSignal): Promise<ApplicationInfo | null> {
    return this.cached(`app-id:${id}`, async () =>
      firstMatch(
        this.client.listApplications({ application_id: id }, opts(signal)),
        (app) => app.application_id === id,
      ),
    );
  }

  /** The rule of the application named exactly `name` (rule names are unique per application). */
  ruleByName(applicationId: number, name: string, signal?: AbortSignal): Promise<RuleInfo | null> {
    return this.cached(`rule-name:${applicationId}:${name}`, async () =>
      firstMatch(
        this.client.listRules({ application_id: applicationId, rule_name: name }, opts(signal)),
        (rule) => rule.rule_name === name && rule.application_id === applicationId,
      ),
    );
  }

  ruleById(applicationId: number, id: number, signal?: AbortSignal): Promise<RuleInfo | null> {
    return this.cached(`rule-id:${applicationId}:${id}`, async () =>
      firstMatch(
        this.client.listRules({ application_id: applicationId, rule_id: id }, opts(signal)),
        (rule) => rule.rule_id === id,
      ),
    );
  }

  /** The user named exactly `name` among the users bound to the application. */
  userByName(applicationId: number, name: string, signal?: AbortSignal): Promise<UserInfo | null> {
    return this.cached(`user-name:${applicationId}:${name}`, async () =>
      firstMatch(
        this.client.listUsers({ application_id: applicationId, user_name: name }, opts(signal)),
        (user) => user.user_name === name,
      ),
    );
  }

  userById(applicationId: number, id: number, signal?: AbortSignal): Promise<UserInfo | null> {
    return this.cached(`user-id:${applicationId}:${id}`, async () =>
      firstMatch(
        this.client.listUsers({ application_id: applicationId, user_id: id }, opts(signal)),
        (user) => user.user_id === id,
      ),
    );
  }
}

/**
 * The first listed row that really matches, or null. The server's filters are only a first cut
 * (names match by substring), so every row is checked; the listing stops at the first match.
 */
async function firstMatch<T>(rows: AsyncIterable<T>, matches: (row: T) => boolean): Promise<T | null> {
  for await (const row of rows) if (matches(row)) return row;
  return null;
}

function opts(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}
