// Every sensitive or write-only attribute reaches the API under some parameter name, and that
// parameter must be redacted wherever the client logs it. The attributes come from the schemas, so a
// new secret attribute fails the coverage check below until this test sends it; the parameter names
// come from what the resources really send, so renaming a parameter the redaction list does not know
// fails the log check. The recording logger applies no redaction of its own: what it sees is what
// the client hands to any logger.
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import type { LogFields } from "../../../src/plugin";
import { ProviderTester, errorsOf } from "../../../src/plugin/testing";
import { voximplantProvider } from "../../../src/provider/provider";

const MARK = {
  registrationPassword: "Reg-Pa55word-Mark1",
  registrationPasswordWo: "Reg-Pa55word-Mark2",
  userPasswordWo: "Us3r-Pa55word-Mark3!",
};

/** sensitive or write-only attributes of every resource, as `type.attribute` */
function secretAttributes(): string[] {
  const out: string[] = [];
  for (const r of voximplantProvider.resources) {
    for (const [name, a] of Object.entries(r.schema.block.attributes ?? {})) {
      if (a.sensitive === true || a.writeOnly === true) out.push(`${r.typeName}.${name}`);
    }
  }
  return out.sort();
}

/** The attributes this test sets to a marker (extend it when the coverage check fails). */
const COVERED = [
  "voximplant_sip_registration.password",
  "voximplant_sip_registration.password_wo",
  "voximplant_user.password_wo",
];

let emu: RunningEmulator;
const records: { message: string; fields: LogFields | undefined }[] = [];
const record = (message: string, fields?: LogFields): void => void records.push({ message, fields });

beforeAll(async () => {
  emu = await startEmulator({ seed: false });
});
afterAll(() => emu.close());

describe("secret parameters in API log records", () => {
  it("covers every sensitive or write-only attribute of the provider's resources", () => {
    expect(secretAttributes()).toEqual([...COVERED].sort());
  });

  it("never logs a secret the resources send, under whatever parameter name they send it", async () => {
    const logger = { trace: record, debug: record, info: record, warn: record, error: record };
    const t = new ProviderTester(voximplantProvider, { logger });
    expect(
      await t.configure({ credentials_file: emu.credentialsPath, api_url: emu.url, read_mode: "per_resource" }),
    ).toEqual([]);
    const apply = async (type: string, config: Record<string, unknown>) => {
      const r = await t.planApply(type, { prior: null, config });
      expect(errorsOf(r.diagnostics)).toEqual([]);
      return r.plain as Record<string, unknown>;
    };

    const app = await apply("voximplant_application", { name: "redaction" });
    await apply("voximplant_user", {
      application_id: app.application_id,
      name: "redaction-user",
      display_name: "Redaction",
      password_wo: MARK.userPasswordWo,
      password_wo_version: 1,
    });
    await apply("voximplant_sip_registration", {
      sip_username: "redaction-1",
      proxy: "sip.example.com",
      password: MARK.registrationPassword,
    });
    await apply("voximplant_sip_registration", {
      sip_username: "redaction-2",
      proxy: "sip.example.com",
      password_wo: MARK.registrationPasswordWo,
      password_wo_version: 1,
    });

    // the calls that carried the secrets were logged with their parameters (the check can fail)
    const calls = records.filter((r) => r.message === "voximplant api call").map((r) => r.fields?.method);
    expect(calls).toEqual(expect.arrayContaining(["AddUser", "CreateSipRegistration"]));
    const logged = JSON.stringify(records);
    for (const secret of Object.values(MARK)) expect(logged).not.toContain(secret);
  });
});
