// `terraform-provider-voximplant adopt`: argument parsing, the client, and I/O. Every mistake on
// the command line is reported before any API call; then only read calls are made.

import { writeFileSync } from "node:fs";
import {
  API_URL_ENV_VAR,
  ApiError,
  CREDENTIALS_ENV_VAR,
  CredentialsError,
  VoximplantClient,
  type ApplicationInfo,
} from "../api";
import { shortApplicationName } from "./account";
import { ADOPTERS, adoptAccount, countOf, secretsNotes } from "./adopt";
import type { AdoptFilters } from "./adopter";

export const ADOPT_USAGE = `Usage: terraform-provider-voximplant adopt [options]

Reads a Voximplant account through the Management API (read calls only) and writes a Terraform
file of import {} blocks, one per object, with resource names derived from the objects. Objects
that refer to other adopted objects (rules, users, bound SIP registrations) also get their
resource block, written with references (application_id = voximplant_application.pbx.application_id);
Terraform generates the configuration of the others. Then:

  terraform plan -generate-config-out=generated.tf   # resource blocks for the other imports
  terraform plan                                     # only imports, no other change
  terraform apply

Options (Terraform style: -out=FILE; --out FILE works too):
  -out=FILE               write the file there instead of standard output
  -type=TYPE              only this resource type (repeat or comma-separate; with or without
                          the voximplant_ prefix); known: ${ADOPTERS.map((a) => a.resourceType).join(", ")}
  -application=ID|NAME    only this application and its objects: its rules, their scenarios, its
                          users, the SIP registrations bound to it; NAME is the short name
                          (my-app) or the full one (my-app.account.voximplant.com)
  -proxy=HOST[:PORT]      only SIP registrations, at this registrar (HOST alone: any port)
  -credentials-file=PATH  service account credentials.json; default: ${CREDENTIALS_ENV_VAR}
  -api-url=URL            Management API URL; default: ${API_URL_ENV_VAR}, else the public API
  -help                   this text

Passwords cannot be read back: the configuration has none and plans clean; the command says how
to add them as write-only arguments.
`;

export interface AdoptIo {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

const processIo: AdoptIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  writeFile: (p, t) => writeFileSync(p, t),
  env: process.env,
};

interface AdoptArgs {
  help: boolean;
  out?: string;
  types: string[];
  application?: string;
  proxy?: string;
  credentialsFile?: string;
  apiUrl?: string;
}

