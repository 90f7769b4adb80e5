// When wait_for_registration stops waiting: judged on what each reading holds, so a server that
// reports `successful: false` while the attempt still runs does not fail the wait.

import type { SipRegistration } from "../../../src/api";
import { notRegistered, waitForSettled, type WaitOutcome } from "../../../src/provider/sip-registration/wait";

const BASE: SipRegistration = { sip_registration_id: 7, sip_username: "line", proxy: "sip.example.com" };

/** Runs the wait over a scripted sequence of readings (the last one repeats) on a fake clock. */
async function waitOver(
  readings: Array<Partial<SipRegistration> | null>,
  timeoutMs = 10_000,
): Promise<{ outcome: WaitOutcome; reads: number }> {
  let clock = 0;
  let reads = 0;
  const outcome = await waitForSettled(
    () => {
      const r = readings[Math.min(reads, readings.length - 1)];
      reads++;
      return Promise.resolve(r === null ? null : { ...BASE, ...r });
    },
    {
      timeoutMs,
      signal: new AbortController().signal,
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    },
  );
  return { outcome, reads };
}

const PENDING_FAILED = { successful: false }; // the "failure while in progress" reading of the API
const REFUSED = { successful: false, status_code: 403, error_message: "Forbidden" };
const OK = { successful: true, status_code: 200 };

describe("wait_for_registration settled-ness", () => {
  it("a success is final at once", async () => {
    expect(await waitOver([{}, OK])).toMatchObject({ outcome: { kind: "settled", registration: OK }, reads: 2 });
  });

  it("successful: false without a status code is still in progress (then succeeds)", async () => {
    const { outcome, reads } = await waitOver([PENDING_FAILED, PENDING_FAILED, PENDING_FAILED, OK]);
    expect(outcome).toMatchObject({ kind: "settled", registration: OK });
    expect(reads).toBe(4);
  });

  it("a provisional (1xx) status code is still in progress", async () => {
    const { outcome } = await waitOver([{ successful: false, status_code: 100 }, OK]);
    expect(outcome).toMatchObject({ kind: "settled", registration: OK });
  });

  it("a refusal with a final status code counts once two readings agree", async () => {
    const { outcome, reads } = await waitOver([PENDING_FAILED, REFUSED, REFUSED]);
    expect(outcome).toMatchObject({ kind: "settled", registration: REFUSED });
    expect(reads).toBe(3);
  });

  it("a refusal reported once and then replaced by success does not fail the wait", async () => {
    const { outcome } = await waitOver([{ successful: false, status_code: 401 }, {}, OK]);
    expect(outcome).toMatchObject({ kind: "settled", registration: OK });
  });

  it("in_progress, when reported, decides: true waits whatever else is shown, false makes refusal final", async () => {
    const a = await waitOver([
      { ...REFUSED, in_progress: true },
      { ...OK, in_progress: false },
    ]);
    expect(a.outcome).toMatchObject({ kind: "settled", registration: { successful: true } });
    const b = await waitOver([{ ...PENDING_FAILED, in_progress: false }]);
    expect(b).toMatchObject({ outcome: { kind: "settled", registration: { successful: false } }, reads: 1 });
  });

  it("times out on a never-ending 'not registered' report and says what was last reported", async () => {
    const { outcome } = await waitOver([PENDING_FAILED], 2000);
    expect(outcome.kind).toBe("timeout");
    const text = notRegistered(outcome as Exclude<WaitOutcome, { kind: "gone" }>, 7, "2s", "update").detail;
    expect(text).toMatch(/still in progress after registration_timeout \(2s\) \(last report: not registered/);
  });

  it("reports a registration deleted while waiting", async () => {
    expect((await waitOver([{}, null])).outcome).toEqual({ kind: "gone" });
  });
});
