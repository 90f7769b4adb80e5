// Guarantee 7 (docs/reliability.md): an emulator started with `--state FILE` loses nothing it
// acknowledged when it is SIGKILLed in the middle of a write storm.
//
// test/emulator/persistence.test.ts proves it for a storm of creates. This strengthens it to every
// mutating registration method the provider uses — create, update, bind, unbind and delete — and
// checks values, not only existence: each worker drives its own registrations one call at a time,
// so at the moment of the kill every registration has at most one call in flight. After the
// restart each registration must be exactly in its last acknowledged state, or in that state with
// the one in-flight call applied (a call may commit and then lose its response to the kill).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleCli, spawnEmulator, type Child } from "../emulator/child";
import { signToken, type Creds } from "../emulator/helpers";

/** The fields this storm changes, as GetSipRegistrations reports them. */
interface Snapshot {
  exists: boolean;
  auth_user?: string;
  application_id?: number;
  rule_id?: number;
}

type Step =
  | { kind: "update"; auth_user: string }
  | { kind: "bind"; application_id: number; rule_id?: number }
  | { kind: "unbind" }
  | { kind: "delete" };

function applyStep(s: Snapshot, step: Step): Snapshot {
  switch (step.kind) {
    case "update":
      return { ...s, auth_user: step.auth_user };
    case "bind":
      return {
        ...s,
        application_id: step.application_id,
        ...(step.rule_id !== undefined ? { rule_id: step.rule_id } : {}),
      };
    case "unbind":
      return { exists: true, ...(s.auth_user !== undefined ? { auth_user: s.auth_user } : {}) };
    case "delete":
      return { exists: false };
  }
}

function params(id: number, step: Step): Record<string, string> {
  switch (step.kind) {
    case "update":
      return { sip_registration_id: String(id), auth_user: step.auth_user, password: `pw-${step.auth_user}` };
    case "bind":
      return {
        sip_registration_id: String(id),
        application_id: String(step.application_id),
        ...(step.rule_id !== undefined ? { rule_id: String(step.rule_id) } : {}),
        bind: "true",
      };
    case "unbind":
      return { sip_registration_id: String(id), bind: "false" };
    case "delete":
      return { sip_registration_id: String(id) };
  }
}

const METHOD: Record<Step["kind"], string> = {
  update: "UpdateSipRegistration",
  bind: "BindSipRegistration",
  unbind: "BindSipRegistration",
  delete: "DeleteSipRegistration",
};

/** A registration's life in the storm: mostly changes, sometimes a delete at the end. */
function script(w: number, n: number): Step[] {
  const steps: Step[] = [
    { kind: "update", auth_user: `w${w}-${n}-a` },
    { kind: "bind", application_id: 1, rule_id: 1 + (n % 2) },
    { kind: "update", auth_user: `w${w}-${n}-b` },
    { kind: "unbind" },
    { kind: "bind", application_id: 2 },
  ];
  if (n % 3 === 0) steps.push({ kind: "delete" });
  return steps;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hardening-durability-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("keeps every acknowledged create, update, bind, unbind and delete across a SIGKILL mid-storm", async () => {
  const statePath = join(dir, "state.json");
  const credentialsOut = join(dir, "credentials.json");
  const cli = bundleCli();
  const first: Child = await spawnEmulator(cli, ["--state", statePath, "--credentials-out", credentialsOut, "--seed"]);
  const creds = JSON.parse(readFileSync(credentialsOut, "utf8")) as Creds;
  const token = await signToken(creds, { exp: Math.floor(Date.now() / 1000) + 600 });

  const acked = new Map<number, Snapshot>();
  const inFlight = new Map<number, Step>();
  let pendingCreates = 0;
  let ackedCalls = 0;
  let killed = false;

  const call = async (url: string, method: string, p: Record<string, string>): Promise<Record<string, unknown>> => {
    const r = await fetch(`${url}/${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: new URLSearchParams(p),
    });
    const body = (await r.json()) as Record<string, unknown>;
    if (body.error !== undefined) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`);
    return body;
  };

  const worker = async (w: number): Promise<void> => {
    for (let n = 0; !killed; n++) {
      let id: number | undefined;
      try {
        pendingCreates += 1;
        const created = await call(first.info.url, "CreateSipRegistration", {
          sip_username: `w${w}-${n}`,
          proxy: "storm.example.com",
        });
        pendingCreates -= 1;
        id = created.sip_registration_id as number;
        acked.set(id, { exists: true });
        ackedCalls += 1;
        for (const step of script(w, n)) {
          if (killed) return;
          inFlight.set(id, step);
          await call(first.info.url, METHOD[step.kind], params(id, step));
          inFlight.delete(id);
          acked.set(id, applyStep(acked.get(id) as Snapshot, step));
          ackedCalls += 1;
          // Kill once enough acknowledged work piled up, from inside the storm (other calls are in flight).
          if (ackedCalls >= 600 && !killed) {
            killed = true;
            first.proc.kill("SIGKILL");
          }
        }
      } catch (e) {
        if (!killed) throw new Error(`${String(e)}\n${first.stderr()}`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: 30 }, (_, w) => worker(w)));
  expect((await first.exited).signal).toBe("SIGKILL");
  expect(ackedCalls).toBeGreaterThanOrEqual(600);

  const second = await spawnEmulator(cli, ["--state", statePath, "--credentials-out", credentialsOut]);
  try {
    const restarted = await signToken(creds);
    const rows = new Map<number, Record<string, unknown>>();
    for (let offset = 0; ; offset += 1000) {
      const r = await fetch(`${second.info.url}/GetSipRegistrations`, {
        method: "POST",
        headers: { authorization: `Bearer ${restarted}` },
        body: new URLSearchParams({ count: "1000", offset: String(offset) }),
      });
      const page = ((await r.json()) as { result: Array<Record<string, unknown>> }).result;
      for (const row of page) rows.set(row.sip_registration_id as number, row);
      if (page.length < 1000) break;
    }
    const seen = (id: number): Snapshot => {
      const row = rows.get(id);
      if (row === undefined) return { exists: false };
      const s: Snapshot = { exists: true };
      if (row.auth_user !== undefined) s.auth_user = row.auth_user as string;
      if (row.application_id !== undefined) s.application_id = row.application_id as number;
      if (row.rule_id !== undefined) s.rule_id = row.rule_id as number;
      return s;
    };
    const violations: string[] = [];
    for (const [id, want] of acked) {
      const got = seen(id);
      const pending = inFlight.get(id);
      const allowed = pending === undefined ? [want] : [want, applyStep(want, pending)];
      if (!allowed.some((a) => JSON.stringify(a) === JSON.stringify(got))) {
        violations.push(
          `#${id}: persisted ${JSON.stringify(got)}, acknowledged ` +
            `${JSON.stringify(want)}${pending ? ` (+ in flight ${pending.kind})` : ""}`,
        );
      }
    }
    expect(violations).toEqual([]);
    // Registrations nobody was told about can only come from creates that were in flight at the kill.
    const unknown = [...rows.keys()].filter((id) => !acked.has(id));
    expect(unknown.length).toBeLessThanOrEqual(pendingCreates);
    // The acknowledged deletes really happened (the storm had some), and the survivors are many.
    expect([...acked.values()].filter((s) => !s.exists).length).toBeGreaterThan(0);
    expect(rows.size).toBeGreaterThan(0);
  } finally {
    second.proc.kill("SIGTERM");
    await second.exited;
  }
});
