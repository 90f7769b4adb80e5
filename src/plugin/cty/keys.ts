// Small helpers for object/map keys shared by the codecs.
//
// Terraform (Go) sorts attribute names and map keys by their UTF-8 bytes. JavaScript's default
// string comparison orders UTF-16 code units, which agrees with UTF-8 byte order except when a
// surrogate pair (U+10000 and above) meets a BMP character at or above U+E000. Comparing code
// points restores Go's order in that case; the common all-BMP case keeps the fast native compare.

/** Compares two strings the way Go's `sort.Strings` orders them (UTF-8 byte order). */
export function compareUtf8(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // a surrogate (D800–DFFF) encodes a code point above every BMP character
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * Assigns an own enumerable property. A plain `obj[key] = v` with key "__proto__" would replace
 * the prototype instead of creating a property; map keys come from users, so guard that one name.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Own-property lookup that cannot be fooled by inherited names such as "constructor". */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
