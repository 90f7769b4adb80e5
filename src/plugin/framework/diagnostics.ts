// Diagnostics collected while handling one RPC: the framework's one error channel. Resources add
// to them so that an operation can report an error AND still hand back a (partial) result; a
// thrown ProviderError is shorthand for one error diagnostic.

import { PluginError } from "../errors";
import { toPath, type AttributePath, type PathLike } from "./path";

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  /** the attribute the problem is about; Terraform points at its configuration expression */
  readonly path?: AttributePath;
}

export class Diagnostics {
  private readonly list: Diagnostic[] = [];

  get items(): readonly Diagnostic[] {
    return this.list;
  }

  addError(summary: string, detail?: string, path?: PathLike): void {
    this.add({ severity: "error", summary, detail, path: path === undefined ? undefined : toPath(path) });
  }

  addWarning(summary: string, detail?: string, path?: PathLike): void {
    this.add({ severity: "warning", summary, detail, path: path === undefined ? undefined : toPath(path) });
  }

  add(d: Diagnostic): void {
    this.list.push(d);
  }

  append(other: Diagnostics | readonly Diagnostic[]): void {
    const items = other instanceof Diagnostics ? other.items : other;
    for (const d of items) this.list.push(d);
  }

  hasErrors(): boolean {
    return this.list.some((d) => d.severity === "error");
  }
}

/**
 * Thrown by provider code to end an operation with one user-facing error: the framework turns it
 * into an error diagnostic (summary, detail, attribute path). It is shorthand for adding that
 * diagnostic and returning; to report an error AND hand back state (a create that failed after
 * the remote object came into existence must still return its ID), add the error to
 * ctx.diagnostics and return the state instead of throwing.
 */
export class ProviderError extends PluginError {
  static override readonly CODE = "ERR_PROVIDER";

  readonly detail?: string;
  readonly path?: AttributePath;

  constructor(summary: string, options: { detail?: string; path?: PathLike; cause?: unknown } = {}) {
    super("ERR_PROVIDER", summary, { cause: options.cause });
    this.detail = options.detail;
    this.path = options.path === undefined ? undefined : toPath(options.path);
  }
}

/** A provider definition that breaks a rule (schema, type names, upgraders), listing every problem. */
export class InvalidDefinitionError extends PluginError {
  static override readonly CODE = "ERR_INVALID_DEFINITION";

  constructor(readonly problems: readonly string[]) {
    super("ERR_INVALID_DEFINITION", `Invalid provider definition:\n  ${problems.join("\n  ")}`);
  }
}
