// Where log lines go: a stream (stderr in a provider process), written asynchronously in batches
// so logging never blocks an RPC, with an explicit flush() for the exit paths — Node may drop
// pipe writes still queued when process.exit() runs.

export interface LogSink {
  /** Queue one complete line (including its trailing newline). */
  write(line: string): void;
  /** Resolves once everything queued so far has been handed to the OS. */
  flush(): Promise<void>;
}

type WritableLike = Pick<NodeJS.WritableStream, "write"> & {
  on?: (event: "error", listener: (err: Error) => void) => unknown;
};

export class StreamSink implements LogSink {
  private pending: string[] = [];
  private scheduled = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly stream: WritableLike) {
    // If the reader went away (Terraform was killed), a write error must not turn into an
    // uncaught exception that tries to log again.
    stream.on?.("error", () => undefined);
  }

  write(line: string): void {
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  flush(): Promise<void> {
    this.drain();
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private drain(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join("");
    this.pending = [];
    this.inFlight++;
    try {
      this.stream.write(chunk, () => this.settle());
    } catch {
      this.settle();
    }
  }

  private settle(): void {
    this.inFlight--;
    if (this.inFlight === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}

/** Keeps lines in memory; for tests and for callers that want to inspect output. */
export class MemorySink implements LogSink {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
}
