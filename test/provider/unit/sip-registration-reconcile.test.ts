// The rare branches of ambiguous-create reconciliation, with a scripted client: several
// registrations appearing, the check itself failing, and the bounded number of attempts.
import { TransportError, type SipRegistration, type VoximplantClient } from "../../../src/api";
import type { ProviderMeta } from "../../../src/provider";
import { Lookups } from "../../../src/provider/lookups";
import { ResourceHarness, errorsOf } from "./sip-registration-harness";
import { DuplicateGuard } from "../../../src/provider/sip-registration/duplicates";

interface Script {
  /** answers of findSipRegistrations, in order */
  finds: Array<SipRegistration[] | Error>;
  /** how many CreateSipRegistration calls fail ambiguously before one succeeds */
  ambiguousCreates: number;
  /** how the ambiguous creates fail: no answer in time ("timeout") or a broken connection ("reset") */
  failure?: "timeout" | "reset";
  /** meta.createGraceMs */
  graceMs?: number;
}

function row(id: number): SipRegistration {
  return {
    sip_registration_id: id,
    sip_username: "1001",
    proxy: "sip.example.com",
    deactivated: false,
    is_persistent: true,
    successful: true,
    status_code: 200,
  };
}

function harness(script: Script) {
  const calls: string[] = [];
  const client = {
    // the duplicate checks list by sip_username and compare themselves: same script
    async *listSipRegistrations() {
      yield* await client.findSipRegistrations({ sip_username: "1001", proxy: "sip.example.com" });
    },
    async findSipRegistrations() {
      calls.push("find");
      const next = script.finds.shift() ?? [];
      if (next instanceof Error) throw next;
      return next;
    },
    async createSipRegistration() {
      calls.push("create");
      if (script.ambiguousCreates > 0) {
        script.ambiguousCreates--;
        throw new TransportError({
          method: "CreateSipRegistration",
          failure: script.failure ?? "reset",
          mayHaveCommitted: true,
          detail: "no answer",
        });
      }
      return { result: 1, sip_registration_id: 77 };
    },
    async getSipRegistrations(p: { sip_registration_id?: number }) {
      calls.push("get");
      return { result: [row(p.sip_registration_id ?? 77)] };
    },
  } as unknown as VoximplantClient;
  const meta: ProviderMeta = {
    client,
    reader: { get: async (id) => row(id), invalidate: () => undefined },
    lookups: new Lookups(client),
    readMode: "per_resource",
    duplicates: new DuplicateGuard(),
    createGraceMs: script.graceMs ?? 0,
  };
  return { h: new ResourceHarness({ meta: () => meta }), calls };
}

const CONFIG = { sip_username: "1001", proxy: "sip.example.com" };

it("reports several registrations that appeared after an ambiguous failure, and creates no more", async () => {
  const { h, calls } = harness({ finds: [[], [row(1), row(2)]], ambiguousCreates: 1 });
  const r = await h.planApply(null, CONFIG);
  const errs = errorsOf(r.diagnostics);
  expect(errs.map((d) => d.summary)).toEqual(["Several SIP registrations appeared"]);
  expect(errs[0]!.detail).toMatch(/ids 1, 2/);
  expect(calls).toEqual(["find", "create", "find"]);
  expect(r.state).toBeNull();
});

it("says the registration may exist when the check after an ambiguous failure fails too", async () => {
  const { h, calls } = harness({ finds: [[], new Error("network down")], ambiguousCreates: 1 });
  const r = await h.planApply(null, CONFIG);
  const errs = errorsOf(r.diagnostics);
  expect(errs.map((d) => d.summary)).toEqual(["SIP registration may have been created"]);
  expect(errs[0]!.detail).toMatch(/import it instead/);
  expect(calls).toEqual(["find", "create", "find"]);
});

it("gives up after three ambiguous creates that left nothing behind", async () => {
  const { h, calls } = harness({ finds: [[], [], [], []], ambiguousCreates: 5 });
  const r = await h.planApply(null, CONFIG);
  expect(errorsOf(r.diagnostics).map((d) => d.summary)).toEqual(["Could not create the SIP registration"]);
  expect(calls).toEqual(["find", "create", "find", "create", "find", "create", "find"]);
});

it("adopts the single registration found after an ambiguous failure", async () => {
  const { h, calls } = harness({ finds: [[], [row(42)]], ambiguousCreates: 1 });
  const r = await h.planApply(null, CONFIG);
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.state).toMatchObject({ id: "42", sip_registration_id: 42 });
  expect(calls).toEqual(["find", "create", "find", "find", "get"]);
});

describe("a create that timed out may still commit on the server", () => {
  it("keeps looking for the grace period and adopts the registration when it appears late", async () => {
    const { h, calls } = harness({
      finds: [[], [], [], [row(43)]],
      ambiguousCreates: 1,
      failure: "timeout",
      graceMs: 5000,
    });
    const r = await h.planApply(null, CONFIG);
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(r.state).toMatchObject({ sip_registration_id: 43 });
    expect(calls).toEqual(["find", "create", "find", "find", "find", "find", "get"]);
  });

  it("creates again only after the grace period passed with nothing found", async () => {
    const { h, calls } = harness({ finds: [], ambiguousCreates: 1, failure: "timeout", graceMs: 600 });
    const r = await h.planApply(null, CONFIG);
    expect(errorsOf(r.diagnostics)).toEqual([]);
    expect(calls.filter((c) => c === "create")).toHaveLength(2);
    expect(calls.filter((c) => c === "find").length).toBeGreaterThanOrEqual(3);
  });

  it("a broken connection is looked up once: the server is done with the request", async () => {
    const { h, calls } = harness({ finds: [[], []], ambiguousCreates: 1, failure: "reset", graceMs: 60_000 });
    await h.planApply(null, CONFIG);
    expect(calls).toEqual(["find", "create", "find", "create", "find", "get"]);
  });
});
