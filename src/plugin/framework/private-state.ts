// Private state: opaque bytes Terraform keeps with each resource instance. The framework stores a
// JSON object there. Unchanged private data is echoed byte for byte (ReadResource's answer
// REPLACES the stored bytes, so re-encoding could silently rewrite them).

import type { PrivateState } from "./api";

export class PrivateStateDocument implements PrivateState {
  private data: Record<string, unknown>;
  private dirty = false;

  private constructor(
    private readonly original: Buffer,
    data: Record<string, unknown>,
  ) {
    this.data = data;
  }

  /** Parses incoming bytes; throws an Error with a readable message for anything but a JSON object. */
  static fromBytes(bytes: Buffer | Uint8Array | null | undefined): PrivateStateDocument {
    const buf = bytes === null || bytes === undefined ? Buffer.alloc(0) : Buffer.from(bytes);
    if (buf.length === 0) return new PrivateStateDocument(buf, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(buf.toString("utf8"));
    } catch {
      throw new Error("private state is not valid JSON");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new Error("private state is not a JSON object");
    }
    return new PrivateStateDocument(buf, parsed as Record<string, unknown>);
  }

  get(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.delete(key);
      return;
    }
    // round-trip now so a non-JSON value fails in the resource method that set it
    const json = JSON.stringify(value);
    if (json === undefined)
      throw new TypeError(`private state value for ${JSON.stringify(key)} is not JSON-serialisable`);
    this.data = { ...this.data, [key]: JSON.parse(json) as unknown };
    this.dirty = true;
  }

  delete(key: string): void {
    if (!Object.prototype.hasOwnProperty.call(this.data, key)) return;
    const next = { ...this.data };
    delete next[key];
    this.data = next;
    this.dirty = true;
  }

  keys(): string[] {
    return Object.keys(this.data).sort();
  }

  toBytes(): Buffer {
    if (!this.dirty) return this.original;
    const keys = this.keys();
    if (keys.length === 0) return Buffer.alloc(0);
    // sorted keys: the same content always gives the same bytes (plans are compared at apply)
    const sorted: Record<string, unknown> = {};
    for (const k of keys) sorted[k] = this.data[k];
    return Buffer.from(JSON.stringify(sorted), "utf8");
  }
}
