// Waiting on a shared listing without owning it: a caller that is cancelled stops waiting at once,
// while the listing goes on for the other callers that share it.
import { CancelledError } from "../api";

/**
 * Resolves with `promise`, or rejects with a CancelledError of `method` as soon as `signal`
 * aborts (the promise itself goes on). Without a signal, `promise` itself.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, method: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError(method, false));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError(method, false));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
