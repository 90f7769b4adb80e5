import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../src/emulator";
import { bundleCli, spawnEmulator, type Child } from "./child";
import { Harness, signToken, type Creds } from "./helpers";

describe("persistence", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "emu-state-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("restores every object, the balance, keys and counters after a restart", async () => {
    const statePath = path.join(dir, "state.json");
    const credentialsOut = path.join(dir, "credentials.json");
    const h = await Harness.start({ statePath, credentialsOut, seed: true });
    const app = (await h.ok("AddApplication", { application_name: "persist-app" })).application_id as number;
    const rule = (await h.ok("AddRule", { application_id: app, rule_name: "r", rule_pattern: ".*" })).rule_id as number;
    const user = (
      await h.ok("AddUser", {
        application_id: app,
        user_name: "persist-user",
        user_display_name: "P",
        user_password: "Aa1!aaaa",
      })
    ).user_id as number;
    const a = await h.create({ sip_username: "pa", application_id: app, rule_id: rule, user_id: user, password: "pw" });
    const b = await h.create({ sip_username: "pb", proxy: "fail.example.com" });
    await h.ok("UpdateSipRegistration", { sip_registration_id: b, auth_user: "au" });
    const gone = await h.create({ sip_username: "pc" });
    await h.ok("DeleteSipRegistration", { sip_registration_id: gone });
    await h.admin("/keys", { body: { roles: ["Support"] } });
    await h.admin("/config", { body: { balance: 77.7 } });
    const before = (await h.admin("/state")).body;
    const keyId = h.creds.key_id;
    await h.close();

    const again = await Harness.start({ statePath, credentialsOut, seed: true });
    try {
      expect(again.creds.key_id).toBe(keyId);
      expect((await again.admin("/state")).body).toEqual(before);
      expect((await again.registration(b))?.status_code).toBe(403);
      // Ids are never reused, even for a deleted registration.
      expect(await again.create()).toBe(gone + 1);
      expect((await again.rows("GetApplications")).length).toBe(3);
      expect(a).toBeLessThan(b);
    } finally {
      await again.close();
    }
  });

  it("refuses to start from a corrupt state file instead of overwriting it", async () => {
    const statePath = path.join(dir, "state.json");
    writeFileSync(statePath, "{not json");
    await expect(startEmulator({ statePath })).rejects.toThrow(/state file/);
    expect(readFileSync(statePath, "utf8")).toBe("{not json");
  });

  it("loses nothing acknowledged when the process is SIGKILLed during a write storm", async () => {
    const statePath = path.join(dir, "state.json");
    const credentialsOut = path.join(dir, "credentials.json");
    const cli = bundleCli();
    const first: Child = await spawnEmulator(cli, ["--state", statePath, "--credentials-out", credentialsOut]);
    const creds = JSON.parse(readFileSync(credentialsOut, "utf8")) as Creds;
    const token = await signToken(creds, { exp: Math.floor(Date.now() / 1000) + 600 });

    const acked: number[] = [];
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        try {
          const r = await fetch(`${first.info.url}/CreateSipRegistration`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}` },
            body: new URLSearchParams({ sip_username: `w${w}-${i}`, proxy: "storm.example.com" }),
          });
          const body = (await r.json()) as { sip_registration_id?: number };
          if (body.sip_registration_id === undefined)
            throw new Error(`create failed: ${JSON.stringify(body)} ${first.stderr()}`);
          acked.push(body.sip_registration_id);
          if (acked.length >= 400 && !killed) {
            killed = true;
            first.proc.kill("SIGKILL");
          }
        } catch (e) {
          if (!killed) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, w) => worker(w)));
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await spawnEmulator(cli, ["--state", statePath, "--credentials-out", credentialsOut]);
    try {
      const auth = { authorization: `Bearer ${await signToken(creds)}` };
      const persisted = new Set<number>();
      for (let offset = 0; ; offset += 1000) {
        const r = await fetch(`${second.info.url}/GetSipRegistrations`, {
          method: "POST",
          headers: auth,
          body: new URLSearchParams({ count: "1000", offset: String(offset) }),
        });
        const rows = ((await r.json()) as { result: Array<{ sip_registration_id: number }> }).result;
        for (const row of rows) persisted.add(row.sip_registration_id);
        if (rows.length < 1000) break;
      }
      const lost = acked.filter((id) => !persisted.has(id));
      expect(lost).toEqual([]);
      expect(new Set(acked).size).toBe(acked.length);
      // A create after the restart continues after every id handed out before the crash.
      const r = await fetch(`${second.info.url}/CreateSipRegistration`, {
        method: "POST",
        headers: auth,
        body: new URLSearchParams({ sip_username: "after", proxy: "p.example.com" }),
      });
      const next = ((await r.json()) as { sip_registration_id: number }).sip_registration_id;
      expect(next).toBeGreaterThan(Math.max(...persisted));
    } finally {
      second.proc.kill("SIGTERM");
      await second.exited;
    }
  });
});
