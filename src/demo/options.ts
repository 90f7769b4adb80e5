// Command line and environment of `npm start` (pure: tested without running anything).

import * as path from "node:path";

export const CONFIRM_ENV_VAR = "VOXIMPLANT_DEMO_CONFIRM";
const WORK_DIR_ENV_VAR = "VOXIMPLANT_DEMO_DIR";
const CREDENTIALS_ENV_VAR = "VOXIMPLANT_CREDENTIALS";

export const DEMO_USAGE = `Usage: npm start [-- OPTIONS]

Deploys the example CDKTF stack (examples/: an application, a scenario, a rule, a user and two
SIP registrations bound to them) with the real terraform binary, prints its outputs, changes one
registration outside Terraform and shows how a refresh-only plan detects the drift.

By default everything runs against an embedded Voximplant Management API emulator (nothing
leaves this machine). With ${CREDENTIALS_ENV_VAR} set (path of a service account's
credentials.json) the demo deploys to that REAL account instead; it then also needs
${CONFIRM_ENV_VAR}=yes, TF_VAR_sip_password and TF_VAR_user_password, because registrations
cost money.

Options:
  --work-dir DIR   where state, the provider mirror and cdktf.out are kept
                   (default: tmp/demo in the repository, or $${WORK_DIR_ENV_VAR})
  --reset          delete the work directory's state first (start from scratch)
  --destroy        destroy the example stack (cdktf destroy) instead of deploying it
  --emulator       use the emulator even if ${CREDENTIALS_ENV_VAR} is set
  --keep-running   keep the emulator running at the end, until Ctrl-C
  --help           show this help
`;

export type DemoTarget =
  { kind: "emulator" } | { kind: "real"; credentialsPath: string; apiUrl?: string; confirmed: boolean };

export interface DemoOptions {
  workDir: string;
  reset: boolean;
  destroy: boolean;
  keepRunning: boolean;
  target: DemoTarget;
}

export type ParsedArgs = { help: true } | { help: false; options: DemoOptions } | { error: string };

/** Parses argv (after the script name) and the environment. `root` is the repository root. */
export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv, root: string): ParsedArgs {
  let workDir = env[WORK_DIR_ENV_VAR]?.trim() || path.join(root, "tmp", "demo");
  let reset = false;
  let destroy = false;
  let keepRunning = false;
  let forceEmulator = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") return { help: true };
    else if (a === "--reset") reset = true;
    else if (a === "--destroy") destroy = true;
    else if (a === "--keep-running") keepRunning = true;
    else if (a === "--emulator") forceEmulator = true;
    else if (a === "--work-dir" || a.startsWith("--work-dir=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (!v) return { error: "--work-dir needs a directory" };
      workDir = v;
    } else return { error: `unknown argument ${JSON.stringify(a)}` };
  }
  const credentials = env[CREDENTIALS_ENV_VAR]?.trim();
  let target: DemoTarget = { kind: "emulator" };
  if (credentials && !forceEmulator) {
    target = {
      kind: "real",
      credentialsPath: path.resolve(credentials),
      confirmed: env[CONFIRM_ENV_VAR]?.trim().toLowerCase() === "yes",
    };
    const apiUrl = env.VOXIMPLANT_API_URL?.trim();
    if (apiUrl) target.apiUrl = apiUrl;
  }
  return { help: false, options: { workDir: path.resolve(workDir), reset, destroy, keepRunning, target } };
}
