// `voximplant-emulator [--host 127.0.0.1] [--port 0] [--state FILE] [--credentials-out FILE] [--seed]
//                      [--config JSON]`
// Prints exactly one JSON line to stdout — {"url","admin","credentials","account_id"} — once the
// server is listening, then serves until SIGINT/SIGTERM. Diagnostics go to stderr only, so a
// parent process can read the line and nothing else.
//
// This module only exports main(); bin/voximplant-emulator calls it. (A `require.main === module`
// self-start would also fire inside bundles that inline this file, starting two servers.)

import { startEmulator, type StartOptions } from "./index";
import type { EmulatorConfig } from "./config";

const USAGE = `usage: voximplant-emulator [--host HOST] [--port PORT] [--state FILE] [--credentials-out FILE]
                          [--seed] [--config JSON]
  --host             interface to listen on (default 127.0.0.1)
  --port             port (default 0 = any free port)
  --state            JSON state file; loaded if present, every acknowledged change is written durably
  --credentials-out  where to write credentials.json (default: a temp file)
  --seed             add demo-app, demo-app-2, their rules and users to a new account
  --config           JSON object of run-time switches (see docs/emulator.md)`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): StartOptions {
  const opts: StartOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--host":
        opts.host = value();
        break;
      case "--port": {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError("--port must be a number 0-65535");
        opts.port = Number(v);
        break;
      }
      case "--state":
        opts.statePath = value();
        break;
      case "--credentials-out":
        opts.credentialsOut = value();
        break;
      case "--seed":
        opts.seed = true;
        break;
      case "--config": {
        let parsed: unknown;
        try {
          parsed = JSON.parse(value());
        } catch {
          throw new UsageError("--config must be a JSON object");
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          throw new UsageError("--config must be a JSON object");
        }
        opts.config = parsed as Partial<EmulatorConfig>;
        break;
      }
      case "--help":
      case "-h":
        throw new UsageError("");
      default:
        throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  return opts;
}

export async function main(argv: readonly string[]): Promise<void> {
  let opts: StartOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`voximplant-emulator: ${e.message}\n`);
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = e.message ? 2 : 0;
      return;
    }
    throw e;
  }
  const emu = await startEmulator(opts);
  // Handlers first: a parent may signal us the moment it has read the line.
  const stop = (): void => {
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const ready = { url: emu.url, admin: emu.adminUrl, credentials: emu.credentialsPath, account_id: emu.accountId };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}
