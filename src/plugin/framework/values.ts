// Navigating, reading and building runtime values by attribute path, and turning what resource
// code returns (InputValue: plain JS numbers allowed, attributes may be omitted) into exact
// Values of the schema type. Pure functions; no codec dependency.

import type { CtyType } from "../cty/types";
import { DynamicValue, TfNumber, UNKNOWN, Unknown, isKnownObject, type Value, type ValueObject } from "../cty/value";
import { numberFromDouble } from "../cty/numbers";
import type { InputObject, InputValue, PlanWriter, ValuesReader } from "./api";
import { ProviderError } from "./diagnostics";
import { AttributePath, toPath, type PathLike, type PathStep } from "./path";

/** The value at a path; stepping below null gives null, below unknown gives unknown. */
export function getAt(root: Value, path: AttributePath): Value {
  let cur: Value = root;
  for (const step of path.steps) {
    cur = stepInto(cur, step);
  }
  return cur;
}

function stepInto(v: Value, step: PathStep): Value {
  if (v instanceof DynamicValue) return stepInto(v.value, step);
  if (v === null) return null;
  if (v instanceof Unknown) return UNKNOWN;
  if (step.kind === "index") {
    return Array.isArray(v) ? (v[step.index] ?? null) : null;
  }
  const name = step.kind === "attr" ? step.name : step.key;
  if (isKnownObject(v)) return Object.prototype.hasOwnProperty.call(v, name) ? (v[name] ?? null) : null;
  return null;
}

/**
 * A copy of `root` with the value at `path` replaced. Containers on the way must exist (known,
 * non-null); otherwise the path is invalid for this value and an error is thrown.
 */
export function setAt(root: Value, path: AttributePath, value: Value): Value {
  return setSteps(root, path.steps, 0, value, path);
}

function setSteps(cur: Value, steps: readonly PathStep[], i: number, value: Value, full: AttributePath): Value {
  if (i === steps.length) return value;
  const step = steps[i]!;
  if (cur instanceof DynamicValue) return new DynamicValue(cur.type, setSteps(cur.value, steps, i, value, full));
  if (step.kind === "index") {
    if (!Array.isArray(cur) || step.index >= cur.length) {
      throw new ProviderError(`Cannot set ${full.toString()}: no such element`, { path: full });
    }
    const copy = cur.slice();
    copy[step.index] = setSteps(cur[step.index]!, steps, i + 1, value, full);
    return copy;
  }
  if (!isKnownObject(cur)) {
    throw new ProviderError(`Cannot set ${full.toString()}: the enclosing value is null or unknown`, { path: full });
  }
  const name = step.kind === "attr" ? step.name : step.key;
  if (step.kind === "attr" && !Object.prototype.hasOwnProperty.call(cur, name)) {
    throw new ProviderError(`Cannot set ${full.toString()}: no such attribute`, { path: full });
  }
  return { ...cur, [name]: setSteps(cur[name] ?? null, steps, i + 1, value, full) };
}

/** The type found at a path inside a type; undefined when the path does not fit the type. */
export function typeAt(type: CtyType, path: AttributePath): CtyType | undefined {
  let cur: CtyType | undefined = type;
  for (const step of path.steps) {
    if (cur === undefined) return undefined;
    const t: CtyType = cur;
    switch (t.kind) {
      case "object":
        cur = step.kind === "attr" ? t.attributes[step.name] : undefined;
        break;
      case "map":
        cur = step.kind === "key" ? t.element : undefined;
        break;
      case "list":
      case "set":
        cur = step.kind === "index" ? t.element : undefined;
        break;
      case "tuple":
        cur = step.kind === "index" ? t.elements[step.index] : undefined;
        break;
      case "dynamic":
        return t;
      default:
        return undefined;
    }
  }
  return cur;
}

/** Type-free deep check: true when no unknown appears anywhere in the value. */
export function isValueWhollyKnown(v: Value): boolean {
  if (v instanceof Unknown) return false;
  if (v instanceof DynamicValue) return isValueWhollyKnown(v.value);
  if (Array.isArray(v)) return v.every(isValueWhollyKnown);
  if (isKnownObject(v)) return Object.values(v).every(isValueWhollyKnown);
  return true;
}

// ---- reader ----------------------------------------------------------------------------------

class ObjectReader implements ValuesReader {
  constructor(
    protected current: ValueObject,
    protected readonly type: CtyType,
  ) {}

  get value(): ValueObject {
    return this.current;
  }

  get(p: PathLike): Value {
    return getAt(this.current, this.inSchema(p));
  }

  /** The path, if the schema has it; reading anything else is a bug in the caller, not a null. */
  private inSchema(p: PathLike): AttributePath {
    const path = toPath(p);
    if (typeAt(this.type, path) === undefined) {
      throw new ProviderError(`Attribute path ${path.toString()} is not in the schema`, { path });
    }
    return path;
  }

