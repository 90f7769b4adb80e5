// The few pieces of HCL syntax `adopt` writes: quoted strings and comments. Object names come
// from the account (SIP user names can hold quotes, `${`, backslashes, any Unicode), so nothing
// of theirs reaches the file unescaped.

/** An HCL quoted string literal: escapes, and `${` / `%{` doubled so they stay literal text. */
export function hclString(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  // Functions as replacements: in a replacement string "$$" would itself be an escape.
  return `"${out.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

/** A `#` comment line; line breaks and other control characters in the text become spaces. */
export function hclComment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `# ${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")}`.trimEnd();
}
