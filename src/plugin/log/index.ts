// Logging for the plugin runtime and anything running inside a provider process.
//
// `processLogger()` is the one logger of the current process: hclog JSON lines on stderr, level
// from TF_LOG_PROVIDER / TF_LOG. Everything else (framework, provider code) should take a child
// of it, e.g. `processLogger().child("framework")`.
import { format } from "node:util";
import { thresholdFromEnv, type LogThreshold } from "./levels";
import { createLogger, type Logger } from "./logger";
import { StreamSink } from "./sink";

export { parseLogLevel, thresholdFromEnv } from "./levels";
export type { LogThreshold } from "./levels";
export { createLogger, hclogTimestamp, sensitive, type Sensitive } from "./logger";
export type { Logger } from "./logger";
export { MemorySink, StreamSink } from "./sink";

/** Field names redacted by default in every record of the process logger. */
const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  "password",
  "secret",
  "token",
  "private_key",
  "privateKey",
  "authorization",
  "jwt",
];

let current: Logger | undefined;

export interface ProcessLoggerOptions {
  /** Root `@module` name (usually the provider's type name). */
  module?: string;
  /** Threshold when neither TF_LOG_PROVIDER nor TF_LOG is set. */
  fallback?: LogThreshold;
  env?: NodeJS.ProcessEnv;
}

/**
 * Creates (first call) or returns the process logger. Options only matter on the first call;
 * the transport makes that call early in start-up.
 */
export function processLogger(options: ProcessLoggerOptions = {}): Logger {
  if (!current) {
    current = createLogger({
      sink: new StreamSink(process.stderr),
      threshold: thresholdFromEnv(options.env ?? process.env, options.fallback ?? "off"),
      module: options.module ?? "provider",
      sensitiveKeys: DEFAULT_SENSITIVE_KEYS,
    });
  }
  return current;
}

/**
 * Stdout of a provider process belongs to the plugin handshake: Terraform rejects a stray line
 * printed before it and silently discards everything after it. This sends console.log/info/
 * debug/trace and direct process.stdout.write calls to the logger (stderr) instead, and returns
 * the original stdout writer for the single handshake line.
 */
export function guardStdout(logger: Logger): (text: string) => Promise<void> {
  const stdout = process.stdout;
  const originalWrite = stdout.write.bind(stdout) as (chunk: string, cb: (err?: Error | null) => void) => boolean;
  const toLog =
    (level: "info" | "debug" | "trace") =>
    (...args: unknown[]) =>
      logger[level](format(...args));
  console.log = toLog("info");
  console.info = toLog("info");
  console.debug = toLog("debug");
  console.trace = toLog("trace");
  const redirected = (chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean => {
    const text = Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk);
    for (const line of text.split("\n")) if (line !== "") logger.info(line, { stream: "stdout" });
    const callback = typeof encodingOrCb === "function" ? encodingOrCb : cb;
    if (typeof callback === "function") process.nextTick(callback as () => void);
    return true;
  };
  stdout.write = redirected as typeof stdout.write;
  return (text) =>
    new Promise((resolve, reject) => {
      originalWrite(text, (err) => (err ? reject(err) : resolve()));
    });
}
