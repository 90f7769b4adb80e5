// Unit level of the create-reconciliation fix (docs/reliability.md, "Bugs found"): after a
// CreateSipRegistration that timed out, the server may still commit it, so the provider keeps
// listing for meta.createGraceMs before it believes "not created"; after an answer or a closed
// connection it looks once. The end-to-end proofs are in fault-matrix.test.ts (latency beyond the
// request timeout) and interruption.test.ts (creates cancelled by StopProvider).
import { TransportError, type SipRegistration, type VoximplantClient } from "../../src/api";
import type { ProviderMeta } from "../../src/provider";
import { Lookups } from "../../src/provider/lookups";
import { ResourceHarness, errorsOf } from "../provider/unit/sip-registration-harness";
import { DuplicateGuard } from "../../src/provider/sip-registration/duplicates";

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

/** A client whose first create fails with `failure`; `commitAfterFinds` lookups later the registration appears. */
function scripted(failure: "timeout" | "reset", commitAfterFinds: number, createGraceMs: number) {
  const calls: string[] = [];
  let finds = 0;
  let creates = 0;
  const client = {
    // the duplicate checks list by sip_username and compare themselves: same script
    async *listSipRegistrations() {
      yield* await client.findSipRegistrations({ sip_username: "1001", proxy: "sip.example.com" });
    },
    async findSipRegistrations() {
      calls.push("find");
      finds += 1;
      // the first find is the duplicate check before creating
      return finds > 1 + commitAfterFinds ? [row(42)] : [];
    },
    async createSipRegistration() {
      calls.push("create");
      creates += 1;
      if (creates === 1)
        throw new TransportError({ method: "CreateSipRegistration", failure, mayHaveCommitted: true, detail: failure });
      return { result: 1, sip_registration_id: 77 };
    },
    async getSipRegistrations(p: { sip_registration_id?: number }) {
      calls.push("get");
      return { result: [row(p.sip_registration_id ?? 0)] };
    },
  } as unknown as VoximplantClient;
  const meta: ProviderMeta = {
    client,
    reader: { get: async (id) => row(id), invalidate: () => undefined },
    lookups: new Lookups(client),
    readMode: "per_resource",
    duplicates: new DuplicateGuard(),
    createGraceMs,
  };
  return { h: new ResourceHarness({ meta: () => meta }), calls };
}

const CONFIG = { sip_username: "1001", proxy: "sip.example.com" };

it("after a timeout keeps looking and adopts the registration that commits late, creating nothing more", async () => {
  const { h, calls } = scripted("timeout", 2, 3000);
  const r = await h.planApply(null, CONFIG);
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.state).toMatchObject({ id: "42", sip_registration_id: 42 });
  // the last find is the check after the create: its row of 42 is the read-back (no "get")
  expect(calls).toEqual(["find", "create", "find", "find", "find", "find"]);
});

it("after a reset looks once and creates again (the server answered by closing: it is done)", async () => {
  const { h, calls } = scripted("reset", 5, 3000);
  const r = await h.planApply(null, CONFIG);
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.state).toMatchObject({ sip_registration_id: 77 });
  expect(calls).toEqual(["find", "create", "find", "create", "find", "get"]);
});

it("after a timeout with nothing appearing within the grace period, creates again once", async () => {
  const { h, calls } = scripted("timeout", 1000, 600);
  const r = await h.planApply(null, CONFIG);
  expect(errorsOf(r.diagnostics)).toEqual([]);
  expect(r.state).toMatchObject({ sip_registration_id: 77 });
  expect(calls.filter((c) => c === "create")).toHaveLength(2);
  expect(calls.filter((c) => c === "find").length).toBeGreaterThanOrEqual(3);
});
