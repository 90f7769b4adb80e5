// In-process start API used by tests across the project:
//
//   const emu = await startEmulator({ seed: true });
//   // emu.url → http://127.0.0.1:PORT/platform_api, emu.credentialsPath → credentials.json
//   await emu.close();
//
// It creates an account with an Owner service-account key (or loads one from statePath), writes
// a ready-to-use credentials.json (mode 0600) and serves the Management API subset on node:http.

import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { resolveConfig, type EmulatorConfig } from "./config";
import { Emulator } from "./engine";
import { generateServiceKey, writeCredentials, type Credentials } from "./keys";
import { deserializeState, newState, type EmulatorState } from "./model";
import { readIfExists } from "./persistence";
import { seedDemo } from "./seed";
import { ADMIN_PREFIX, API_PREFIX, createRequestHandler } from "./http-server";

export type { EmulatorConfig } from "./config";

export interface StartOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** JSON state file: loaded if it exists, and every acknowledged change is written to it. */
  statePath?: string;
  /** Where to write credentials.json; default a fresh temp directory removed on close(). */
  credentialsOut?: string;
  /** Add the demo application/rules/users (only when a new account is created). */
  seed?: boolean;
  config?: Partial<EmulatorConfig>;
  /**
   * Serve HTTPS with this certificate instead of plain HTTP. The official Node.js client only
   * speaks https://, so tests that drive it need this.
   */
  tls?: { certPem: string; keyPem: string };
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:PORT/platform_api (https:// with the tls option) */
  url: string;
  /** e.g. http://127.0.0.1:PORT/__emulator */
  adminUrl: string;
  credentialsPath: string;
  accountId: number;
  /** Legacy `api_key` of the account (deprecated auth scheme). */
  apiKey: string;
  port: number;
  /** Direct access to state, switches, call log and faults. */
  emulator: Emulator;
  close(): Promise<void>;
}

async function loadOrCreateState(
  opts: StartOptions,
  config: EmulatorConfig,
): Promise<{ state: EmulatorState; fresh: boolean }> {
  const text = opts.statePath !== undefined ? await readIfExists(opts.statePath) : undefined;
  if (text !== undefined) return { state: deserializeState(text), fresh: false };
  const key = await generateServiceKey(["Owner"]);
  const state = newState({
    account_id: config.accountId,
    account_name: config.accountName,
    account_email: config.accountEmail,
    balance_cents: Math.round(config.initialBalance * 100),
    frozen: false,
    api_key: randomBytes(16).toString("hex"),
    keys: [key],
  });
  if (opts.seed) seedDemo(state, Date.now());
  return { state, fresh: true };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(opts.config);
  const { state, fresh } = await loadOrCreateState(opts, config);
  const emu = new Emulator(state, config, opts.statePath);

  // The credentials file needs a private key; a loaded state whose own keys are all revoked
  // (or were added without one) gets a fresh Owner key.
  let mustPersist = fresh;
  let own = state.account.keys.find((k) => !k.revoked && k.private_key !== undefined);
  if (!own) {
    own = await generateServiceKey(["Owner"]);
    state.account.keys.push(own);
    mustPersist = true;
  }
  if (mustPersist) await emu.persist();

  let tempDir: string | undefined;
  let credentialsPath = opts.credentialsOut;
  if (credentialsPath === undefined) {
    tempDir = await fsp.mkdtemp(path.join(os.tmpdir(), "voximplant-emulator-"));
    credentialsPath = path.join(tempDir, "credentials.json");
  }
  const creds: Credentials = {
    account_id: state.account.account_id,
    account_email: state.account.account_email,
    key_id: own.key_id,
    private_key: own.private_key as string,
  };
  await writeCredentials(credentialsPath, creds);

  const handler = createRequestHandler(emu);
  const server =
    opts.tls !== undefined
      ? createTlsServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, handler)
      : createServer(handler);
  const host = opts.host ?? "127.0.0.1";
  const port = await listen(server, host, opts.port ?? 0);
  const base = `${opts.tls !== undefined ? "https" : "http"}://${urlHost(host)}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emu.flush();
      if (tempDir !== undefined) await fsp.rm(tempDir, { recursive: true, force: true });
    })();
    return closing;
  };

  return {
    url: `${base}${API_PREFIX}`,
    adminUrl: `${base}${ADMIN_PREFIX}`,
    credentialsPath,
    accountId: state.account.account_id,
    apiKey: state.account.api_key,
    port,
    emulator: emu,
    close,
  };
}