const VALUE_FLAGS = ["out", "type", "application", "proxy", "credentials-file", "api-url"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): AdoptArgs {
  const args: AdoptArgs = { help: false, types: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--?([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (m === null) throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (adopt takes only options)`);
    const [, flag, inline] = m;
    if (flag === "help" || flag === "h") {
      args.help = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      throw new UsageError(`unknown option -${flag}; known: ${VALUE_FLAGS.map((f) => `-${f}`).join(", ")}`);
    }
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("-")) throw new UsageError(`-${flag} needs a value (-${flag}=VALUE)`);
      i++;
    }
    if (value.trim() === "") throw new UsageError(`-${flag} needs a non-empty value`);
    const f = flag as ValueFlag;
    if (f === "type")
      args.types.push(
        ...value
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t !== ""),
      );
    else if (f === "out") args.out = value;
    else if (f === "application") args.application = value.trim();
    else if (f === "proxy") args.proxy = value.trim();
    else if (f === "credentials-file") args.credentialsFile = value;
    else args.apiUrl = value.trim();
  }
  return args;
}

/** "sip_registration" and "voximplant_sip_registration" both name the resource type. */
function resolveTypes(types: readonly string[]): Set<string> | null {
  if (types.length === 0) return null;
  const known = ADOPTERS.map((a) => a.resourceType);
  const out = new Set<string>();
  for (const t of types) {
    const full = t.startsWith("voximplant_") ? t : `voximplant_${t}`;
    if (!known.includes(full))
      throw new UsageError(`-type: unknown resource type ${JSON.stringify(t)}; known: ${known.join(", ")}`);
    out.add(full);
  }
  return out;
}

/** The application a -application value names: by id, full name, or short name (exactly). */
async function findApplication(client: VoximplantClient, value: string): Promise<ApplicationInfo> {
  const all: ApplicationInfo[] = [];
  for await (const app of client.listApplications()) all.push(app);
  const byId = /^\d+$/.test(value) ? all.find((a) => a.application_id === Number(value)) : undefined;
  const found =
    byId ?? all.find((a) => a.application_name === value || shortApplicationName(a.application_name) === value);
  if (found !== undefined) return found;
  const known = all.map((a) => `${shortApplicationName(a.application_name)} (${a.application_id})`);
  throw new UsageError(
    `-application: no application ${JSON.stringify(value)} in account ${client.accountId}` +
      (known.length > 0 ? `; it has: ${known.join(", ")}` : "; it has no applications"),
  );
}

/** Runs the command; resolves to the exit status (0 written, 1 failed or nothing to adopt, 2 usage). */
export async function runAdoptCli(argv: readonly string[], io: AdoptIo = processIo): Promise<number> {
  const fail = (message: string, code: number): number => {
    io.stderr(`terraform-provider-voximplant adopt: ${message}\n`);
    return code;
  };
  let args: AdoptArgs;
  let types: Set<string> | null;
  try {
    args = parseArgs(argv);
    types = resolveTypes(args.types);
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\n\n${ADOPT_USAGE}`, 2);
    throw e;
  }
  if (args.help) {
    io.stdout(ADOPT_USAGE);
    return 0;
  }

  let client: VoximplantClient;
  try {
    client = new VoximplantClient({
      env: io.env,
      ...(args.credentialsFile !== undefined ? { credentialsPath: args.credentialsFile } : {}),
      ...(args.apiUrl !== undefined ? { apiUrl: args.apiUrl } : {}),
    });
  } catch (e) {
    if (e instanceof CredentialsError) {
      return fail(
        `${e.message}\nGive the service account's credentials.json with -credentials-file=PATH or the ` +
          `${CREDENTIALS_ENV_VAR} ` +
          "environment variable (the same settings the provider uses).",
        1,
      );
    }
    return fail(`cannot use the API URL: ${e instanceof Error ? e.message : String(e)}`, 1);
  }

  try {
    const filterDescription: string[] = [];
    let applicationId: number | null = null;
    if (args.application !== undefined) {
      const app = await findApplication(client, args.application);
      applicationId = app.application_id;
      filterDescription.push(`application ${app.application_name} (${app.application_id})`);
    }
    if (args.proxy !== undefined) filterDescription.push(`proxy ${args.proxy}`);
    if (types !== null) filterDescription.push(`type ${[...types].join(", ")}`);
    const filters: AdoptFilters = { types, applicationId, proxy: args.proxy ?? null };

    const result = await adoptAccount({ client, filters, filterDescription });
    const labels = result.families.map((f) => f.adopter.label).join(", ");
    if (result.total === 0) {
      const scope = filterDescription.length > 0 ? ` matching ${filterDescription.join("; ")}` : "";
      const why = result.skipped.map((s) => `\nNot adopted: ${s}.`).join("");
      return fail(`nothing to adopt: account ${client.accountId} has no ${labels}${scope}. No file written.${why}`, 1);
    }
    if (args.out !== undefined) io.writeFile(args.out, result.text);
    else io.stdout(result.text);
    const counts = result.families.filter((f) => f.objects.length > 0).map(countOf);
    const target = args.out ?? "standard output";
    const blocks =
      result.blocks === 0
        ? ""
        : ` and ${result.blocks} resource block${result.blocks === 1 ? "" : "s"} (references between them)`;
    io.stderr(
      [
        `Wrote ${result.total} import block${result.total === 1 ? "" : "s"} (${counts.join(", ")})${blocks} of ` +
          `account ${client.accountId} to ${target}.`,
        ...result.skipped.map((s) => `Not adopted: ${s}.`),
        "Next: terraform plan -generate-config-out=generated.tf, then terraform plan (imports only), then " +
          "terraform apply.",
        ...secretsNotes(result.families).map((n) => `\n${n}`),
        "",
      ].join("\n"),
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message, 2);
    if (e instanceof ApiError || e instanceof Error) return fail(`reading the account failed: ${e.message}`, 1);
    return fail(`reading the account failed: ${String(e)}`, 1);
  } finally {
    await client.close();
  }
}
