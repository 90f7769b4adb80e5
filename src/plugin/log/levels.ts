// Log levels as Terraform understands them in a provider's hclog JSON output, and the threshold
// a provider process should apply (Terraform filters again on its side; filtering here too keeps
// disabled logging nearly free).

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
export type LogThreshold = LogLevel | "off";

const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error"];

/** Numeric rank: a record is written when rank(level) >= rank(threshold). "off" beats them all. */
export function levelRank(level: LogThreshold): number {
  switch (level) {
    case "trace":
      return 0;
    case "debug":
      return 1;
    case "info":
      return 2;
    case "warn":
      return 3;
    case "error":
      return 4;
    case "off":
      return 5;
  }
}

/**
 * Parses one TF_LOG-style value. Mirrors Terraform: empty means "not set", "json" means trace,
 * and any other unrecognised non-empty value also means trace (Terraform warns and logs
 * everything rather than nothing).
 */
export function parseLogLevel(raw: string | undefined): LogThreshold | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (value === "") return undefined;
  if (value === "off") return "off";
  if (value === "json") return "trace";
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  return "trace";
}

/**
 * The provider's threshold: TF_LOG_PROVIDER, else TF_LOG, else `fallback`. Terraform prints
 * provider logs only when one of those variables is set, so under Terraform the natural fallback
 * is "off"; a provider started by hand (debug mode) falls back to "info" so its user sees it.
 */
export function thresholdFromEnv(env: NodeJS.ProcessEnv, fallback: LogThreshold): LogThreshold {
  return parseLogLevel(env.TF_LOG_PROVIDER) ?? parseLogLevel(env.TF_LOG) ?? fallback;
}
