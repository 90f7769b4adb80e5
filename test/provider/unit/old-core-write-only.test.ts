// Cores before Terraform 1.11 (and OpenTofu before 1.11) send ValidateResourceConfig without client
// capabilities: they cannot keep a write-only value out of the state. password_wo must be refused
// there with an error that names it and points at password, before any API call; the core then
// stops, so nothing is created or stored.
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { ResourceHarness, errorsOf } from "./sip-registration-harness";

let emu: RunningEmulator;
let h: ResourceHarness;

beforeAll(async () => {
  emu = await startEmulator({ seed: true });
  h = new ResourceHarness({ providerConfig: { credentials_file: emu.credentialsPath, api_url: emu.url } });
  expect(await h.configure()).toEqual([]);
});

afterAll(() => emu.close());

const WITH_WO = {
  sip_username: "old-core",
  proxy: "sip.example.com",
  password_wo: "wo-secret-1",
  password_wo_version: 1,
};

describe("password_wo on a core without client capabilities", () => {
  it("is refused naming password_wo and pointing at password; no API call, nothing stored", async () => {
    emu.emulator.log.reset();
    const ds = await h.validate(WITH_WO, null);
    const errors = errorsOf(ds);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ summary: "Write-only Attribute Not Allowed", path: "password_wo" });
    expect(errors[0]!.detail).toMatch(/write-only attribute password_wo\b/);
    expect(errors[0]!.detail).toMatch(/Terraform 1\.11 and later/);
    expect(errors[0]!.detail).toMatch(/use password instead of password_wo \(and remove password_wo_version\)/);
    expect(JSON.stringify(ds)).not.toContain("wo-secret-1");
    expect(emu.emulator.log.counts().total).toBe(0);
    expect(emu.emulator.state.registrations.size).toBe(0);
  });

  it("the same configuration with password instead passes there, and password_wo passes on 1.11+", async () => {
    const { password_wo: _wo, password_wo_version: _v, ...rest } = WITH_WO;
    expect(errorsOf(await h.validate({ ...rest, password: "pw" }, null))).toEqual([]);
    expect(errorsOf(await h.validate(WITH_WO, true))).toEqual([]);
    // A core that sends the capability as false is treated like one that sends none.
    expect(errorsOf(await h.validate(WITH_WO, false)).map((d) => d.path)).toEqual(["password_wo"]);
  });
});
