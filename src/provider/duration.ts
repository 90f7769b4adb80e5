// Go-style duration strings ("30s", "2m", "1h30m", "1.5s", "500ms"), the form Terraform users know
// from `timeouts` blocks. Parsed here without any API knowledge so the provider configuration and
// the resources validate them the same way at plan time.

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

// The micro signs as escapes: a literal Greek mu (U+03BC) in the bundle would make V8 hold the
// whole bundle source as a two-byte string, about twice the memory per provider process;
// esbuild escapes non-ASCII text in strings but not in regular expressions.
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/**
 * Milliseconds for a duration string, or a message saying what is wrong with it. Signs are not
 * accepted: every duration this provider takes is a positive span of time.
 */
export function parseDuration(text: string): { ms: number } | { error: string } {
  const s = text.trim();
  if (s === "") return { error: "must not be empty" };
  if (s === "0") return { ms: 0 };
  PART.lastIndex = 0;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (m === null) {
      return { error: `is not a duration such as "30s", "2m" or "1h30m" (a number followed by a unit: ms, s, m or h)` };
    }
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = PART.lastIndex;
  }
  if (!Number.isFinite(total)) return { error: "is too large" };
  return { ms: total };
}

/** Like parseDuration, but also requires a span greater than zero and at most `maxMs`. */
export function parsePositiveDuration(text: string, maxMs = 24 * 3_600_000): { ms: number } | { error: string } {
  const r = parseDuration(text);
  if ("error" in r) return r;
  if (r.ms <= 0) return { error: "must be longer than zero" };
  if (r.ms > maxMs) return { error: `must be at most ${formatDuration(maxMs)}` };
  return r;
}

/** A short human form of a span in ms ("2m", "1h30m", "1.5s"), for messages. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  let out = "";
  if (h > 0) out += `${h}h`;
  if (m > 0) out += `${m}m`;
  if (s > 0) out += `${Number(s.toFixed(3))}s`;
  return out;
}
