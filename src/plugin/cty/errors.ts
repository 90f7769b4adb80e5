// One error type for every codec (msgpack, JSON, conformance) so callers can turn it into a
// diagnostic. The path is collected while the exception unwinds (each container level prepends
// its step), which costs nothing on the success path.

import { PluginError } from "../errors";
import { DynamicValue, TfNumber, Unknown, type Value } from "./value";

export type CodecPathStep = { attr: string } | { index: number } | { key: string };

export class CtyCodecError extends PluginError {
  static override readonly CODE = "ERR_CTY_CODEC";
  readonly steps: CodecPathStep[] = [];

  constructor(
    /** what the codec was doing, e.g. "msgpack decode" */
    readonly operation: string,
    /** the problem, without the path */
    readonly reason: string,
  ) {
    super("ERR_CTY_CODEC", `${operation}: ${reason}`);
  }

  /** The path in Terraform-like notation: `.disk[0].size`, `.labels["a"]`; "" for the root. */
  get pathText(): string {
    return formatPath(this.steps);
  }

  /** Adds an outer step and returns the same error (for rethrow). */
  prepend(step: CodecPathStep): this {
    this.steps.unshift(step);
    this.message = `${this.operation} at ${formatPath(this.steps)}: ${this.reason}`;
    return this;
  }
}

function formatPath(steps: readonly CodecPathStep[]): string {
  let s = "";
  for (const st of steps) {
    if ("attr" in st) s += `.${st.attr}`;
    else if ("index" in st) s += `[${st.index}]`;
    else s += `[${JSON.stringify(st.key)}]`;
  }
  return s === "" ? "(root)" : s;
}

/** Rethrow helper: adds a step to codec errors, passes anything else through untouched. */
export function withStep(e: unknown, step: CodecPathStep): unknown {
  if (e instanceof CtyCodecError) return e.prepend(step);
  return e;
}

/** Short description of a JS value for "expected X, got Y" messages; never prints contents. */
export function describeValue(v: Value | undefined): string {
  if (v === undefined) return "nothing (attribute missing)";
  if (v === null) return "null";
  if (v instanceof Unknown) return "an unknown value";
  if (v instanceof TfNumber) return "a number";
  if (v instanceof DynamicValue) return "a DynamicValue";
  if (Array.isArray(v)) return "an array";
  switch (typeof v) {
    case "string":
      return "a string";
    case "boolean":
      return "a bool";
    case "object":
      return "an object";
    default:
      return `a JavaScript ${typeof v}`;
  }
}
