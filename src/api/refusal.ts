// Fail fast once the API has refused the credentials.
//
// A refused key or a rejected clock does not get better within one process: every further call
// would be refused the same way and land in the account's audit log. So the client remembers the
// first refusal and answers later calls with CredentialsRefusedError without sending them:
//   - authentication (bad signature, unknown or revoked key, token issued in the future or
//     expired, malformed token, HTTP 401/403): no further call of any method;
//   - authorization (104, the key's roles do not allow the method): no further call of that
//     method — other methods may still be allowed.
// Until a first attempt has had its outcome, calls wait for it instead of going out side by side:
// otherwise a parallel refresh would send one refused call per resource before the first refusal
// arrives. This costs one round trip at start-up, once per client.
// A new client (a new provider process) starts clean.

import { ApiError, HttpStatusError, VoximplantError } from "./errors";

/** API code for "the key's roles do not allow this method" (per method, unlike authentication). */
export const METHOD_FORBIDDEN_CODE = 104;

/** A call that was not sent because the API already refused these credentials. */
export class CredentialsRefusedError extends VoximplantError {
  /** The refusal that stopped the client (an ApiError or an HTTP 401/403). */
  readonly refusal: ApiError | HttpStatusError;

  constructor(method: string, refusal: ApiError | HttpStatusError, credentialsSource: string | undefined) {
    super(
      `Voximplant ${method} was not sent: the API already refused these credentials (${reasonOf(refusal)})`,
      method,
      false,
    );
    this.refusal = refusal;
    if (credentialsSource !== undefined) this.credentialsSource = credentialsSource;
  }

  override get isCredentialsError(): boolean {
    return true;
  }
}

/** "error 100: authorization failed" or "HTTP status 401": the refusal without the method. */
export function reasonOf(refusal: ApiError | HttpStatusError): string {
  return refusal instanceof ApiError ? `error ${refusal.code}: ${refusal.apiMessage}` : `HTTP status ${refusal.status}`;
}

/** The refusal behind a credentials error, whether it was answered or stopped before sending. */
export function refusalOf(err: VoximplantError): ApiError | HttpStatusError | undefined {
  if (err instanceof CredentialsRefusedError) return err.refusal;
  if ((err instanceof ApiError || err instanceof HttpStatusError) && err.isCredentialsError) return err;
  return undefined;
}

export class RefusalLatch {
  private everything: ApiError | HttpStatusError | undefined;
  private readonly byMethod = new Map<string, ApiError>();
  /** Settled once a first attempt finished (any outcome); until then later calls wait on it. */
  private firstAttempt: Promise<void> | undefined;
  private opened = false;

  /**
   * Waits until a call may be attempted; returns the function to call once the attempt's outcome
   * has been recorded. Rejects with the signal's reason when it aborts while waiting.
   */
  async admit(signal: AbortSignal): Promise<() => void> {
    while (!this.opened) {
      if (this.firstAttempt === undefined) {
        let open!: () => void;
        this.firstAttempt = new Promise<void>((resolve) => (open = resolve));
        return () => {
          this.opened = true;
          open();
        };
      }
      await untilSettledOrAborted(this.firstAttempt, signal);
    }
    return () => undefined;
  }

  /** Remembers `err` when it is a refusal of the credentials. */
  record(err: VoximplantError): void {
    if (err instanceof CredentialsRefusedError) return;
    const refusal = refusalOf(err);
    if (refusal === undefined) return;
    if (refusal instanceof ApiError && refusal.code === METHOD_FORBIDDEN_CODE) {
      if (!this.byMethod.has(err.method)) this.byMethod.set(err.method, refusal);
      return;
    }
    this.everything ??= refusal;
  }

  /** The refusal that forbids calling `method` now, if any. */
  refusalFor(method: string): ApiError | HttpStatusError | undefined {
    return this.everything ?? this.byMethod.get(method);
  }
}

function untilSettledOrAborted(p: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
