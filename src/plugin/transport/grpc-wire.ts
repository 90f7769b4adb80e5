// The gRPC wire format this runtime serves over HTTP/2 (docs/design/plugin-protocol.md, "gRPC over
// HTTP/2"): status codes, the 5-byte message prefix, and the percent-encoding of grpc-message.
// Pure functions and data, no I/O: grpc-server.ts does the HTTP/2 side.

/** gRPC status codes (the numbers are part of the protocol). */
export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type StatusCode = (typeof Status)[keyof typeof Status];

const STATUS_NAMES = new Map<number, string>(Object.entries(Status).map(([name, code]) => [code, name]));

/** "UNIMPLEMENTED" for 12; the number as text for a code this table lacks. */
export function statusName(code: number): string {
  return STATUS_NAMES.get(code) ?? String(code);
}

/** An RPC failure with the status that goes into the grpc-status trailer. */
export class RpcError extends Error {
  constructor(
    readonly code: StatusCode,
    message: string,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** Flag byte + 4-byte big-endian length in front of every message. */
const MESSAGE_PREFIX_BYTES = 5;

/** The prefix of an uncompressed message of `length` bytes. */
export function messagePrefix(length: number): Buffer {
  const prefix = Buffer.allocUnsafe(MESSAGE_PREFIX_BYTES);
  prefix[0] = 0;
  prefix.writeUInt32BE(length, 1);
  return prefix;
}

/** One message as it travels in DATA frames: uncompressed flag, length, bytes. */
export function frameMessage(message: Uint8Array): Buffer {
  return Buffer.concat([messagePrefix(message.length), message], MESSAGE_PREFIX_BYTES + message.length);
}

/**
 * Splits a request body into messages as DATA frames deliver it: a message may span several
 * chunks and one chunk may hold several messages. Refuses a compressed message (this server
 * announces no encodings, so a client must not send one) and a message over `maxBytes` as soon
 * as its prefix arrives, before its body is buffered.
 */
export class MessageReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly messages: Buffer[] = [];

  constructor(private readonly maxBytes: number) {}

  /** Takes a chunk; throws RpcError on a prefix this server refuses. */
  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= MESSAGE_PREFIX_BYTES) {
      const head = this.peek(MESSAGE_PREFIX_BYTES);
      const flag = head[0];
      const length = head.readUInt32BE(1);
      if (flag !== 0) {
        throw new RpcError(
          flag === 1 ? Status.UNIMPLEMENTED : Status.INTERNAL,
          flag === 1
            ? "compressed messages are not supported by this server (send them uncompressed)"
            : `invalid message flag ${flag}`,
        );
      }
      if (length > this.maxBytes) {
        throw new RpcError(
          Status.RESOURCE_EXHAUSTED,
          `received message larger than max (${length} vs. ${this.maxBytes} bytes)`,
        );
      }
      if (this.pendingBytes < MESSAGE_PREFIX_BYTES + length) return;
      const whole = this.take(MESSAGE_PREFIX_BYTES + length);
      this.messages.push(whole.subarray(MESSAGE_PREFIX_BYTES));
    }
  }

  /** The complete messages so far; throws when the body ended inside a message. */
  finish(): Buffer[] {
    if (this.pendingBytes > 0) {
      throw new RpcError(Status.INTERNAL, `request ended inside a message (${this.pendingBytes} bytes left over)`);
    }
    return this.messages;
  }

  private peek(bytes: number): Buffer {
    if (this.pending[0].length >= bytes) return this.pending[0];
    this.pending = [Buffer.concat(this.pending)];
    return this.pending[0];
  }

  private take(bytes: number): Buffer {
    const joined = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const taken = joined.subarray(0, bytes);
    const rest = joined.subarray(bytes);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return taken;
  }
}

/**
 * grpc-message is percent-encoded: printable ASCII other than '%' stays, every other byte of the
 * UTF-8 text becomes %XX. HTTP/2 header values must not carry raw newlines or non-ASCII.
 */
export function encodeGrpcMessage(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
