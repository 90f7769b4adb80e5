// One base for every error the plugin runtime throws, each with a stable `code`. `instanceof`
// works by brand, not by class identity: when an application ends up with two copies of this
// library (two versions side by side in node_modules, or a bundled and an installed copy), an
// error thrown by one copy is still recognised by the other. The brand is a registered symbol
// (Symbol.for), the same in every copy; each subclass compares the code it declares.

const BRAND = Symbol.for("terraform-provider-voximplant.plugin.error");

export type PluginErrorCode =
  /** a resource, data source or provider method failed with a user-facing message */
  | "ERR_PROVIDER"
  /** a provider definition (schema, type names, upgraders) breaks a rule; found at start-up */
  | "ERR_INVALID_DEFINITION"
  /** a value does not fit its type while encoding or decoding (msgpack, JSON) */
  | "ERR_CTY_CODEC"
  /** a type JSON document is not a valid type */
  | "ERR_TYPE_JSON"
  /** Terraform asked the provider to stop (the abort reason of the framework's signal) */
  | "ERR_STOP_REQUESTED";

interface Branded {
  readonly [BRAND]: true;
  readonly code: string;
}

function isBranded(value: unknown): value is Branded {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

export class PluginError extends Error {
  /** Set by subclasses: the code their instances carry (the base matches every plugin error). */
  static readonly CODE: PluginErrorCode | undefined = undefined;

  declare readonly [BRAND]: true;

  constructor(
    readonly code: PluginErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isBranded(value)) return false;
    const code = (this as { CODE?: PluginErrorCode }).CODE;
    return code === undefined || value.code === code;
  }
}

Object.defineProperty(PluginError.prototype, BRAND, { value: true, enumerable: false });

/** True for an error of any copy of this library's plugin runtime. */
export function isPluginError(value: unknown): value is PluginError {
  return isBranded(value) && value instanceof Error;
}
