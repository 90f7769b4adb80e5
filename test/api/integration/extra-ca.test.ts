// The client's own extra certificate authorities (extraCaCertsFile): what NODE_EXTRA_CA_CERTS does
// for a whole Node.js process, for the API connection alone, read on the first connection. The
// emulator serves HTTPS with a self-signed certificate that no default store trusts.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TransportError } from "../../../src/api";
import { generateServerCertificate } from "../../../src/plugin/transport/certificate";
import { clientFor, startEmulator, type Emu } from "./emu";

describe("extra certificate authorities of the API connection", () => {
  const cert = generateServerCertificate({ hostname: "localhost" });
  const dir = mkdtempSync(join(tmpdir(), "vox-extra-ca-"));
  const caFile = join(dir, "corporate-ca.pem");
  const notPem = join(dir, "not-a-certificate.pem");
  let emu: Emu;
  let apiUrl: string;

  beforeAll(async () => {
    writeFileSync(caFile, cert.certPem);
    writeFileSync(notPem, "this is not a certificate\n");
    emu = await startEmulator({ seed: false, tls: cert });
    apiUrl = `https://localhost:${emu.port}/platform_api`;
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function client(extraCaCertsFile?: string) {
    const warnings: string[] = [];
    const c = clientFor(emu, {
      apiUrl,
      retry: { maxRetries: 0 },
      ...(extraCaCertsFile !== undefined ? { extraCaCertsFile } : {}),
      logger: (level, message) => {
        if (level === "warn") warnings.push(message);
      },
    });
    return { c, warnings };
  }

  async function tlsFailure(promise: Promise<unknown>): Promise<TransportError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).failure).toBe("tls");
    return err as TransportError;
  }

  it("trusts the certificates of the file", async () => {
    const { c, warnings } = client(caFile);
    try {
      const page = await c.getSipRegistrations();
      expect(page.result).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      await c.destroy();
    }
  });

  it("without the file the same server is refused as untrusted", async () => {
    const { c } = client();
    try {
      await tlsFailure(c.getSipRegistrations());
    } finally {
      await c.destroy();
    }
  });

  it.each([
    ["a missing file", join(dir, "missing.pem"), /missing\.pem" not used: cannot read it \(ENOENT\)/],
    ["a file without a certificate", notPem, /not-a-certificate\.pem" not used: it holds no PEM certificate/],
  ])("ignores %s with a warning naming it, as Node.js does, and trusts nothing more", async (_, file, warning) => {
    const { c, warnings } = client(file);
    try {
      expect(warnings).toEqual([]); // nothing is read before the first connection
      await tlsFailure(c.getSipRegistrations());
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(warning);
    } finally {
      await c.destroy();
    }
  });

  it("does not read the file for a plain http:// API URL", async () => {
    const plain = await startEmulator({ seed: false });
    const warnings: string[] = [];
    const c = clientFor(plain, {
      extraCaCertsFile: join(dir, "missing.pem"),
      logger: (level, message) => {
        if (level === "warn") warnings.push(message);
      },
    });
    try {
      expect((await c.getSipRegistrations()).result).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      await c.destroy();
      await plain.close();
    }
  });
});
