// What every RPC handler shares within one provider process: the configured meta, the stop
// signal, the logger, running provider-author code with its errors turned into diagnostics, and
// the checks every final state answer goes through.

import type { CtyType } from "../../cty/types";
import type { Value, ValueObject } from "../../cty/value";
import { conformsTo } from "../../cty/equality";
import { PluginError } from "../../errors";
import { processLogger } from "../../log";
import type { BlockDef, FrameworkLogger } from "../api";
import { nullWriteOnly } from "../config-validate";
import { Diagnostics, ProviderError } from "../diagnostics";
import { redactForLog } from "../redact";
import { nullUnknowns, unknownPaths } from "../state-results";

export interface ProviderServerOptions {
  /** default: the process logger's "framework" child (hclog JSON on stderr, TF_LOG levels) */
  logger?: FrameworkLogger;
}

export const NOOP_LOGGER: FrameworkLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** The fields every context handed to provider-author code has (CallContext in api.ts). */
export interface BaseContext {
  readonly typeName: string;
  readonly diagnostics: Diagnostics;
  readonly signal: AbortSignal;
  readonly logger: FrameworkLogger;
}

type Meta<M> = { readonly configured: true; readonly value: M } | { readonly configured: false };

export type RunOutcome<T> = { ok: true; value: T } | { ok: false };

/** The abort reason of StopProvider: what an aborted fetch / signal-aware call rejects with. */
export class StopRequested extends PluginError {
  static override readonly CODE = "ERR_STOP_REQUESTED";

  constructor() {
    super("ERR_STOP_REQUESTED", "Terraform asked the provider to stop");
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export function isTraceEnabled(logger: FrameworkLogger): boolean {
  const withEnabled = logger as FrameworkLogger & { enabled?: (level: "trace") => boolean };
  return typeof withEnabled.enabled === "function" ? withEnabled.enabled("trace") : true;
}

export class FrameworkRuntime<M> {
  private meta: Meta<M> = { configured: false };
  private stopController = new AbortController();
  private resolvedLogger: FrameworkLogger | undefined;

  constructor(
    private readonly providerTypeName: string,
    private readonly options: ProviderServerOptions,
  ) {}

  get logger(): FrameworkLogger {
    if (this.resolvedLogger === undefined) {
      try {
        this.resolvedLogger =
          this.options.logger ?? processLogger({ module: this.providerTypeName }).child("framework");
      } catch {
        this.resolvedLogger = NOOP_LOGGER;
      }
    }
    return this.resolvedLogger;
  }

  setConfigured(value: M): void {
    this.meta = { configured: true, value };
  }

  /** What `configure` returned, or an error diagnostic when the provider is not configured. */
  requireMeta(d: Diagnostics): M | undefined {
    if (this.meta.configured) return this.meta.value;
    d.addError(
      "Provider not configured",
      "The provider was asked to manage resources before it was configured successfully; " +
        "see the earlier configuration errors.",
    );
    return undefined;
  }

  /** Aborts the signal handed to in-flight calls; later calls get a fresh one. */
  stop(): void {
    const stopping = this.stopController;
    // later calls (Terraform may continue with other work) get a fresh, un-aborted signal
    this.stopController = new AbortController();
    stopping.abort(new StopRequested());
  }

  /** The fields every context handed to provider-author code has. */
  base(typeName: string, d: Diagnostics): BaseContext {
    return { typeName, diagnostics: d, signal: this.stopController.signal, logger: this.logger };
  }

  /** Runs provider-author code; errors it throws become diagnostics. */
  async run<T>(what: string, d: Diagnostics, fn: () => Promise<T> | T): Promise<RunOutcome<T>> {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      if (e instanceof ProviderError) {
        d.addError(e.message, e.detail, e.path);
        return { ok: false };
      }
      if (e instanceof StopRequested || (e instanceof Error && e.name === "AbortError")) {
        d.addError(
          `${what} was cancelled`,
          "Terraform asked the provider to stop (interrupt) before the operation finished.",
        );
        return { ok: false };
      }
      this.logger.error(`${what} failed with an unexpected error`, { error: errorText(e) });
      d.addError(`Unexpected error in ${what}`, errorText(e));
      return { ok: false };
    }
  }

  /** Converts resource output, turning a shape error into a diagnostic. */
  fromResource<T>(f: () => T, d: Diagnostics): T | undefined {
    try {
      return f();
    } catch (e) {
      if (e instanceof ProviderError) d.addError(e.message, e.detail, e.path);
      else d.addError("Provider returned an invalid value", errorText(e));
      return undefined;
    }
  }

  /** Checks a final state value (read/apply/import/upgrade/data): known, conforming, write-only null. */
  checkFinal(block: BlockDef, type: CtyType, v: ValueObject, what: string, d: Diagnostics): ValueObject {
    let out = nullWriteOnly(block, v) as ValueObject;
    const unknown = unknownPaths(out);
    if (unknown.length > 0) {
      for (const p of unknown) {
        d.addError(
          `Provider returned an unknown value in the ${what}`,
          `The value of ${p.toString()} must be known; this is a bug in the provider.`,
          p,
        );
      }
      out = nullUnknowns(out) as ValueObject;
    }
    const problem = conformsTo(out, type);
    if (problem !== null)
      d.addError(`Provider returned an invalid ${what}`, `${problem}; this is a bug in the provider.`);
    return out;
  }

  logRequest(
    rpc: string,
    typeName: string,
    block: BlockDef | undefined,
    values: Record<string, Value | undefined>,
  ): void {
    const fields: Record<string, unknown> = { tf_rpc: rpc };
    if (typeName !== "") fields.tf_resource_type = typeName;
    this.logger.debug(`Received ${rpc}`, fields);
    if (block !== undefined && isTraceEnabled(this.logger)) {
      const shown: Record<string, unknown> = { ...fields };
      for (const [k, v] of Object.entries(values)) if (v !== undefined) shown[k] = redactForLog(block, v);
      this.logger.trace(`${rpc} values`, shown);
    }
  }

  logResponse(rpc: string, typeName: string, d: Diagnostics, extra: Record<string, unknown> = {}): void {
    const fields: Record<string, unknown> = { tf_rpc: rpc, diagnostics: d.items.length, ...extra };
    if (typeName !== "") fields.tf_resource_type = typeName;
    if (d.hasErrors()) fields.errors = d.items.filter((i) => i.severity === "error").map((i) => i.summary);
    this.logger.debug(`Served ${rpc}`, fields);
  }
}
