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

/**
 * Text for an argument: a heredoc when it is several lines ending in a line break (a script
 * reads as itself), else a quoted string. The heredoc's delimiter is one no line equals, and
 * template sequences are doubled as in a quoted string.
 */
export function hclText(text: string): string {
  const lines = text.split("\n");
  const plain = lines.every((l) => !/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/.test(l));
  if (lines.length < 3 || lines[lines.length - 1] !== "" || !plain) return hclString(text);
  let delimiter = "EOT";
  for (let i = 1; lines.some((l) => l.trim() === delimiter); i++) delimiter = `EOT${i}`;
  const body = text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  return `<<${delimiter}\n${body}${delimiter}`;
}

/** A `#` comment line; line breaks and other control characters in the text become spaces. */
export function hclComment(text: string): string {
  return `# ${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")}`.trimEnd();
}
