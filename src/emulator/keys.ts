// Service-account keys and the credentials.json file the control panel would hand out.

import { generateKeyPair, randomUUID } from "node:crypto";
import { promises as fsp } from "node:fs";
import type { Role, ServiceKey } from "./model";
import { writeFileDurably } from "./persistence";

/**
 * Exactly the fields of a Voximplant service-account credentials file (docs/design/voximplant-api.md, "Credentials and
 * tokens").
 */
export interface Credentials {
  account_id: number;
  account_email: string;
  key_id: string;
  private_key: string;
}

export function generateServiceKey(roles: Role[]): Promise<ServiceKey & { private_key: string }> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      "rsa",
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      },
      (err, publicKey, privateKey) => {
        if (err) reject(err);
        else resolve({ key_id: randomUUID(), public_key: publicKey, private_key: privateKey, roles, revoked: false });
      },
    );
  });
}

/** Writes the file with mode 0600 (it holds a private key), replacing any previous one atomically. */
export async function writeCredentials(filePath: string, creds: Credentials): Promise<void> {
  await writeFileDurably(filePath, `${JSON.stringify(creds, null, 2)}\n`);
  // writeFileDurably creates new files 0600; an existing file keeps its mode, so force it.
  await fsp.chmod(filePath, 0o600);
}
