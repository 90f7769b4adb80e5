// Hand-made plans for the review tests: one resource change in the `terraform show -json` shape,
// a plan around changes, and the committed real-run fixtures.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { JsonValue } from "../../src/review";

export const fixture = (name: string): string => readFileSync(path.join(__dirname, "fixtures", name), "utf8");
export const TYPE = "voximplant_sip_registration";

interface ChangeSpec {
  name?: string;
  type?: string;
  actions: string[];
  before?: JsonValue;
  after?: JsonValue;
  after_unknown?: JsonValue;
  before_sensitive?: JsonValue;
  after_sensitive?: JsonValue;
  replace_paths?: JsonValue;
  action_reason?: string;
}

export function change(spec: ChangeSpec): Record<string, unknown> {
  const type = spec.type ?? TYPE;
  const name = spec.name ?? "r";
  const out: Record<string, unknown> = {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    provider_name: "voximplant.local/voximplant/voximplant",
    change: {
      actions: spec.actions,
      before: spec.before ?? null,
      after: spec.after ?? null,
      after_unknown: spec.after_unknown ?? {},
      before_sensitive: spec.before_sensitive ?? {},
      after_sensitive: spec.after_sensitive ?? {},
      ...(spec.replace_paths !== undefined ? { replace_paths: spec.replace_paths } : {}),
    },
  };
  if (spec.action_reason !== undefined) out.action_reason = spec.action_reason;
  return out;
}

export function plan(changes: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { format_version: "1.2", terraform_version: "1.11.4", resource_changes: changes, ...extra };
}

export const REG = {
  id: "7",
  sip_registration_id: 7,
  sip_username: "line",
  proxy: "sip.example.com",
  application_id: 1,
  application_name: "demo-app",
};
