// Resource-level configuration validators: rules over several attributes that a resource or data
// source declares (`configValidators`) instead of hand-coding them in validateConfig. They run in
// ValidateResourceConfig / ValidateDataResourceConfig after the attribute validators. Values may
// be unknown there: a rule that an unknown value could still satisfy or break reports nothing
// (Terraform validates again once the value is known). Every error carries the attribute path
// Terraform should underline.

import { Unknown, type Value } from "../cty/value";
import type { ValuesReader } from "./api";
import type { Diagnostics } from "./diagnostics";
import { toPath, type AttributePath, type PathLike } from "./path";

export interface ConfigValidatorRequest {
  readonly config: ValuesReader;
  readonly diagnostics: Diagnostics;
}

export interface ConfigValidator {
  readonly description: string;
  validate(req: ConfigValidatorRequest): void;
}

/** Wording of a validator's error; the defaults name the attributes involved. */
export interface ConfigValidatorMessage {
  readonly summary?: string;
  readonly detail?: string;
}

const SUMMARY = "Invalid Attribute Combination";

function isSet(v: Value): boolean {
  return v !== null && !(v instanceof Unknown);
}

function list(paths: readonly AttributePath[]): string {
  return paths.map((p) => p.toString()).join(", ");
}

function report(
  req: ConfigValidatorRequest,
  message: ConfigValidatorMessage | undefined,
  detail: string,
  at: AttributePath,
): void {
  req.diagnostics.addError(message?.summary ?? SUMMARY, message?.detail ?? detail, at);
}

/** At most one of `paths` may be set. The error points at the second one set. */
function conflicting(paths: readonly PathLike[], message?: ConfigValidatorMessage): ConfigValidator {
  const all = paths.map(toPath);
  return {
    description: `at most one of ${list(all)} may be set`,
    validate(req) {
      const set = all.filter((p) => isSet(req.config.get(p)));
      if (set.length < 2) return;
      report(req, message, `Only one of [${list(all)}] may be set; ${list(set)} are all set.`, set[1] as AttributePath);
    },
  };
}

/**
 * When `path` is set, every one of `required` must be set too. The error points at `path` (the
 * attribute whose presence makes the others necessary).
 */
function alsoRequires(
  path: PathLike,
  required: readonly PathLike[],
  message?: ConfigValidatorMessage,
): ConfigValidator {
  const at = toPath(path);
  const others = required.map(toPath);
  return {
    description: `${at.toString()} also requires ${list(others)}`,
    validate(req) {
      if (!isSet(req.config.get(at))) return;
      const missing = others.filter((p) => req.config.get(p) === null);
      if (missing.length === 0) return;
      report(req, message, `${list(missing)} must be set when ${at.toString()} is set.`, at);
    },
  };
}

/** At least one of `paths` must be set. The error points at the first of them. */
function atLeastOneOf(paths: readonly PathLike[], message?: ConfigValidatorMessage): ConfigValidator {
  const all = paths.map(toPath);
  return {
    description: `at least one of ${list(all)} must be set`,
    validate(req) {
      // an unknown value may still turn out non-null: undecidable, so no error
      if (all.some((p) => req.config.get(p) !== null)) return;
      report(req, message, `At least one of [${list(all)}] must be set.`, all[0] as AttributePath);
    },
  };
}

/** Exactly one of `paths` must be set. */
function exactlyOneOf(paths: readonly PathLike[], message?: ConfigValidatorMessage): ConfigValidator {
  const all = paths.map(toPath);
  return {
    description: `exactly one of ${list(all)} must be set`,
    validate(req) {
      const values = all.map((p) => req.config.get(p));
      const set = all.filter((_, i) => isSet(values[i] as Value));
      if (set.length > 1) {
        report(
          req,
          message,
          `Only one of [${list(all)}] may be set; ${list(set)} are all set.`,
          set[1] as AttributePath,
        );
      } else if (set.length === 0 && !values.some((v) => v instanceof Unknown)) {
        report(req, message, `Exactly one of [${list(all)}] must be set.`, all[0] as AttributePath);
      }
    },
  };
}

/**
 * The resource-level validators under one name: their names repeat the attribute-level
 * validators' (alsoRequires, atLeastOneOf, exactlyOneOf) with a different shape.
 */
export const configValidators = Object.freeze({ conflicting, alsoRequires, atLeastOneOf, exactlyOneOf });
