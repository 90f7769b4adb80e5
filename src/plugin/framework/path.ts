// Attribute paths: where in a resource value a diagnostic, plan modifier or validator applies.
// Immutable so that a path handed to a validator can be extended without aliasing surprises.

export type PathStep =
  | { readonly kind: "attr"; readonly name: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "key"; readonly key: string };

export class AttributePath {
  private constructor(readonly steps: readonly PathStep[]) {}

  /** The empty path: the whole resource object. */
  static readonly ROOT = new AttributePath([]);

  static fromSteps(steps: readonly PathStep[]): AttributePath {
    return new AttributePath([...steps]);
  }

  /** Step into an object attribute or a nested block by name. */
  attr(name: string): AttributePath {
    return new AttributePath([...this.steps, { kind: "attr", name }]);
  }

  /** Step into a list / tuple element (zero-based). */
  index(index: number): AttributePath {
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`invalid list index ${index}`);
    return new AttributePath([...this.steps, { kind: "index", index }]);
  }

  /** Step into a map element. */
  key(key: string): AttributePath {
    return new AttributePath([...this.steps, { kind: "key", key }]);
  }

  isRoot(): boolean {
    return this.steps.length === 0;
  }

  /** The enclosing path (root stays root). */
  parent(): AttributePath {
    return new AttributePath(this.steps.slice(0, -1));
  }

  /** The last attribute name on the path, if the path ends in one. */
  lastAttributeName(): string | undefined {
    const last = this.steps[this.steps.length - 1];
    return last && last.kind === "attr" ? last.name : undefined;
  }

  equals(other: AttributePath): boolean {
    if (other.steps.length !== this.steps.length) return false;
    return this.steps.every((s, i) => stepEquals(s, other.steps[i]!));
  }

  /** Human form used in messages: `a.b[0]["k"]`. */
  toString(): string {
    let out = "";
    for (const s of this.steps) {
      if (s.kind === "attr") out += out === "" ? s.name : `.${s.name}`;
      else if (s.kind === "index") out += `[${s.index}]`;
      else out += `[${JSON.stringify(s.key)}]`;
    }
    return out === "" ? "(resource)" : out;
  }
}

function stepEquals(a: PathStep, b: PathStep): boolean {
  if (a.kind === "attr" && b.kind === "attr") return a.name === b.name;
  if (a.kind === "index" && b.kind === "index") return a.index === b.index;
  if (a.kind === "key" && b.kind === "key") return a.key === b.key;
  return false;
}

/** Start a path at a top-level attribute or block: `attr("a").index(0).key("k")`. */
export function attr(name: string): AttributePath {
  return AttributePath.ROOT.attr(name);
}

/** Where the API accepts a path, a bare string means a top-level attribute name. */
export type PathLike = string | AttributePath;

export function toPath(p: PathLike): AttributePath {
  return typeof p === "string" ? attr(p) : p;
}
