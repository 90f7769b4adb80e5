// How much a scenario script changes, in lines: a reviewer needs the size of the change, not the
// whole VoxEngine source (Terraform's own plan output already shows the line diff).

export interface LineChangeCount {
  added: number;
  removed: number;
  /** Lines of the new text. */
  lines: number;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop(); // a final newline ends the last line
  return lines;
}

/**
 * Lines added and removed between two texts (a longest-common-subsequence diff after trimming
 * the common head and tail, so a small edit of a large script stays cheap). Scripts are limited
 * to 128 KB by the API; past MAX_CELLS the middle is counted as all removed and all added.
 */
export function countLineChanges(before: string, after: string): LineChangeCount {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const common = x.length * y.length > MAX_CELLS ? 0 : lcsLength(x, y);
  return { added: y.length - common, removed: x.length - common, lines: b.length };
}

const MAX_CELLS = 4_000_000;

function lcsLength(x: readonly string[], y: readonly string[]): number {
  let prev = new Array<number>(y.length + 1).fill(0);
  let cur = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      cur[j] = x[i - 1] === y[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[y.length] as number;
}
