// Refinements of an unknown value (msgpack extension 12): what Terraform already knows about it
// (not null, a string prefix, number bounds, collection length bounds). They are advisory: a
// payload we cannot make sense of still means "unknown", so every parse failure yields UNKNOWN.

import type { CtyType } from "./types";
import { UNKNOWN, Unknown, type Refinements } from "./value";
import type { MsgpackReader } from "./msgpack-reader";
import type { TfNumber } from "./value";

const REFINEMENT_EXT = 12;

/** Reads the extension at r.pos (leading byte c) as an unknown value of type t. */
export function readUnknown(r: MsgpackReader, c: number, t: CtyType): Unknown {
  const { extType, payloadStart, payloadEnd } = r.extension(c);
  r.pos = payloadEnd;
  if (extType !== REFINEMENT_EXT || payloadEnd === payloadStart) return UNKNOWN;
  try {
    return parseRefinements(r.slice(payloadStart, payloadEnd), t);
  } catch {
    return UNKNOWN;
  }
}

function readBound(r: MsgpackReader): { value: TfNumber; inclusive: boolean } | undefined {
  if (r.arrayHeader() !== 2) return undefined;
  const value = r.number();
  const inclusive = r.tryBool();
  if (inclusive === undefined) return undefined;
  return { value, inclusive };
}

function parseRefinements(r: MsgpackReader, t: CtyType): Unknown {
  const n = r.mapHeader();
  if (n < 0) return UNKNOWN;
  const ref: Refinements = {};
  let any = false;
  const kind = t.kind;
  const isCollection = kind === "list" || kind === "set" || kind === "map";
  for (let i = 0; i < n; i++) {
    const key = r.trySmallInt();
    if (key === undefined) return UNKNOWN;
    switch (key) {
      case 1: {
        const isNull = r.tryBool();
        if (isNull !== undefined) {
          // key 1 is "is null": false means definitely not null; true is meaningless for us
          if (!isNull) {
            ref.notNull = true;
            any = true;
          }
          continue;
        }
        break;
      }
      case 2:
        if (kind === "string") {
          const s = r.tryString();
          if (s === undefined) return UNKNOWN;
          ref.stringPrefix = s;
          any = true;
          continue;
        }
        break;
      case 3:
      case 4:
        if (kind === "number") {
          const bound = readBound(r);
          if (bound === undefined) return UNKNOWN;
          if (key === 3) ref.numberLower = bound;
          else ref.numberUpper = bound;
          any = true;
          continue;
        }
        break;
      case 5:
      case 6:
        if (isCollection) {
          const len = r.trySmallInt();
          if (len === undefined) return UNKNOWN;
          if (key === 5) ref.lengthLower = len;
          else ref.lengthUpper = len;
          any = true;
          continue;
        }
        break;
    }
    // unknown key, or one that does not apply to this type: skip its value
    r.skip();
  }
  return any ? new Unknown(Object.freeze(ref)) : UNKNOWN;
}
