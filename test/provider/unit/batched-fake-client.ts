// A scripted stand-in for the two client calls the batched reader makes, so tests can hold a
// listing between pages, fail it, and count exactly what was asked for. The emulator-backed suite
// (batched-reader-emulator.test.ts) checks the same behaviour against real HTTP.
import { CancelledError, TransportError, type SipRegistration } from "../../../src/api";
import type { RegistrationListingClient } from "../../../src/provider/registration-reader-batched";

export function reg(id: number, extra: Partial<SipRegistration> = {}): SipRegistration {
  return { sip_registration_id: id, sip_username: `user${id}`, proxy: "sip.example.org", successful: true, ...extra };
}

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

export class FakeClient {
  rows: SipRegistration[];
  pageSize = 0;
  pagesServed = 0;
  listingsStarted = 0;
  directCalls: number[] = [];
  /** When set, page N (0-based) waits for gates[N].open(). */
  private gates = new Map<number, Gate>();
  /** When set, page N fails with this error. */
  failPage: { index: number; error: Error } | undefined;
  /** Error thrown by direct reads, if any. */
  directError: Error | undefined;

  constructor(rows: SipRegistration[]) {
    this.rows = rows;
  }

  holdPage(index: number): () => void {
    const g = gate();
    this.gates.set(index, g);
    return g.open;
  }

  readonly api: RegistrationListingClient = {
    getSipRegistrations: async (params = {}) => {
      const id = params.sip_registration_id;
      if (id === undefined) throw new Error("the fake only serves direct reads by id through getSipRegistrations");
      this.directCalls.push(id);
      await Promise.resolve();
      if (this.directError) throw this.directError;
      const row = this.rows.find((r) => r.sip_registration_id === id);
      return { result: row ? [{ ...row }] : [], count: row ? 1 : 0 };
    },
    listSipRegistrations: (_filters = {}, opts = {}) => this.list(opts.pageSize ?? 1000, opts.signal),
  };

  private async *list(pageSize: number, signal: AbortSignal | undefined): AsyncGenerator<SipRegistration> {
    this.listingsStarted++;
    this.pageSize = pageSize;
    for (let page = 0; ; page++) {
      const g = this.gates.get(page);
      if (g) {
        await new Promise<void>((resolve, reject) => {
          signal?.addEventListener("abort", () => reject(new CancelledError("GetSipRegistrations", false)), {
            once: true,
          });
          void g.promise.then(resolve);
        });
      } else {
        await Promise.resolve();
      }
      if (signal?.aborted) throw new CancelledError("GetSipRegistrations", false);
      this.pagesServed++;
      if (this.failPage && this.failPage.index === page) throw this.failPage.error;
      // Served from the rows as they are NOW, like a real server answering this page.
      const rows = this.rows.slice(page * pageSize, (page + 1) * pageSize);
      for (const r of rows) yield { ...r };
      if (rows.length < pageSize) return;
    }
  }
}

export function transportFailure(): TransportError {
  return new TransportError({
    method: "GetSipRegistrations",
    failure: "connect_refused",
    mayHaveCommitted: false,
    detail: "connection refused",
  });
}

/** A clock tests move by hand. */
export class ManualClock {
  t = 1_000_000;
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Lets queued promise callbacks run (a few microtask turns and one macrotask). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
}
