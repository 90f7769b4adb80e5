// Throwaway OpenPGP signing keys for release tests (never a real key: made fresh per test file).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as openpgp from "openpgp";

export interface TestSigningKey {
  dir: string;
  privateKeyFile: string;
  passphrase: string;
  armoredPublicKey: string;
  keyId: string;
}

export async function makeSigningKey(): Promise<TestSigningKey> {
  const passphrase = `pass-${Math.random().toString(36).slice(2)}`;
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [{ name: "Release test", email: "release-test@example.invalid" }],
    passphrase,
    format: "armored",
  });
  const dir = mkdtempSync(join(tmpdir(), "vox-release-key-"));
  const privateKeyFile = join(dir, "signing-key.asc");
  writeFileSync(privateKeyFile, privateKey, { mode: 0o600 });
  const parsed = await openpgp.readKey({ armoredKey: publicKey });
  return {
    dir,
    privateKeyFile,
    passphrase,
    armoredPublicKey: publicKey,
    keyId: parsed.getKeyID().toHex().toUpperCase(),
  };
}
