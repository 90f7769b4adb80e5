// Values as the plugin runtime hands them to resources. Tri-state at every level: a value is
// known, null (JS null) or unknown (an Unknown instance). The shape of a known value follows its
// CtyType; values carry no type themselves (the schema says what they are), except in dynamic
// slots where DynamicValue pairs a value with its concrete type.
//
//   string   -> string            number -> TfNumber (lossless)   bool -> boolean
//   list/set/tuple -> Value[]     map/object -> ValueObject (plain object, every attribute present)
//   dynamic  -> DynamicValue | null | Unknown

import type { CtyType } from "./types";

/** Refinements Terraform may attach to an unknown (msgpack extension 12). Always safe to ignore. */
export interface Refinements {
  notNull?: boolean;
  stringPrefix?: string;
  numberLower?: { value: TfNumber; inclusive: boolean };
  numberUpper?: { value: TfNumber; inclusive: boolean };
  lengthLower?: number;
  lengthUpper?: number;
}

export class Unknown {
  constructor(readonly refinements?: Readonly<Refinements>) {}
}

/** A plain unknown; share it rather than allocating. */
export const UNKNOWN: Unknown = new Unknown();

/**
 * Terraform numbers are arbitrary-precision decimals. TfNumber keeps the canonical decimal text
 * (no exponent, no trailing fractional zeros, "-0" folded to "0") so that a value received from
 * Terraform is sent back byte-identical and big integers / fractions such as 0.1 never pass
 * through a double.
 */
export class TfNumber {
  private constructor(readonly text: string) {}

  static readonly POSITIVE_INFINITY = new TfNumber("Infinity");
  static readonly NEGATIVE_INFINITY = new TfNumber("-Infinity");

  /** From a JS number (must be finite or ±Infinity), bigint, or decimal text. */
  static of(v: number | bigint | string): TfNumber {
    if (typeof v === "bigint") return new TfNumber(v.toString());
    if (typeof v === "number") {
      // a safe integer's shortest text is already canonical (String(-0) is "0")
      if (Number.isSafeInteger(v)) return new TfNumber(String(v));
      if (Number.isNaN(v)) throw new RangeError("NaN is not a Terraform number");
      if (v === Infinity) return TfNumber.POSITIVE_INFINITY;
      if (v === -Infinity) return TfNumber.NEGATIVE_INFINITY;
      return TfNumber.parse(numberToPlainDecimal(v));
    }
    return TfNumber.parse(v);
  }

  /** Parses decimal text (optionally with an exponent) into canonical form; throws on garbage. */
  static parse(text: string): TfNumber {
    // Ids and counters in state and API answers are plain integers: take them as they are.
    if (isCanonicalInteger(text)) return new TfNumber(text);
    const t = text.trim();
    if (t === "Infinity" || t === "+Infinity") return TfNumber.POSITIVE_INFINITY;
    if (t === "-Infinity") return TfNumber.NEGATIVE_INFINITY;
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
    if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) {
      throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    }
    const neg = m[1] === "-";
    let digits = (m[2] ?? "") + (m[3] ?? "");
    const exponent = Number(m[4] ?? "0");
    // Expanding the exponent into plain digits is what keeps the text canonical; bound it so a
    // hostile "1e999999999" cannot allocate a gigabyte of zeros.
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) {
      if (/^0*$/.test(digits)) return new TfNumber("0");
      throw new RangeError(
        `decimal exponent out of range: ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text)}`,
      );
    }
    let point = (m[2] ?? "").length + exponent;
    // strip leading zeros
    let lead = 0;
    while (lead < digits.length - 1 && digits[lead] === "0") lead++;
    digits = digits.slice(lead);
    point -= lead;
    // strip trailing zeros (only those after the point matter for canonical form)
    let end = digits.length;
    while (end > 0 && digits[end - 1] === "0" && end > point) end--;
    digits = digits.slice(0, end);
    if (digits === "" || /^0+$/.test(digits)) return new TfNumber("0");
    let out: string;
    if (point <= 0) out = "0." + "0".repeat(-point) + digits;
    else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
    else out = digits.slice(0, point) + "." + digits.slice(point);
    return new TfNumber(neg ? "-" + out : out);
  }

  /**
   * Wraps text the caller guarantees is already canonical (the codecs produce it from integers
   * and exact binary expansions). Skips re-parsing on the hot decode path; do not feed it input.
   */
  static fromCanonicalText(text: string): TfNumber {
    return new TfNumber(text);
  }

  isInteger(): boolean {
    return !this.text.includes(".") && !this.text.includes("Infinity");
  }

  isInfinite(): boolean {
    return this.text.endsWith("Infinity");
  }

  /** As a JS number; may round (use only where a double is known to suffice). */
  toNumber(): number {
    return Number(this.text);
  }

  /** As a bigint; throws if not an integer. */
  toBigInt(): bigint {
    if (!this.isInteger()) throw new RangeError(`${this.text} is not an integer`);
    return BigInt(this.text);
  }

  equals(other: TfNumber): boolean {
    return this.text === other.text;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

/** "0", or an optional "-" and digits without a leading zero: text TfNumber keeps unchanged. */
function isCanonicalInteger(text: string): boolean {
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= n) return false;
  // "0" alone; "-0" and "007" take the full parse, which folds them
  if (text.charCodeAt(i) === 48) return n === 1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Largest decimal exponent TfNumber.parse expands (far beyond Terraform's 512-bit floats). */
const MAX_EXPONENT = 100_000;

function numberToPlainDecimal(v: number): string {
  // shortest round-trip text; exponent forms are handled by TfNumber.parse
  return String(v);
}

/** A value in a dynamic slot: the concrete type travels with it. */
export class DynamicValue {
  constructor(
    readonly type: CtyType,
    readonly value: Value,
  ) {}
}

export interface ValueObject {
  [attribute: string]: Value;
}

export type Value = null | Unknown | string | boolean | TfNumber | Value[] | ValueObject | DynamicValue;

export function isUnknown(v: Value | undefined): v is Unknown {
  return v instanceof Unknown;
}

export function isKnownObject(v: Value | undefined): v is ValueObject {
  return (
    v !== null &&
    v !== undefined &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    !(v instanceof Unknown) &&
    !(v instanceof TfNumber) &&
    !(v instanceof DynamicValue)
  );
}
