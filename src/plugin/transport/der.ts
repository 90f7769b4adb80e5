// The handful of ASN.1 DER encoders an X.509 certificate needs. DER = definite lengths, minimal
// encodings; Go's certificate parser (Terraform's side of AutoMTLS) rejects anything else.

const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Tag-length-value with an arbitrary tag byte. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(TAG.SEQUENCE, Buffer.concat(items));
}

export function set(...items: Buffer[]): Buffer {
  return tlv(TAG.SET, Buffer.concat(items));
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
}

/**
 * A non-negative INTEGER from big-endian magnitude bytes: leading zero bytes are dropped, and one
 * is added back when the top bit is set so the value stays positive.
 */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let bytes = magnitude.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function smallInteger(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffff) throw new RangeError(`unsupported INTEGER ${value}`);
  const bytes: number[] = [];
  for (let n = value; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return unsignedInteger(Buffer.from(bytes.length ? bytes : [0]));
}

/** OBJECT IDENTIFIER from dotted text, e.g. "2.5.29.17". */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split(".").map((a) => {
    if (!/^\d+$/.test(a)) throw new Error(`bad OID ${dotted}`);
    return Number(a);
  });
  if (arcs.length < 2) throw new Error(`bad OID ${dotted}`);
  const out: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) base128.unshift(0x80 | (n & 0x7f));
    out.push(...base128);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.UTF8_STRING, Buffer.from(text, "utf8"));
}

export function octetString(content: Buffer): Buffer {
  return tlv(TAG.OCTET_STRING, content);
}

/** BIT STRING whose content is whole bytes (signatures, public keys). */
export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), content]));
}

/**
 * Named-bit BIT STRING (e.g. keyUsage) from bit numbers, bit 0 being the most significant bit of
 * the first byte. DER drops trailing zero bits, which the unused-bits count records.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)] |= 0x80 >> (bit % 8);
  return bitString(bytes, 7 - (highest % 8));
}

/** RFC 5280 time: UTCTime through 2049, GeneralizedTime from 2050, both at whole seconds. */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "") + "Z"; // YYYYMMDDHHMMSSZ
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(digits.slice(2), "ascii"));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(digits, "ascii"));
}

/** Context-specific constructed tag [n] EXPLICIT. */
export function explicit(tagNumber: number, content: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, content);
}

/** Context-specific primitive tag [n] IMPLICIT (e.g. GeneralName dNSName is [2]). */
export function implicitPrimitive(tagNumber: number, content: Buffer): Buffer {
  return tlv(0x80 | tagNumber, content);
}
