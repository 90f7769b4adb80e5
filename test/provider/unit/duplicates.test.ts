// The duplicate check's building blocks without terraform: line normalisation, plan-time claims,
// waiting for this process's own deletes, and the lowest-id rule after a concurrent create.
import type { SipRegistration, VoximplantClient } from "../../../src/api";
import { ProviderError } from "../../../src/plugin";
import {
  DuplicateGuard,
  checkBeforeCreate,
  settleAfterCreate,
} from "../../../src/provider/sip-registration/duplicates";
import { canonicalProxy, lineKey, sameLine } from "../../../src/provider/sip-registration/line";

const LINE = { sip_username: "1001", proxy: "sip.example.com" };

function row(id: number, proxy = "sip.example.com", sipUsername = "1001"): SipRegistration {
  return { sip_registration_id: id, sip_username: sipUsername, proxy, deactivated: false, is_persistent: true };
}

/** A client whose listings answer from `rows()` at the time of the call. */
function listing(rows: () => SipRegistration[]): { client: VoximplantClient; listings: () => number } {
  let n = 0;
  const client = {
    async *listSipRegistrations(filters: { sip_username?: string }) {
      n += 1;
      yield* rows().filter((r) => r.sip_username === filters.sip_username);
    },
  } as unknown as VoximplantClient;
  return { client, listings: () => n };
}

describe("line normalisation", () => {
  it("compares hosts without case and a missing port as 5060; the user part exactly", () => {
    expect(canonicalProxy("SIP.Example.COM")).toBe("sip.example.com:5060");
    expect(canonicalProxy("sip.example.com:5060")).toBe("sip.example.com:5060");
    expect(canonicalProxy("sip.example.com:05060")).toBe("sip.example.com:5060");
    expect(canonicalProxy("192.0.2.10")).toBe("192.0.2.10:5060");
    expect(canonicalProxy("[2001:DB8::1]:5070")).toBe("[2001:db8::1]:5070");
    expect(canonicalProxy("[2001:db8::1]")).toBe("[2001:db8::1]:5060");
    expect(sameLine(LINE, { sip_username: "1001", proxy: "SIP.EXAMPLE.COM:5060" })).toBe(true);
    expect(sameLine(LINE, { sip_username: "1001", proxy: "sip.example.com:5061" })).toBe(false);
    expect(sameLine({ sip_username: "Alice", proxy: "p" }, { sip_username: "alice", proxy: "p" })).toBe(false);
    expect(lineKey(LINE)).not.toBe(lineKey({ sip_username: "1001sip.example.com", proxy: "" }));
  });
});

describe("plan-time claims", () => {
  it("refuses a second instance on a line, by normalised comparison, and not the same instance twice", () => {
    const g = new DuplicateGuard();
    expect(g.claimPlanned("a", { line: LINE, registrationId: null })).toBeNull();
    expect(g.claimPlanned("a", { line: LINE, registrationId: null })).toBeNull();
    expect(
      g.claimPlanned("b", { line: { sip_username: "1001", proxy: "Sip.Example.com:5060" }, registrationId: 7 }),
    ).toEqual({
      line: LINE,
      registrationId: null,
    });
    expect(
      g.claimPlanned("c", { line: { sip_username: "1002", proxy: "sip.example.com" }, registrationId: null }),
    ).toBeNull();
  });

  it("one registration seen under two tokens is one instance; a released claim no longer counts", () => {
    const g = new DuplicateGuard();
    expect(g.claimPlanned("a", { line: LINE, registrationId: 5 })).toBeNull();
    expect(g.claimPlanned("b", { line: LINE, registrationId: 5 })).toBeNull();
    g.releasePlanned("a");
    g.releasePlanned("b");
    expect(g.claimPlanned("c", { line: LINE, registrationId: null })).toBeNull();
  });
});

describe("before a create", () => {
  it("waits for this process's delete of the same line, lists again, and passes", async () => {
    let rows = [row(5)];
    const { client, listings } = listing(() => rows);
    const g = new DuplicateGuard();
    let finishDelete: () => void = () => undefined;
    const deleting = g.vacate(5, LINE, () => new Promise<void>((resolve) => (finishDelete = resolve)));
    const check = checkBeforeCreate(client, g, LINE, { signal: new AbortController().signal, startGraceMs: 0 });
    await new Promise((r) => setTimeout(r, 20));
    rows = [];
    finishDelete();
    await deleting;
    await expect(check).resolves.toBeUndefined();
    expect(listings()).toBe(2);
  });

  it("waits for a delete that starts within the grace period", async () => {
    let rows = [row(5)];
    const { client } = listing(() => rows);
    const g = new DuplicateGuard();
    const check = checkBeforeCreate(client, g, LINE, { signal: new AbortController().signal, startGraceMs: 2000 });
    await new Promise((r) => setTimeout(r, 50));
    await g.vacate(5, LINE, async () => {
      rows = [];
    });
    await expect(check).resolves.toBeUndefined();
  });

  it(
    "refuses a registration nobody deletes, naming only it, with the spelling and " + "create_before_destroy explained",
    async () => {
      const { client } = listing(() => [row(9, "SIP.EXAMPLE.COM:5060")]);
      const err = await checkBeforeCreate(client, new DuplicateGuard(), LINE, {
        signal: new AbortController().signal,
        startGraceMs: 10,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      const pe = err as ProviderError;
      expect(pe.message).toBe("SIP registration already exists");
      expect(pe.detail).toMatch(/sip_registration_id 9\)/);
      expect(pe.detail).toMatch(/written "SIP.EXAMPLE.COM:5060" there/);
      expect(pe.detail).toMatch(/create_before_destroy/);
      expect(pe.detail).toContain("terraform import voximplant_sip_registration.<name> 9");
    },
  );
});

describe("after a create", () => {
  it("keeps a registration with the lowest id, gives way to a lower one", async () => {
    const g = new DuplicateGuard();
    expect(await settleAfterCreate(listing(() => [row(10)]).client, g, LINE, 10)).toEqual({ kind: "kept", others: [] });
    expect(await settleAfterCreate(listing(() => [row(11), row(10)]).client, g, LINE, 10)).toEqual({
      kind: "kept",
      others: [11],
    });
    const lost = await settleAfterCreate(listing(() => [row(11), row(10, "sip.example.com:5060")]).client, g, LINE, 11);
    expect(lost).toMatchObject({ kind: "lost", winner: { sip_registration_id: 10 } });
  });

  it("does not count a registration this process is deleting as a competitor", async () => {
    let rows = [row(3), row(10)];
    const g = new DuplicateGuard();
    const deleting = g.vacate(3, LINE, async () => {
      await new Promise((r) => setTimeout(r, 30));
      rows = [row(10)];
    });
    expect(await settleAfterCreate(listing(() => rows).client, g, LINE, 10)).toEqual({ kind: "kept", others: [] });
    await deleting;
  });

  it("reports a failed check instead of throwing (the registration exists either way)", async () => {
    const failing = { next: () => Promise.reject(new Error("network down")) };
    const client = {
      listSipRegistrations: () => ({ [Symbol.asyncIterator]: () => failing }),
    } as unknown as VoximplantClient;
    expect(await settleAfterCreate(client, new DuplicateGuard(), LINE, 10)).toMatchObject({ kind: "unchecked" });
  });
});
