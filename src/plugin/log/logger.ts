// hclog-compatible structured logging for a provider process. Terraform reads the provider's
// stderr line by line and re-logs every line that parses as an hclog JSON object under its
// "provider.<executable>" logger, so each record here is exactly one JSON line with string
// `@level`, `@message`, `@module` and a `@timestamp` with six fractional digits (a three-digit
// JavaScript timestamp makes Terraform fall back to treating the whole line as plain text).
import { inspect } from "node:util";
import { levelRank, type LogLevel, type LogThreshold } from "./levels";
import type { LogSink } from "./sink";

export type LogFields = Readonly<Record<string, unknown>>;

export interface LogOptions {
  /** Field names whose values are replaced by "(sensitive)" (also inside nested objects). */
  sensitiveKeys?: readonly string[];
}

export interface Logger {
  trace(message: string, fields?: LogFields, options?: LogOptions): void;
  debug(message: string, fields?: LogFields, options?: LogOptions): void;
  info(message: string, fields?: LogFields, options?: LogOptions): void;
  warn(message: string, fields?: LogFields, options?: LogOptions): void;
  error(message: string, fields?: LogFields, options?: LogOptions): void;
  /** A logger whose `@module` is this one's module + "." + `module`. */
  child(module: string): Logger;
  /** True when a record of this level would be written (to skip building expensive fields). */
  enabled(level: LogLevel): boolean;
  /** Resolves once every record written so far has reached the OS. */
  flush(): Promise<void>;
}

const REDACTED = "(sensitive)";

/**
 * Marks a value as secret: wherever it ends up (log fields, string interpolation, JSON,
 * util.inspect) it renders as "(sensitive)". Unwrap with `.value` where the secret is needed.
 */
export class Sensitive<T = unknown> {
  constructor(readonly value: T) {}
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

export function sensitive<T>(value: T): Sensitive<T> {
  return new Sensitive(value);
}

/** Go's hclog JSON timestamp layout: RFC 3339 with exactly six fractional digits, UTC. */
export function hclogTimestamp(date: Date): string {
  // toISOString() is "YYYY-MM-DDTHH:MM:SS.mmmZ"; microseconds are not available, so pad.
  return `${date.toISOString().slice(0, -1)}000Z`;
}

// Terraform splits stderr lines longer than 64 KiB into raw fragments; stay well below.
const MAX_LINE_CHARS = 60_000;
const MAX_DEPTH = 6;

export interface LoggerConfig {
  sink: LogSink;
  threshold: LogThreshold;
  module: string;
  /** Keys redacted in every record of this logger and its children. */
  sensitiveKeys?: readonly string[];
  /** Clock, replaceable in tests. */
  now?: () => Date;
}

interface Shared {
  sink: LogSink;
  rank: number;
  sensitiveKeys: ReadonlySet<string>;
  now: () => Date;
}

export function createLogger(config: LoggerConfig): Logger {
  const shared: Shared = {
    sink: config.sink,
    rank: levelRank(config.threshold),
    sensitiveKeys: new Set((config.sensitiveKeys ?? []).map((k) => k.toLowerCase())),
    now: config.now ?? (() => new Date()),
  };
  return new HclogLogger(shared, config.module);
}

class HclogLogger implements Logger {
  constructor(
    private readonly shared: Shared,
    private readonly module: string,
  ) {}

  trace(message: string, fields?: LogFields, options?: LogOptions): void {
    this.log("trace", message, fields, options);
  }
  debug(message: string, fields?: LogFields, options?: LogOptions): void {
    this.log("debug", message, fields, options);
  }
  info(message: string, fields?: LogFields, options?: LogOptions): void {
    this.log("info", message, fields, options);
  }
  warn(message: string, fields?: LogFields, options?: LogOptions): void {
    this.log("warn", message, fields, options);
  }
  error(message: string, fields?: LogFields, options?: LogOptions): void {
    this.log("error", message, fields, options);
  }

  child(module: string): Logger {
    return new HclogLogger(this.shared, this.module ? `${this.module}.${module}` : module);
  }

  enabled(level: LogLevel): boolean {
    return levelRank(level) >= this.shared.rank;
  }

  flush(): Promise<void> {
    return this.shared.sink.flush();
  }

  private log(level: LogLevel, message: string, fields: LogFields | undefined, options: LogOptions | undefined): void {
    if (levelRank(level) < this.shared.rank) return;
    const sensitiveKeys = options?.sensitiveKeys?.length
      ? new Set([...this.shared.sensitiveKeys, ...options.sensitiveKeys.map((k) => k.toLowerCase())])
      : this.shared.sensitiveKeys;
    const record: Record<string, unknown> = {
      "@level": level,
      "@message": typeof message === "string" ? message : String(message),
      "@module": this.module,
      "@timestamp": hclogTimestamp(this.shared.now()),
    };
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        // "@…" keys belong to hclog; a field must not be able to replace the level or message.
        if (key.startsWith("@") || value === undefined) continue;
        record[key] = sensitiveKeys.has(key.toLowerCase()) ? REDACTED : fieldValue(value, sensitiveKeys, 0);
      }
    }
    this.shared.sink.write(`${serialize(record)}\n`);
  }
}

function serialize(record: Record<string, unknown>): string {
  let line: string;
  try {
    line = JSON.stringify(record);
  } catch {
    line = JSON.stringify({ ...pick(record), fields: "(unserializable)" });
  }
  if (line.length <= MAX_LINE_CHARS) return line;
  const message = String(record["@message"]);
  return JSON.stringify({
    ...pick(record),
    "@message": message.length > 1000 ? `${message.slice(0, 1000)}…` : message,
    truncated: `record of ${line.length} characters exceeded the ${MAX_LINE_CHARS}-character line limit`,
  });
}

function pick(record: Record<string, unknown>): Record<string, unknown> {
  return {
    "@level": record["@level"],
    "@message": record["@message"],
    "@module": record["@module"],
    "@timestamp": record["@timestamp"],
  };
}

/** Turns a field value into plain JSON data, redacting secrets on the way. */
function fieldValue(value: unknown, sensitiveKeys: ReadonlySet<string>, depth: number): unknown {
  if (value instanceof Sensitive) return REDACTED;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "undefined" || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value instanceof Error) return value.message;
  if (Buffer.isBuffer(value)) return `(${value.length} bytes)`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (depth >= MAX_DEPTH) return "(nested too deeply)";
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === "function") {
    return fieldValue((withToJson.toJSON as () => unknown).call(value), sensitiveKeys, depth + 1);
  }
  if (Array.isArray(value)) return value.map((v) => fieldValue(v, sensitiveKeys, depth + 1) ?? null);
  if (value instanceof Map) {
    return fieldValue(Object.fromEntries(value), sensitiveKeys, depth);
  }
  if (value instanceof Set) return fieldValue([...value], sensitiveKeys, depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[k] = sensitiveKeys.has(k.toLowerCase()) ? REDACTED : fieldValue(v, sensitiveKeys, depth + 1);
  }
  return out;
}
