// Wire formats for time (docs/design/voximplant-api.md, "Parameters and values"): timestamps `YYYY-MM-DD HH:mm:ss`
// UTC, dates `YYYY-MM-DD`.

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** The same calendar day one month later, clamped to that month's last day (Jan 31 → Feb 28/29). */
export function formatDatePlusOneMonth(ms: number): string {
  const d = new Date(ms);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth() + 1;
  if (m === 12) {
    m = 0;
    y += 1;
  }
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return `${pad(y, 4)}-${pad(m + 1)}-${pad(day)}`;
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
