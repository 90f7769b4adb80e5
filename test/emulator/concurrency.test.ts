import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Harness } from "./helpers";

describe("concurrency", () => {
  it("50 concurrent creates get unique ids, an exact count and an exact balance", async () => {
    const h = await Harness.start({ config: { initialBalance: 1000 } });
    try {
      const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => h.create({ sip_username: `c${i}` })));
      expect(new Set(ids).size).toBe(50);
      expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await h.ok("GetSipRegistrations", { count: 1000 })).count).toBe(50);
      expect(((await h.admin("/config")).body as { balance: number }).balance).toBe(950.5);
      expect((await h.admin("/calls")).body).toMatchObject({ byMethod: { CreateSipRegistration: 50 } });
    } finally {
      await h.close();
    }
  });

  it("50 concurrent creates with a state file (group commit) are all durable", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "emu-conc-"));
    const statePath = path.join(dir, "state.json");
    try {
      const h = await Harness.start({ statePath });
      const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => h.create({ sip_username: `d${i}` })));
      await h.close();
      const again = await Harness.start({ statePath });
      try {
        const rows = await again.rows("GetSipRegistrations", { count: 1000 });
        expect(rows.map((r) => r.sip_registration_id).sort((a, b) => Number(a) - Number(b))).toEqual(
          [...ids].sort((a, b) => a - b),
        );
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("concurrent binds of one user leave it on exactly one registration", async () => {
    const h = await Harness.start({ seed: true });
    try {
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => h.create({ sip_username: `u${i}` })));
      await Promise.all(
        ids.map((id) => h.ok("BindSipRegistration", { sip_registration_id: id, application_id: 1, user_id: 1 })),
      );
      expect(await h.rows("GetSipRegistrations", { user_id: 1 })).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
