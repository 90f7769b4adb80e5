// Entry points of a provider process.
//
// serve():      the process Terraform launches — cookie check, protocol negotiation, AutoMTLS,
//               handshake line on stdout, then lifecycle until Shutdown / SIGTERM / orphaning.
// serveDebug(): the process a developer starts by hand (e.g. under a debugger) — no cookie,
//               plaintext, prints the TF_REATTACH_PROVIDERS line to export, runs until Ctrl-C.
import { guardStdout, processLogger, type Logger } from "../log";
import type { ProviderRpc } from "../protocol/messages";
import { handshakeLine, reattachExportLine } from "./handshake";
import { checkLaunchEnvironment } from "./launch-environment";
import { formatPanic, ProviderProcess, writeStderr } from "./lifecycle";
import { startPluginServer, type Listen, type PluginServer } from "./grpc-server";

export type ProviderInput = ProviderRpc | (() => ProviderRpc);

export interface ServeOptions {
  /** Provider type name (e.g. "widget"): the root log module and the name in messages. */
  name: string;
  /** Shown to someone who runs the executable by hand, after the explanation. */
  hint?: string;
  /** Environment to read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Logger (default: the process logger, hclog JSON on stderr). */
  logger?: Logger;
}

export interface ServeDebugOptions extends ServeOptions {
  /** Source address Terraform knows the provider by, e.g. "example.com/acme/widget". */
  sourceAddress: string;
}

/**
 * A memoised provider source: a factory is called once, on first use, so a provider whose
 * construction is expensive does not delay the handshake.
 */
export function providerSource(input: ProviderInput): () => ProviderRpc {
  if (typeof input !== "function") return () => input;
  let created: ProviderRpc | undefined;
  return () => (created ??= input());
}

function listenFrom(unixSocketDir: string | undefined, group?: number): Listen {
  return unixSocketDir ? { network: "unix", dir: unixSocketDir, group } : { network: "tcp" };
}

async function failStartup(message: string, code: number): Promise<never> {
  await writeStderr(message);
  process.exit(code);
}

export async function serve(input: ProviderInput, options: ServeOptions): Promise<void> {
  const env = options.env ?? process.env;
  const check = checkLaunchEnvironment(env, `terraform-provider-${options.name}`, options.hint);
  if (!check.ok) return failStartup(check.message, 1);

  const logger = (options.logger ?? processLogger({ module: options.name, fallback: "off", env })).child("transport");
  // From here on stdout carries the handshake line and nothing else.
  const writeStdout = guardStdout(logger);
  const lifecycle = new ProviderProcess(logger);
  lifecycle.installCrashHandlers();
  lifecycle.installManagedSignalHandlers();

  const source = providerSource(input);
  let server: PluginServer;
  try {
    server = await startPluginServer({
      provider: source,
      logger,
      listen: listenFrom(check.settings.unixSocketDir, check.settings.unixSocketGroup),
      clientCertPem: check.settings.clientCertPem,
      onShutdownRequested: () => void lifecycle.exit(0, "Shutdown RPC"),
    });
  } catch (err) {
    await logger.flush();
    return failStartup(formatPanic(err), 1);
  }
  lifecycle.attach(server);
  lifecycle.watchParent();

  // The handshake goes out in one write, only after the listener is accepting: Terraform dials
  // as soon as it reads the line and does not retry.
  await writeStdout(handshakeLine(server.address, server.certificateDer));
  logger.debug("handshake sent", { network: server.address.network, address: server.address.address });
  // Create the provider while Terraform sets up its connection, not inside the first RPC.
  setImmediate(() => {
    try {
      source();
    } catch {
      // reported by the first RPC, which calls the factory again
    }
  });
}

export interface DebugServer {
  /** The line printed for the user: `export TF_REATTACH_PROVIDERS='…'`. */
  exportLine: string;
  server: PluginServer;
}

export async function serveDebug(input: ProviderInput, options: ServeDebugOptions): Promise<DebugServer> {
  const env = options.env ?? process.env;
  const logger = (options.logger ?? processLogger({ module: options.name, fallback: "info", env })).child("transport");
  const lifecycle = new ProviderProcess(logger);
  lifecycle.installCrashHandlers();
  lifecycle.installDebugSignalHandlers();

  const server = await startPluginServer({
    provider: providerSource(input),
    logger,
    listen: listenFrom(env.PLUGIN_UNIX_SOCKET_DIR?.trim() || undefined),
    // Reattached providers are always dialled without TLS. Terraform does not send Shutdown to
    // them (Test: true); if some client does, the debug server keeps serving later commands.
    onShutdownRequested: () => logger.info("Shutdown requested; debug server keeps running (Ctrl-C stops it)"),
  });
  lifecycle.attach(server);

  const exportLine = reattachExportLine(options.sourceAddress, server.address, process.pid);
  process.stdout.write(
    `Provider ${options.sourceAddress} is running in debug mode (pid ${process.pid}).\n` +
      `To let Terraform use it, run this in the shell where you run Terraform:\n\n` +
      `\t${exportLine}\n\n` +
      `Terraform then connects to this process instead of starting the provider. Stop it with Ctrl-C.\n`,
  );
  return { exportLine, server };
}