  isNull(p: PathLike): boolean {
    return this.get(p) === null;
  }

  isUnknown(p: PathLike): boolean {
    return this.get(p) instanceof Unknown;
  }

  isWhollyKnown(p?: PathLike): boolean {
    return isValueWhollyKnown(p === undefined ? this.current : this.get(p));
  }

  private known(p: PathLike): { path: AttributePath; v: Value } {
    const path = this.inSchema(p);
    const v = getAt(this.current, path);
    if (v instanceof Unknown) {
      throw new ProviderError(`Value of ${path.toString()} is not known yet`, {
        path,
        detail: "The value depends on something that is only known after apply; check isUnknown() first.",
      });
    }
    return { path, v: v instanceof DynamicValue ? v.value : v };
  }

  private wrongType(path: AttributePath, want: string): ProviderError {
    return new ProviderError(`Value of ${path.toString()} is not a ${want}`, { path });
  }

  /** The value at a path if it is known, else null; never throws for unknown values. */
  private knownOrNull(p: PathLike): { path: AttributePath; v: Value } {
    const path = this.inSchema(p);
    const v = getAt(this.current, path);
    return { path, v: v instanceof Unknown ? null : v instanceof DynamicValue ? v.value : v };
  }

  knownString(p: PathLike): string | null {
    const { path, v } = this.knownOrNull(p);
    if (v === null) return null;
    if (typeof v !== "string") throw this.wrongType(path, "string");
    return v;
  }

  knownNumber(p: PathLike): number | null {
    const { path, v } = this.knownOrNull(p);
    if (v === null) return null;
    if (!(v instanceof TfNumber)) throw this.wrongType(path, "number");
    const d = v.toNumber();
    // exact or an error: a silently rounded id would name a different object
    if (!numberFromDouble(d).equals(v)) {
      throw new ProviderError(`Value of ${path.toString()} cannot be represented exactly as a JavaScript number`, {
        path,
        detail: `Got ${v.text}; read it with getNumber() to keep every digit.`,
      });
    }
    return d;
  }

  knownBool(p: PathLike): boolean | null {
    const { path, v } = this.knownOrNull(p);
    if (v === null) return null;
    if (typeof v !== "boolean") throw this.wrongType(path, "bool");
    return v;
  }

  getString(p: PathLike): string | null {
    const { path, v } = this.known(p);
    if (v === null) return null;
    if (typeof v !== "string") throw this.wrongType(path, "string");
    return v;
  }

  getNumber(p: PathLike): TfNumber | null {
    const { path, v } = this.known(p);
    if (v === null) return null;
    if (!(v instanceof TfNumber)) throw this.wrongType(path, "number");
    return v;
  }

  getInt(p: PathLike): number | null {
    const n = this.getNumber(p);
    if (n === null) return null;
    const path = toPath(p);
    if (!n.isInteger() || !Number.isSafeInteger(n.toNumber())) {
      throw new ProviderError(`Value of ${path.toString()} must be a whole number`, {
        path,
        detail: `Got ${n.text}.`,
      });
    }
    return n.toNumber();
  }

  getFloat(p: PathLike): number | null {
    const n = this.getNumber(p);
    return n === null ? null : n.toNumber();
  }

  getBool(p: PathLike): boolean | null {
    const { path, v } = this.known(p);
    if (v === null) return null;
    if (typeof v !== "boolean") throw this.wrongType(path, "bool");
    return v;
  }

  getList(p: PathLike): Value[] | null {
    const { path, v } = this.known(p);
    if (v === null) return null;
    if (!Array.isArray(v)) throw this.wrongType(path, "list");
    return v;
  }

  getStringList(p: PathLike): string[] | null {
    const list = this.getList(p);
    if (list === null) return null;
    const path = toPath(p);
    return list.map((e, i) => {
      if (e instanceof Unknown)
        throw new ProviderError(`Value of ${path.index(i).toString()} is not known yet`, { path: path.index(i) });
      if (typeof e !== "string") throw this.wrongType(path.index(i), "string");
      return e;
    });
  }

  getMap(p: PathLike): ValueObject | null {
    const { path, v } = this.known(p);
    if (v === null) return null;
    if (!isKnownObject(v)) throw this.wrongType(path, "map");
    return v;
  }

  getStringMap(p: PathLike): Record<string, string> | null {
    const m = this.getMap(p);
    if (m === null) return null;
    const path = toPath(p);
    const out: Record<string, string> = {};
    for (const [k, e] of Object.entries(m)) {
      if (e instanceof Unknown)
        throw new ProviderError(`Value of ${path.key(k).toString()} is not known yet`, { path: path.key(k) });
      if (typeof e !== "string") throw this.wrongType(path.key(k), "string");
      out[k] = e;
    }
    return out;
  }

