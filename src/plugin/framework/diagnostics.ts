// Diagnostics collected while handling one RPC. Resources add to them instead of throwing so that
// an operation can report an error AND still hand back a (partial) result.

import type { StateInput } from "./api";
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
 * Thrown by resource code to abort an operation with a user-facing error. `partialState` lets a
 * create that failed after the remote object came into existence still report it (Terraform then
 * stores it as tainted instead of forgetting it).
 */
export class ProviderError extends Error {
  readonly detail?: string;
  readonly path?: AttributePath;
  readonly partialState?: StateInput;

  constructor(
    summary: string,
    options: { detail?: string; path?: PathLike; partialState?: StateInput; cause?: unknown } = {},
  ) {
    super(summary, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProviderError";
    this.detail = options.detail;
    this.path = options.path === undefined ? undefined : toPath(options.path);
    this.partialState = options.partialState;
  }
}
