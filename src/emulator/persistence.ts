// Durable state file with group commit.
//
// A mutation is applied in memory first; the handler then awaits commit(), which resolves once a
// snapshot taken AFTER that mutation is on disk (temp file, fsync, rename, fsync of the
// directory). While one write is in flight, every commit() that arrives joins the next write, so
// 50 concurrent clients cost a couple of fsyncs rather than 50 — and a SIGKILL at any moment
// leaves either the previous or the next complete file, never a torn one.

import { promises as fsp } from "node:fs";
import * as path from "node:path";

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class DurableFile {
  private waiting: Waiter[] = [];
  private running: Promise<void> | null = null;

  constructor(
    readonly filePath: string,
    private readonly snapshot: () => string,
  ) {}

  /** Resolves when every change made before this call is durable. */
  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (this.running === null) this.running = this.drain();
    });
  }

  /** Waits for the writes already requested (used by close()). */
  async flush(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        // The snapshot is taken after the batch was closed, so it contains every change whose
        // handler called commit() before this point.
        const text = this.snapshot();
        try {
          await writeFileDurably(this.filePath, text);
          for (const w of batch) w.resolve();
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      this.running = null;
    }
  }
}

export async function writeFileDurably(filePath: string, text: string): Promise<void> {
  const dir = path.dirname(filePath);
  const tmp = `${filePath}.tmp`;
  const fh = await fsp.open(tmp, "w", 0o600);
  try {
    await fh.writeFile(text, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, filePath);
  // The rename itself is only durable once the directory entry is flushed.
  const dh = await fsp.open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

export async function readIfExists(filePath: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(filePath, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
