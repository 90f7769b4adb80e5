import { createPrivateKey, X509Certificate } from "node:crypto";
import * as der from "../../../src/plugin/transport/der";
import {
  generateServerCertificate,
  handshakeCertificateField,
  publicKeyOf,
} from "../../../src/plugin/transport/certificate";

describe("server certificate", () => {
  const now = new Date("2030-06-15T12:00:00.500Z");
  const cert = generateServerCertificate({ now });
  const x509 = new X509Certificate(cert.der);

  it("parses as X.509 and matches its PEM", () => {
    expect(new X509Certificate(cert.certPem).fingerprint256).toBe(x509.fingerprint256);
  });

  it("is self-signed for localhost with a DNS SAN", () => {
    expect(x509.subject).toBe("CN=localhost");
    expect(x509.issuer).toBe("CN=localhost");
    expect(x509.subjectAltName).toBe("DNS:localhost");
    expect(x509.checkHost("localhost")).toBe("localhost");
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
    expect(publicKeyOf(cert.keyPem).equals(x509.publicKey)).toBe(true);
  });

  it("has EKU serverAuth + clientAuth, CA basic constraints and an ECDSA P-256 key", () => {
    expect(x509.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(x509.ca).toBe(true);
    expect(x509.publicKey.asymmetricKeyType).toBe("ec");
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it("has a positive 16-byte serial", () => {
    expect(x509.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    expect(parseInt(x509.serialNumber.slice(0, 2), 16) & 0x80).toBe(0);
    // a serial source with the top bit set still yields a positive, 16-byte serial
    const forced = new X509Certificate(generateServerCertificate({ serial: Buffer.alloc(16, 0xff) }).der);
    expect(forced.serialNumber).toBe("7F" + "FF".repeat(15));
    const zero = new X509Certificate(generateServerCertificate({ serial: Buffer.alloc(16, 0) }).der);
    expect(zero.serialNumber).toMatch(/^40/);
    expect(zero.serialNumber).toHaveLength(32);
  });

  it("is valid from one minute before now (whole seconds) for the requested days", () => {
    expect(new Date(x509.validFrom).toISOString()).toBe("2030-06-15T11:59:00.000Z");
    expect(new Date(x509.validTo).toISOString()).toBe("2040-06-12T12:00:00.000Z");
    const short = new X509Certificate(generateServerCertificate({ now, validityDays: 1 }).der);
    expect(new Date(short.validTo).toISOString()).toBe("2030-06-16T12:00:00.000Z");
  });

  it("encodes validity after 2049 as GeneralizedTime, which still parses", () => {
    const late = new X509Certificate(
      generateServerCertificate({ now: new Date("2049-12-31T00:00:00Z"), validityDays: 30 }).der,
    );
    expect(new Date(late.validTo).toISOString()).toBe("2050-01-30T00:00:00.000Z");
  });

  it("is announced as unpadded standard base64 of the DER", () => {
    const field = handshakeCertificateField(cert.der);
    expect(field).not.toContain("=");
    expect(field).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(Buffer.from(field, "base64").equals(cert.der)).toBe(true);
    // padding is stripped whatever its length
    expect(handshakeCertificateField(Buffer.from([1]))).toBe("AQ");
    expect(handshakeCertificateField(Buffer.from([1, 2]))).toBe("AQI");
    expect(handshakeCertificateField(Buffer.from([0xfb, 0xff, 0xbf]))).toBe("+/+/");
  });

  it("generates a fresh key and serial every time", () => {
    const other = new X509Certificate(generateServerCertificate().der);
    expect(other.serialNumber).not.toBe(x509.serialNumber);
    expect(
      other.publicKey
        .export({ format: "der", type: "spki" })
        .equals(x509.publicKey.export({ format: "der", type: "spki" })),
    ).toBe(false);
  });
});

describe("DER primitives", () => {
  it("encodes lengths in short and long form", () => {
    expect(der.octetString(Buffer.alloc(3)).subarray(0, 2)).toEqual(Buffer.from([0x04, 0x03]));
    expect(der.octetString(Buffer.alloc(200)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 200]));
    expect(der.octetString(Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]));
  });

  it("encodes integers minimally and positively", () => {
    expect(der.smallInteger(0)).toEqual(Buffer.from([0x02, 0x01, 0x00]));
    expect(der.smallInteger(2)).toEqual(Buffer.from([0x02, 0x01, 0x02]));
    expect(der.smallInteger(128)).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x80]));
    expect(der.unsignedInteger(Buffer.from([0, 0, 0x7f]))).toEqual(Buffer.from([0x02, 0x01, 0x7f]));
    expect(der.unsignedInteger(Buffer.from([0xff]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0xff]));
    expect(() => der.smallInteger(-1)).toThrow(/unsupported INTEGER/);
  });

  it("encodes object identifiers with base-128 arcs", () => {
    expect(der.oid("2.5.29.17")).toEqual(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x11]));
    expect(der.oid("1.2.840.10045.4.3.2")).toEqual(
      Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]),
    );
    expect(() => der.oid("1")).toThrow(/bad OID/);
    expect(() => der.oid("1.x.3")).toThrow(/bad OID/);
  });

  it("encodes named bits without trailing zero bits", () => {
    // digitalSignature (0) + keyCertSign (5): 1000 0100, two unused bits
    expect(der.namedBits([0, 5])).toEqual(Buffer.from([0x03, 0x02, 0x02, 0x84]));
    expect(der.namedBits([0])).toEqual(Buffer.from([0x03, 0x02, 0x07, 0x80]));
  });

  it("encodes times as UTCTime before 2050 and GeneralizedTime from 2050", () => {
    expect(der.time(new Date("2030-01-02T03:04:05.678Z")).toString("latin1")).toBe("\x17\x0d300102030405Z");
    expect(der.time(new Date("2050-01-02T03:04:05Z")).toString("latin1")).toBe("\x18\x0f20500102030405Z");
  });

  it("encodes booleans as DER requires (TRUE = 0xff)", () => {
    expect(der.boolean(true)).toEqual(Buffer.from([0x01, 0x01, 0xff]));
    expect(der.boolean(false)).toEqual(Buffer.from([0x01, 0x01, 0x00]));
  });
});
