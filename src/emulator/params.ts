// Typed reading of API parameters. Each method declares a spec (name → wire type); parse() checks
// every declared parameter in spec order and fails on the first malformed one with code 101 and
// its field_name. Undeclared parameters are ignored, like the real service does.

import { ApiErrorReply, Code } from "./errors";

export type ParamType = "int" | "bool" | "string" | "intlist" | "intlistOrAll" | "stringlist";

type TypeOf<T extends ParamType> = T extends "int"
  ? number
  : T extends "bool"
    ? boolean
    : T extends "string"
      ? string
      : T extends "intlist"
        ? number[]
        : T extends "intlistOrAll"
          ? number[] | "all"
          : string[];

export type ParamSpec = Readonly<Record<string, ParamType>>;
export type Parsed<S extends ParamSpec> = { -readonly [K in keyof S]?: TypeOf<S[K]> };

const INT = /^[+-]?\d{1,16}$/;

function parseInteger(name: string, raw: string): number {
  const t = raw.trim();
  const n = INT.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) throw new ApiErrorReply(Code.INVALID_ARGUMENTS, `${name} must be an integer`, name);
  return n;
}

function parseBoolean(name: string, raw: string): boolean {
  // Every spelling the official SDKs send: true/false (Node, Go, PHP), True/False (Python), 1/0 (.NET).
  switch (raw.trim().toLowerCase()) {
    case "true":
    case "1":
      return true;
    case "false":
    case "0":
      return false;
    default:
      throw new ApiErrorReply(Code.INVALID_ARGUMENTS, `${name} must be a boolean (true/false/1/0)`, name);
  }
}

function splitList(raw: string): string[] {
  return raw
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function parseOne(name: string, type: ParamType, raw: string): unknown {
  switch (type) {
    case "int":
      return parseInteger(name, raw);
    case "bool":
      return parseBoolean(name, raw);
    case "string":
      return raw;
    case "stringlist":
      return splitList(raw);
    case "intlist":
      return splitList(raw).map((s) => parseInteger(name, s));
    case "intlistOrAll":
      return raw.trim().toLowerCase() === "all" ? "all" : splitList(raw).map((s) => parseInteger(name, s));
  }
}

export function parse<S extends ParamSpec>(raw: ReadonlyMap<string, string>, spec: S): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(spec)) {
    const v = raw.get(name);
    if (v === undefined) continue;
    const parsed = parseOne(name, type, v);
    // A list that was only separators (";;") says nothing; treat it like an empty string.
    if (Array.isArray(parsed) && parsed.length === 0) continue;
    out[name] = parsed;
  }
  return out as Parsed<S>;
}

/** An object may be named by id or by name, never both (458). */
export function exclusive(p: Record<string, unknown>, a: string, b: string): void {
  if (p[a] !== undefined && p[b] !== undefined) {
    throw new ApiErrorReply(Code.ONLY_ONE_OF, `only one of ${a} and ${b} may be given`, a);
  }
}

/** Missing required parameter (485); `alternatives` are other names that also satisfy it. */
export function required(p: Record<string, unknown>, name: string, ...alternatives: string[]): void {
  if (p[name] !== undefined) return;
  if (alternatives.some((a) => p[a] !== undefined)) return;
  const which = alternatives.length === 0 ? name : [name, ...alternatives].join(" or ");
  throw new ApiErrorReply(Code.REQUIRED_MISSING, `required parameter ${which} is missing`, name);
}

export function checkRange(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && v < min) throw new ApiErrorReply(Code.OUT_OF_RANGE, `${name} must be at least ${min}`, name);
}

export function checkLength(name: string, v: string | undefined, max: number): void {
  if (v !== undefined && v.length > max) {
    throw new ApiErrorReply(Code.TOO_LONG, `${name} must be at most ${max} characters`, name);
  }
}
