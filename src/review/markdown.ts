// Markdown pieces shared by the review's renderers: inline code that survives any value, and the
// placeholders for values the review must not or cannot show.

import type { JsonValue } from "./plan";
import type { Shown } from "./values";

const MAX_VALUE_LENGTH = 120;

/** Inline code that survives backticks and newlines in the value. */
export function code(text: string): string {
  let t = text.replace(/\r?\n/g, "\\n");
  if (t.length > MAX_VALUE_LENGTH) t = `${t.slice(0, MAX_VALUE_LENGTH - 1)}…`;
  const fence = t.includes("`") ? "``" : "`";
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

export function jsonText(v: JsonValue): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function shownText(s: Shown): string {
  switch (s.kind) {
    case "value":
      return code(jsonText(s.value));
    case "null":
      return "_(none)_";
    case "secret":
      return "_(sensitive)_";
    case "write-only":
      return "_(write-only)_";
    case "unknown":
      return "_(known after apply)_";
  }
}
