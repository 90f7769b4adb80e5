// The provider's AutoMTLS server certificate, built by hand over node:crypto.
//
// Terraform (go-plugin) trusts exactly the certificate announced in the handshake line and
// verifies it with Go's strict X.509 rules: DNS SAN "localhost" (the name it dials), EKU
// serverAuth, a positive serial, a validity window that includes now, proper DER. Node can sign
// but not write certificates, and certificate libraries cost 100+ ms of module loading in every
// one of the many provider launches per command, so this is a minimal DER encoder: ECDSA P-256
// key (fast native key generation), self-signed with ECDSA-SHA256, generated per process, never
// persisted.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import * as der from "./der";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

// keyUsage bits as X.509 numbers them: digitalSignature is bit 0, keyCertSign bit 5
const KEY_USAGE_DIGITAL_SIGNATURE = 0;
const KEY_USAGE_KEY_CERT_SIGN = 5;

export interface ServerCertificate {
  /** PEM of the certificate, for the TLS server. */
  certPem: string;
  /** PKCS#8 PEM of the private key, for the TLS server. */
  keyPem: string;
  /** DER bytes of the certificate. */
  der: Buffer;
}

export interface CertificateOptions {
  /** Host name in the subject CN and the DNS SAN; Terraform verifies "localhost". */
  hostname?: string;
  /** Start of the validity window is `now` − 60 s (clock-skew and equality margin). */
  now?: Date;
  /** Length of the validity window after `now`. */
  validityDays?: number;
  /** Serial number bytes (16), replaceable in tests; the top bit is cleared, bit 6 set. */
  serial?: Buffer;
}

function algorithmIdentifier(): Buffer {
  // ecdsa-with-SHA256 takes no parameters (the field is absent, not NULL).
  return der.sequence(der.oid(OID.ecdsaWithSha256));
}

function name(commonName: string): Buffer {
  return der.sequence(der.set(der.sequence(der.oid(OID.commonName), der.utf8String(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  // DER omits a BOOLEAN that equals its DEFAULT (critical FALSE).
  return critical
    ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value))
    : der.sequence(der.oid(id), der.octetString(value));
}

/** 16 bytes, positive, and minimally encoded as exactly 16 bytes (top bit clear, next bit set). */
function serialNumber(source: Buffer | undefined): Buffer {
  const bytes = Buffer.from(source ?? randomBytes(16));
  if (bytes.length !== 16) throw new RangeError("certificate serial must be 16 bytes");
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes;
}

export function generateServerCertificate(options: CertificateOptions = {}): ServerCertificate {
  const hostname = options.hostname ?? "localhost";
  const now = options.now ?? new Date();
  const validityDays = options.validityDays ?? 3650;
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
  const notAfter = new Date(notBefore.getTime() + 60_000 + validityDays * 86_400_000);

  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  // SubjectPublicKeyInfo is exactly what Node exports as SPKI DER.
  const spki = publicKey.export({ type: "spki", format: "der" });

  const extensions = der.sequence(
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    extension(OID.keyUsage, true, der.namedBits([KEY_USAGE_DIGITAL_SIGNATURE, KEY_USAGE_KEY_CERT_SIGN])),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
    extension(OID.subjectAltName, false, der.sequence(der.implicitPrimitive(2, Buffer.from(hostname, "ascii")))),
  );

  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // version: v3
    der.unsignedInteger(serialNumber(options.serial)),
    algorithmIdentifier(),
    name(hostname), // issuer = subject: self-signed
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name(hostname),
    spki,
    der.explicit(3, extensions),
  );
  // node:crypto produces the DER ECDSA-Sig-Value X.509 expects (dsaEncoding defaults to "der").
  const signature = sign("sha256", tbs, privateKey);
  const certificate = der.sequence(tbs, algorithmIdentifier(), der.bitString(signature));

  return {
    der: certificate,
    certPem: toPem("CERTIFICATE", certificate),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * The handshake's certificate field: standard-alphabet base64 of the DER bytes WITHOUT "="
 * padding (Go's RawStdEncoding; a padded value fails to parse in Terraform).
 */
export function handshakeCertificateField(certificateDer: Buffer): string {
  return certificateDer.toString("base64").replace(/=+$/, "");
}

/** The public key of a private key PEM (tests use it to check the signature). */
export function publicKeyOf(keyPem: string): KeyObject {
  return createPublicKey(createPrivateKey(keyPem));
}