  getObject(p: PathLike): ValueObject | null {
    const { path, v } = this.known(p);
    if (v === null) return null;
    if (!isKnownObject(v)) throw this.wrongType(path, "object");
    return v;
  }
}

class ObjectWriter extends ObjectReader implements PlanWriter {
  set(p: PathLike, value: InputValue): void {
    const path = toPath(p);
    const t = typeAt(this.type, path);
    if (t === undefined) throw new ProviderError(`Attribute path ${path.toString()} is not in the schema`, { path });
    const next = setAt(this.current, path, fromInput(value, t, path));
    if (!isKnownObject(next)) throw new ProviderError("The planned object cannot be replaced as a whole");
    this.current = next;
  }

  setUnknown(p: PathLike): void {
    this.set(p, UNKNOWN);
  }
}

export function readerFor(value: ValueObject, type: CtyType): ValuesReader {
  return new ObjectReader(value, type);
}

export function writerFor(value: ValueObject, type: CtyType): PlanWriter {
  return new ObjectWriter(value, type);
}

// ---- input conversion ------------------------------------------------------------------------

export function isInputObject(v: InputValue | undefined): v is InputObject {
  // Inputs use the same classes as values (Unknown, TfNumber, DynamicValue) and add only
  // primitives, so an object is told apart the same way: one test to keep in step with Value.
  return isKnownObject(v as Value | undefined);
}

function inputError(path: AttributePath, message: string): ProviderError {
  return new ProviderError(`Invalid value for ${path.toString()}: ${message}`, {
    path,
    detail: "The provider returned a value that does not fit the schema; this is a bug in the provider.",
  });
}

function describeInput(v: InputValue): string {
  if (Array.isArray(v)) return "an array";
  if (v instanceof TfNumber) return "a number";
  if (v instanceof DynamicValue) return "a dynamic value";
  if (isInputObject(v)) return "an object";
  return `a ${typeof v}`;
}

/**
 * Converts resource output to an exact Value of `type`: JS numbers / bigints become TfNumbers,
 * omitted object attributes become null, extra attributes are rejected. Throws ProviderError
 * naming the path on a mismatch.
 */
export function fromInput(input: InputValue | undefined, type: CtyType, path: AttributePath): Value {
  if (input === undefined || input === null) return null;
  if (input instanceof Unknown) return input;
  switch (type.kind) {
    case "string":
      if (typeof input !== "string") throw inputError(path, `expected a string, got ${describeInput(input)}`);
      return input;
    case "bool":
      if (typeof input !== "boolean") throw inputError(path, `expected a bool, got ${describeInput(input)}`);
      return input;
    case "number":
      if (input instanceof TfNumber) return input;
      if (typeof input === "bigint") return TfNumber.of(input);
      if (typeof input === "number") {
        if (Number.isNaN(input)) throw inputError(path, "NaN is not a number Terraform can store");
        return TfNumber.of(input);
      }
      throw inputError(path, `expected a number, got ${describeInput(input)}`);
    case "list":
    case "set": {
      if (!Array.isArray(input)) throw inputError(path, `expected a ${type.kind}, got ${describeInput(input)}`);
      const arr = input as readonly InputValue[];
      return arr.map((e, i) => fromInput(e, type.element, path.index(i)));
    }
    case "tuple": {
      if (!Array.isArray(input)) throw inputError(path, `expected a tuple, got ${describeInput(input)}`);
      const arr = input as readonly InputValue[];
      if (arr.length !== type.elements.length) {
        throw inputError(path, `expected ${type.elements.length} tuple elements, got ${arr.length}`);
      }
      return arr.map((e, i) => fromInput(e, type.elements[i]!, path.index(i)));
    }
    case "map": {
      if (!isInputObject(input)) throw inputError(path, `expected a map, got ${describeInput(input)}`);
      const out: ValueObject = {};
      for (const [k, e] of Object.entries(input)) {
        if (e === undefined) continue;
        out[k] = fromInput(e, type.element, path.key(k));
      }
      return out;
    }
    case "object": {
      if (!isInputObject(input)) throw inputError(path, `expected an object, got ${describeInput(input)}`);
      for (const k of Object.keys(input)) {
        if (!(k in type.attributes)) throw inputError(path.attr(k), "no such attribute in the schema");
      }
      const out: ValueObject = {};
      for (const [name, at] of Object.entries(type.attributes)) {
        out[name] = fromInput(input[name], at, path.attr(name));
      }
      return out;
    }
    case "dynamic":
      if (input instanceof DynamicValue) return input;
      throw inputError(path, "a dynamic attribute needs a DynamicValue (value plus its type)");
  }
}
