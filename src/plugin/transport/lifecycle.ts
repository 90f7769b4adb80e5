// Process-level behaviour of a provider: how it ends (Shutdown, SIGTERM, orphaning, crashes) and
// what it survives (SIGINT); docs/design/plugin-protocol.md, "Process lifecycle". Terraform sends Shutdown and
// SIGKILLs 2 s later;
// Ctrl-C reaches the provider too but Terraform coordinates cancellation itself (StopProvider),
// so SIGINT must not kill an in-flight apply; a provider whose Terraform died must not linger.
import type { Logger } from "../log";

export interface Stoppable {
  stop(graceMs?: number): Promise<void>;
  cleanupSync(): void;
}

/** Writes raw text to stderr and resolves when it has been handed to the OS. */
export function writeStderr(text: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      process.stderr.write(text, () => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Go-style crash text. Terraform records the lines from one starting with "panic: " onwards as
 * ERROR and shows them under its "plugin crashed" banner when the command fails.
 */
export function formatPanic(reason: unknown): string {
  const lines: string[] = [];
  if (reason instanceof Error) {
    lines.push(`panic: ${reason.message || reason.name}`);
    const stack = (reason.stack ?? "").split("\n");
    // The stack's first line(s) repeat "Name: message"; keep only the frames.
    lines.push(...stack.filter((line) => /^\s+at /.test(line)));
  } else {
    lines.push(`panic: ${String(reason)}`);
  }
  return `${lines.join("\n")}\n`;
}

export class ProviderProcess {
  private server: Stoppable | undefined;
  private exiting: Promise<never> | undefined;
  private parentWatch: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {}

  attach(server: Stoppable): void {
    this.server = server;
    // Last resort for exit paths that bypass exit(): never leave a socket file behind.
    process.once("exit", () => server.cleanupSync());
  }

  /**
   * Stops the server, flushes logs and exits. Bounded: Terraform kills the process 2 s after
   * Shutdown anyway, so a stuck graceful stop must not hold the exit up.
   */
  exit(code: number, reason: string): Promise<never> {
    this.exiting ??= (async () => {
      this.logger.debug("provider exiting", { reason, code });
      const hardStop = setTimeout(() => process.exit(code), 1500);
      hardStop.unref();
      if (this.parentWatch) clearInterval(this.parentWatch);
      try {
        await this.server?.stop();
      } catch {
        this.server?.cleanupSync();
      }
      await this.logger.flush();
      await writeStderr("");
      process.exit(code);
    })();
    return this.exiting;
  }

  /** uncaughtException / unhandledRejection → "panic: …" on stderr, exit 2. */
  installCrashHandlers(): void {
    let crashed = false;
    const crash = (reason: unknown): void => {
      if (crashed) return;
      crashed = true;
      const hardStop = setTimeout(() => process.exit(2), 1500);
      hardStop.unref();
      void this.logger
        .flush()
        .catch(() => undefined)
        .then(() => writeStderr(formatPanic(reason)))
        .then(() => {
          this.server?.cleanupSync();
          process.exit(2);
        });
    };
    process.on("uncaughtException", crash);
    process.on("unhandledRejection", crash);
  }

  /** Managed mode: SIGINT is logged and ignored, SIGTERM ends the process. */
  installManagedSignalHandlers(): void {
    process.on("SIGINT", () => {
      this.logger.info("received SIGINT; ignoring it, Terraform stops work through StopProvider");
    });
    process.on("SIGTERM", () => void this.exit(143, "SIGTERM"));
  }

  /** Debug mode: the user stops the provider with Ctrl-C. */
  installDebugSignalHandlers(): void {
    process.on("SIGINT", () => void this.exit(0, "SIGINT"));
    process.on("SIGTERM", () => void this.exit(143, "SIGTERM"));
  }

  /** Exits when the parent process (Terraform) is gone, i.e. the parent PID changed. */
  watchParent(intervalMs = 2000): void {
    const parent = process.ppid;
    this.parentWatch = setInterval(() => {
      if (process.ppid !== parent) void this.exit(0, `parent process ${parent} is gone`);
    }, intervalMs);
    this.parentWatch.unref();
  }
}
