// Attribute definitions the four setup-object resources share, and plan-time validators of the
// API's documented constraints that the framework's built-in validators do not express.

import { NumberType, StringType } from "../../plugin/cty/types";
import { TfNumber, Unknown } from "../../plugin/cty/value";
import { requiresReplace, useStateForUnknown, type AttributeDef, type Validator } from "../../plugin";

/** `id`: the import ID, computed once and kept. */
export function idAttribute(importForm: string): AttributeDef {
  return {
    type: StringType,
    computed: true,
    planModifiers: [useStateForUnknown()],
    markdownDescription: `The import ID, \`${importForm}\`.`,
  };
}

/** The object's numeric id, computed once and kept. */
export function objectIdAttribute(noun: string): AttributeDef {
  return {
    type: NumberType,
    computed: true,
    planModifiers: [useStateForUnknown()],
    markdownDescription: `The ${noun} id.`,
  };
}

/** The application an object lives in: it cannot move to another one. */
export function owningApplicationAttribute(noun: string): AttributeDef {
  return {
    type: NumberType,
    required: true,
    planModifiers: [requiresReplace()],
    validators: [positiveId()],
    markdownDescription:
      `Id of the application the ${noun} belongs to, usually \`voximplant_application.<name>.application_id\`. ` +
      `A ${noun} cannot move to another application: changing it creates a new ${noun}.`,
  };
}

function issue(req: Parameters<Validator["validate"]>[0], detail: string): void {
  req.diagnostics.addError("Invalid Attribute Value", detail, req.path);
}

/** A whole number ≥ 1 (ids). */
function positiveId(): Validator {
  return {
    description: "must be a positive whole number (an id)",
    validate(req) {
      const v = req.value;
      if (!(v instanceof TfNumber)) return;
      const n = Number(v.text);
      if (!v.isInteger() || !(n >= 1) || !Number.isSafeInteger(n)) {
        issue(req, `${req.path.toString()} must be a positive id (a whole number of 1 or more), got ${v.text}.`);
      }
    },
  };
}

/** Every element of a list of numbers is a positive id, and no id appears twice. */
export function distinctPositiveIds(): Validator {
  return {
    description: "each element must be a distinct positive id",
    validate(req) {
      if (!Array.isArray(req.value)) return;
      const seen = new Set<string>();
      for (const v of req.value) {
        if (!(v instanceof TfNumber)) continue;
        const n = Number(v.text);
        if (!v.isInteger() || !(n >= 1) || !Number.isSafeInteger(n)) {
          issue(req, `${req.path.toString()} must hold positive ids (whole numbers of 1 or more), got ${v.text}.`);
        } else if (seen.has(v.text)) {
          issue(req, `${req.path.toString()} lists ${v.text} twice; each scenario runs once per call.`);
        }
        seen.add(v.text);
      }
    },
  };
}

/** The value compiles as a regular expression (the API refuses patterns that do not). */
export function regularExpression(): Validator {
  return {
    description: "must be a valid regular expression",
    validate(req) {
      if (typeof req.value !== "string") return;
      try {
        new RegExp(req.value);
      } catch (e) {
        const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, "") : "does not compile";
        issue(req, `${req.path.toString()} is not a valid regular expression: ${why}.`);
      }
    },
  };
}

/** Not empty and not only whitespace (the API reads an empty parameter as "not given"). */
export function notBlank(): Validator {
  return {
    description: "must not be empty",
    validate(req) {
      if (typeof req.value === "string" && req.value.trim() === "") {
        issue(req, `${req.path.toString()} must not be empty: the Voximplant API reads an empty value as "not given".`);
      }
    },
  };
}

/** Known to be a value that, once set, the API cannot clear: a removal needs a new object. */
export function clearedNeedsReplacement(prior: unknown, planned: unknown): boolean {
  return planned === null && prior !== null && !(prior instanceof Unknown);
}
