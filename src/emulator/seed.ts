// Demo fixtures for `seed: true` / `--seed`. Ids are deterministic on a fresh account:
//   applications 1 demo-app, 2 demo-app-2
//   rules        1 demo-rule, 2 demo-rule-2 (demo-app), 3 demo-app-2-rule (demo-app-2)
//   users        1 demo-user, 2 demo-user-2 (demo-app), 3 demo-app-2-user (demo-app-2)

import type { EmulatorState } from "./model";
import { insertApplication } from "./methods/applications";
import { insertRule } from "./methods/rules";
import { insertUser } from "./methods/users";

export function seedDemo(s: EmulatorState, nowMs: number): void {
  const app = insertApplication(s, "demo-app", false, nowMs);
  const app2 = insertApplication(s, "demo-app-2", false, nowMs);
  insertRule(s, app.application_id, "demo-rule", ".*", nowMs);
  insertRule(s, app.application_id, "demo-rule-2", "\\+?1\\d{10}", nowMs);
  insertRule(s, app2.application_id, "demo-app-2-rule", ".*", nowMs);
  insertUser(s, app.application_id, "demo-user", "Demo User", nowMs);
  insertUser(s, app.application_id, "demo-user-2", "Demo User 2", nowMs);
  insertUser(s, app2.application_id, "demo-app-2-user", "Demo App 2 User", nowMs);
}
