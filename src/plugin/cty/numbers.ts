// Exact conversions between binary doubles, integers and TfNumber's canonical decimal text.
//
// go-cty writes a number as msgpack int if it is an integer that fits int64, as float64 if the
// double holds it *exactly*, and as a decimal string otherwise; a float64 therefore always stands
// for the exact binary value (1.5, 0.25, 2^70 ...), never for a rounded decimal. Decoding a double
// into its exact decimal expansion, and encoding a decimal as float64 only when the expansion
// matches, makes encode(decode(bytes)) reproduce Terraform's bytes and never changes a value.

import { TfNumber } from "./value";

const scratch = new DataView(new ArrayBuffer(8));
const TWO_32 = 4294967296;

const SMALL_MIN = -128;
const SMALL_MAX = 1023;
const smallInts: (TfNumber | undefined)[] = new Array(SMALL_MAX - SMALL_MIN + 1);

/** TfNumber for a safe integer; small ones are shared (TfNumber is immutable). */
export function numberFromSafeInteger(v: number): TfNumber {
  if (v >= SMALL_MIN && v <= SMALL_MAX) {
    const i = v - SMALL_MIN;
    let n = smallInts[i];
    if (n === undefined) {
      n = TfNumber.fromCanonicalText(String(v === 0 ? 0 : v));
      smallInts[i] = n;
    }
    return n;
  }
  return TfNumber.fromCanonicalText(String(v));
}

export function numberFromBigInt(v: bigint): TfNumber {
  if (v >= -9007199254740991n && v <= 9007199254740991n) return numberFromSafeInteger(Number(v));
  return TfNumber.fromCanonicalText(v.toString());
}

/** The exact value of a finite double or ±Infinity as a TfNumber. Throws on NaN. */
export function numberFromDouble(d: number): TfNumber {
  if (Number.isNaN(d)) throw new RangeError("NaN is not a Terraform number");
  if (d === Infinity) return TfNumber.POSITIVE_INFINITY;
  if (d === -Infinity) return TfNumber.NEGATIVE_INFINITY;
  if (Number.isInteger(d)) {
    if (Number.isSafeInteger(d)) return numberFromSafeInteger(d);
    return TfNumber.fromCanonicalText(BigInt(d).toString());
  }
  return TfNumber.fromCanonicalText(exactDecimalOfFraction(d));
}

/**
 * Decomposes a finite, non-zero double into an odd mantissa and a power of two:
 * |d| = mantissa * 2^exponent2.
 */
function decompose(d: number): { mantissa: number; exponent2: number } {
  scratch.setFloat64(0, d);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (hi & 0xfffff) * TWO_32 + lo;
  if (biased !== 0) mantissa += 2 ** 52;
  let exponent2 = (biased === 0 ? 1 : biased) - 1075;
  while (mantissa % 2 === 0) {
    mantissa /= 2;
    exponent2++;
  }
  return { mantissa, exponent2 };
}

/** Exact decimal text of a finite non-integer double (it always terminates). */
function exactDecimalOfFraction(d: number): string {
  const { mantissa, exponent2 } = decompose(d);
  const k = -exponent2; // > 0 because d is not an integer
  // mantissa * 2^-k = mantissa * 5^k / 10^k
  const digits = (BigInt(mantissa) * 5n ** BigInt(k)).toString();
  let text: string;
  if (digits.length <= k) text = "0." + "0".repeat(k - digits.length) + digits;
  else text = digits.slice(0, digits.length - k) + "." + digits.slice(digits.length - k);
  return d < 0 ? "-" + text : text;
}

/**
 * How a TfNumber goes on the msgpack wire, mirroring go-cty's marshaller:
 *   - { int: number } integer in the safe range (written as the most compact int)
 *   - { big: bigint } integer within int64 but outside the safe range
 *   - { double: number } exactly representable as a double (includes ±Infinity)
 *   - { text: string } everything else, as decimal text
 * Returned through a reusable record to keep the hot path allocation-free; read it immediately.
 */
export interface WireNumber {
  form: "int" | "big" | "double" | "text";
  int: number;
  big: bigint;
  double: number;
}

const wire: WireNumber = { form: "int", int: 0, big: 0n, double: 0 };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function wireFormOf(n: TfNumber): WireNumber {
  const text = n.text;
  const dot = text.indexOf(".");
  if (dot < 0) {
    if (text.charCodeAt(text.length - 1) === 121 /* y: ±Infinity */) {
      wire.form = "double";
      wire.double = text.charCodeAt(0) === 45 /* - */ ? -Infinity : Infinity;
      return wire;
    }
    if (text.length <= 15) {
      // at most 15 digits: below 2^53, so the double is exact
      wire.form = "int";
      wire.int = Number(text);
      return wire;
    }
    const b = BigInt(text);
    if (b >= INT64_MIN && b <= INT64_MAX) {
      if (b >= -9007199254740991n && b <= 9007199254740991n) {
        wire.form = "int";
        wire.int = Number(b);
      } else {
        wire.form = "big";
        wire.big = b;
      }
      return wire;
    }
    const d = Number(b);
    if (Number.isFinite(d) && BigInt(d) === b) {
      wire.form = "double";
      wire.double = d;
      return wire;
    }
    wire.form = "text";
    return wire;
  }
  const d = Number(text);
  if (Number.isFinite(d) && !Number.isInteger(d)) {
    // A double's exact expansion has as many fractional digits as its odd mantissa has
    // fractional bits; comparing the counts first rejects "0.1" and friends without BigInt work.
    const { exponent2 } = decompose(d);
    if (-exponent2 === text.length - dot - 1 && exactDecimalOfFraction(d) === text) {
      wire.form = "double";
      wire.double = d;
      return wire;
    }
  }
  wire.form = "text";
  return wire;
}
