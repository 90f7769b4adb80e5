// OpenPGP signing of the SHA256SUMS file, the way Terraform verifies it: a detached binary
// signature, checked against the ASCII-armored public key that the registry's download document
// carries. The private key and its passphrase come from the environment (see ReleaseEnv in
// cli.ts) and are never written, logged or quoted: error messages name the variable, not the value.
import * as openpgp from "openpgp";

export const SIGNING_ENV = {
  key: "RELEASE_SIGNING_KEY",
  keyFile: "RELEASE_SIGNING_KEY_FILE",
  passphrase: "RELEASE_SIGNING_PASSPHRASE",
} as const;

export interface SigningKey {
  /** Long key ID of the primary key, 16 upper-case hex digits (what Terraform prints). */
  keyId: string;
  armoredPublicKey: string;
  /** Detached binary signature of `data`. */
  sign(data: Buffer): Promise<Buffer>;
}

export class SigningKeyError extends Error {}

/**
 * Reads and unlocks the signing key. `source` names where the key came from (an environment
 * variable or file) for messages; the key text itself never appears in one.
 */
export async function loadSigningKey(
  armoredKey: string,
  passphrase: string | undefined,
  source: string,
): Promise<SigningKey> {
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey });
  } catch {
    throw new SigningKeyError(`signing key: ${source} is not an ASCII-armored OpenPGP private key`);
  }
  const keyId = key.getKeyID().toHex().toUpperCase();
  if (!key.isDecrypted()) {
    if (passphrase === undefined || passphrase === "") {
      throw new SigningKeyError(
        `signing key ${keyId} (${source}) is protected by a passphrase: set ${SIGNING_ENV.passphrase}`,
      );
    }
    try {
      key = await openpgp.decryptKey({ privateKey: key, passphrase });
    } catch {
      throw new SigningKeyError(
        `signing key ${keyId} (${source}): the passphrase in ${SIGNING_ENV.passphrase} does not unlock it`,
      );
    }
  }
  try {
    await key.getSigningKey();
  } catch (err) {
    // openpgp's reason (expired, revoked, no signing-capable subkey) names no secret.
    const reason = err instanceof Error ? err.message : String(err);
    throw new SigningKeyError(`signing key ${keyId} (${source}) cannot sign: ${reason}`);
  }
  const unlocked = key;
  return {
    keyId,
    armoredPublicKey: unlocked.toPublic().armor(),
    async sign(data) {
      const message = await openpgp.createMessage({ binary: data });
      const signature = await openpgp.sign({ message, signingKeys: unlocked, detached: true, format: "binary" });
      return Buffer.from(signature);
    },
  };
}
