// Built-in attribute validators. All of them are unknown-aware: configuration may contain values
// that are only known after apply (and during `terraform validate` even variables are unknown),
// so a check that cannot be decided yet is skipped rather than guessed.

import { TfNumber, Unknown, isKnownObject, type Value } from "../cty/value";
import type { Validator, ValidatorRequest } from "./api";
import { toPath, type AttributePath, type PathLike } from "./path";

function isSet(v: Value): boolean {
  return v !== null && !(v instanceof Unknown);
}

/** A check's verdict: the problem, and the offending value for users to see (omitted when secret). */
type Verdict = { problem: string; got?: string } | null;

function valueValidator(description: string, check: (v: Value, req: ValidatorRequest) => Verdict): Validator {
  return {
    description,
    validate(req) {
      if (req.value === null || req.value instanceof Unknown) return;
      const verdict = check(req.value, req);
      if (verdict === null) return;
      const got = verdict.got !== undefined && !req.sensitive ? `, got: ${verdict.got}` : "";
      req.diagnostics.addError(
        "Invalid Attribute Value",
        `Attribute ${req.path.toString()} ${verdict.problem}${got}`,
        req.path,
      );
    },
  };
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---- strings ---------------------------------------------------------------------------------

export function stringLengthBetween(min: number, max: number): Validator {
  return valueValidator(`string length must be between ${min} and ${max}`, (v) => {
    if (typeof v !== "string") return null;
    const n = codePointLength(v);
    return n < min || n > max ? { problem: `string length must be between ${min} and ${max}`, got: String(n) } : null;
  });
}

export function stringLengthAtLeast(min: number): Validator {
  return valueValidator(`string length must be at least ${min}`, (v) => {
    if (typeof v !== "string") return null;
    const n = codePointLength(v);
    return n < min ? { problem: `string length must be at least ${min}`, got: String(n) } : null;
  });
}

export function stringLengthAtMost(max: number): Validator {
  return valueValidator(`string length must be at most ${max}`, (v) => {
    if (typeof v !== "string") return null;
    const n = codePointLength(v);
    return n > max ? { problem: `string length must be at most ${max}`, got: String(n) } : null;
  });
}

/**
 * The whole string must match (the regex is anchored by the validator when it is not already).
 * `message` describes the expected form to the user, e.g. "must be a host name".
 */
export function stringMatches(regex: RegExp, message?: string): Validator {
  const anchored = new RegExp(
    `${regex.source.startsWith("^") ? "" : "^(?:"}${regex.source}${regex.source.endsWith("$") ? "" : ")$"}`,
    regex.flags.replace("g", "").replace("y", ""),
  );
  const what = message ?? `must match the regular expression ${regex.source}`;
  return valueValidator(`string ${what}`, (v) => {
    if (typeof v !== "string") return null;
    return anchored.test(v) ? null : { problem: what };
  });
}

export function stringOneOf(...allowed: string[]): Validator {
  const list = allowed.map((a) => JSON.stringify(a)).join(", ");
  return valueValidator(`value must be one of: ${list}`, (v) => {
    if (typeof v !== "string") return null;
    return allowed.includes(v) ? null : { problem: `value must be one of: [${list}]`, got: JSON.stringify(v) };
  });
}

// ---- numbers ---------------------------------------------------------------------------------

/** Exact comparison of two decimal numbers (no rounding through doubles). */
export function compareNumbers(a: TfNumber, b: TfNumber): number {
  if (a.equals(b)) return 0;
  if (a.isInfinite() || b.isInfinite()) {
    const rank = (n: TfNumber): number => (n.text === "Infinity" ? 1 : n.text === "-Infinity" ? -1 : 0);
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra < rb ? -1 : 1;
    return 0;
  }
  const negA = a.text.startsWith("-");
  const negB = b.text.startsWith("-");
  if (negA !== negB) return negA ? -1 : 1;
  const mag = compareMagnitude(negA ? a.text.slice(1) : a.text, negB ? b.text.slice(1) : b.text);
  return negA ? -mag : mag;
}

function compareMagnitude(x: string, y: string): number {
  const [xi = "", xf = ""] = x.split(".");
  const [yi = "", yf = ""] = y.split(".");
  const xInt = xi.replace(/^0+(?=\d)/, "");
  const yInt = yi.replace(/^0+(?=\d)/, "");
  if (xInt.length !== yInt.length) return xInt.length < yInt.length ? -1 : 1;
  if (xInt !== yInt) return xInt < yInt ? -1 : 1;
  const len = Math.max(xf.length, yf.length);
  const xFrac = xf.padEnd(len, "0");
  const yFrac = yf.padEnd(len, "0");
  if (xFrac === yFrac) return 0;
  return xFrac < yFrac ? -1 : 1;
}

function num(n: number | string | TfNumber): TfNumber {
  return n instanceof TfNumber ? n : TfNumber.of(n);
}

export function numberBetween(min: number | string | TfNumber, max: number | string | TfNumber): Validator {
  const lo = num(min);
  const hi = num(max);
  return valueValidator(`value must be between ${lo.text} and ${hi.text}`, (v) => {
    if (!(v instanceof TfNumber)) return null;
    return compareNumbers(v, lo) < 0 || compareNumbers(v, hi) > 0
      ? { problem: `value must be between ${lo.text} and ${hi.text}`, got: v.text }
      : null;
  });
}

export function numberAtLeast(min: number | string | TfNumber): Validator {
  const lo = num(min);
  return valueValidator(`value must be at least ${lo.text}`, (v) => {
    if (!(v instanceof TfNumber)) return null;
    return compareNumbers(v, lo) < 0 ? { problem: `value must be at least ${lo.text}`, got: v.text } : null;
  });
}

export function numberAtMost(max: number | string | TfNumber): Validator {
  const hi = num(max);
  return valueValidator(`value must be at most ${hi.text}`, (v) => {
    if (!(v instanceof TfNumber)) return null;
    return compareNumbers(v, hi) > 0 ? { problem: `value must be at most ${hi.text}`, got: v.text } : null;
  });
}

/** A whole number within [min, max]. */
export function intBetween(min: number, max: number): Validator {
  const range = numberBetween(min, max);
  return valueValidator(`value must be a whole number between ${min} and ${max}`, (v, req) => {
    if (!(v instanceof TfNumber)) return null;
    if (!v.isInteger()) return { problem: "value must be a whole number", got: v.text };
    range.validate(req);
    return null;
  });
}

// ---- collections -----------------------------------------------------------------------------

/** Element count of a list, set or map; unknown collections are skipped. */
export function sizeBetween(min: number, max: number): Validator {
  return valueValidator(`must contain between ${min} and ${max} elements`, (v) => {
    let n: number;
    if (Array.isArray(v)) n = v.length;
    else if (isKnownObject(v)) n = Object.keys(v).length;
    else return null;
    return n < min || n > max ? { problem: `must contain between ${min} and ${max} elements`, got: String(n) } : null;
  });
}

// ---- cross-attribute (paths are absolute, from the top of the resource) ---------------------

function pathList(paths: readonly PathLike[]): AttributePath[] {
  return paths.map(toPath);
}

function names(paths: readonly AttributePath[]): string {
  return paths.map((p) => p.toString()).join(", ");
}

function combinationError(req: ValidatorRequest, detail: string): void {
  req.diagnostics.addError("Invalid Attribute Combination", detail, req.path);
}

/** This attribute may not be set together with any of `paths`. */
export function conflictsWith(...paths: PathLike[]): Validator {
  const others = pathList(paths);
  return {
    description: `conflicts with ${names(others)}`,
    validate(req) {
      if (!isSet(req.value)) return;
      for (const p of others) {
        if (p.equals(req.path)) continue;
        if (isSet(req.config.get(p))) {
          combinationError(
            req,
            `Attribute ${p.toString()} cannot be specified when ${req.path.toString()} is specified`,
          );
        }
      }
    },
  };
}

/** When this attribute is set, every one of `paths` must be set too. */
export function alsoRequires(...paths: PathLike[]): Validator {
  const others = pathList(paths);
  return {
    description: `also requires ${names(others)}`,
    validate(req) {
      if (!isSet(req.value)) return;
      for (const p of others) {
        if (req.config.get(p) === null) {
          combinationError(req, `Attribute ${p.toString()} must be specified when ${req.path.toString()} is specified`);
        }
      }
    },
  };
}

/** Alias of alsoRequires, matching the SDK's `RequiredWith` wording. */
export const requiredWith = alsoRequires;

/** At least one of this attribute and `paths` must be set. */
export function atLeastOneOf(...paths: PathLike[]): Validator {
  const others = pathList(paths);
  return {
    description: `at least one of ${names(others)} must be set`,
    validate(req) {
      const all = [req.path, ...others.filter((p) => !p.equals(req.path))];
      // an unknown value may still turn out non-null: undecidable, so no error
      if (all.some((p) => req.config.get(p) !== null)) return;
      combinationError(req, `At least one attribute out of [${names(all)}] must be specified`);
    },
  };
}

/** Exactly one of this attribute and `paths` must be set. */
export function exactlyOneOf(...paths: PathLike[]): Validator {
  const others = pathList(paths);
  return {
    description: `exactly one of ${names(others)} must be set`,
    validate(req) {
      const all = [req.path, ...others.filter((p) => !p.equals(req.path))];
      const values = all.map((p) => req.config.get(p));
      const known = values.filter(isSet).length;
      const unknown = values.filter((v) => v instanceof Unknown).length;
      if (known > 1) {
        // report once, from the first configured attribute, to avoid one error per attribute
        const first = all[values.findIndex(isSet)]!;
        if (first.equals(req.path)) {
          combinationError(req, `${known} attributes specified when one (and only one) of [${names(all)}] is required`);
        }
        return;
      }
      if (known === 0 && unknown === 0 && all[0]!.equals(req.path)) {
        combinationError(req, `No attribute specified when one (and only one) of [${names(all)}] is required`);
      }
    },
  };
}
