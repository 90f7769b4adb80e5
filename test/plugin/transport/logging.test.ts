import { PassThrough } from "node:stream";
import { inspect } from "node:util";
import {
  createLogger,
  hclogTimestamp,
  MemorySink,
  parseLogLevel,
  sensitive,
  StreamSink,
  thresholdFromEnv,
  type LogThreshold,
} from "../../../src/plugin/log";

const fixedNow = () => new Date("2025-01-02T03:04:05.123Z");

function memoryLogger(threshold: LogThreshold = "trace", sensitiveKeys?: string[]) {
  const sink = new MemorySink();
  const logger = createLogger({ sink, threshold, module: "widget", now: fixedNow, sensitiveKeys });
  const records = () => sink.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { sink, logger, records };
}

describe("hclog records", () => {
  it("writes one JSON line per record with string @-keys and a six-digit timestamp", () => {
    const { sink, logger, records } = memoryLogger();
    logger.info("created widget", { id: "w-1", count: 3, ok: true });
    expect(sink.lines).toEqual([
      '{"@level":"info","@message":"created ' +
        'widget","@module":"widget","@timestamp":"2025-01-02T03:04:05.123000Z","id":"w-1","count":3,"ok":true}\n',
    ]);
    expect(records()[0]["@timestamp"]).toMatch(/\.\d{6}Z$/);
  });

  it("keeps multi-line messages and stack fields on one line", () => {
    const { sink, logger, records } = memoryLogger();
    logger.error("line one\nline two", { stack: "Error: x\n    at y" });
    expect(sink.lines).toHaveLength(1);
    expect(sink.lines[0].indexOf("\n")).toBe(sink.lines[0].length - 1);
    expect(records()[0]["@message"]).toBe("line one\nline two");
  });

  it("names child modules with dots", () => {
    const { logger, records } = memoryLogger();
    logger.child("transport").child("tls").debug("x");
    expect(records()[0]["@module"]).toBe("widget.transport.tls");
  });

  it("does not let fields override the @-keys", () => {
    const { logger, records } = memoryLogger();
    logger.warn("real", { "@level": "error", "@message": "fake", other: 1 });
    expect(records()[0]).toEqual(expect.objectContaining({ "@level": "warn", "@message": "real", other: 1 }));
  });

  it("converts awkward field values to JSON data", () => {
    const { logger, records } = memoryLogger();
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    logger.info("values", {
      big: 10n ** 30n,
      nan: Number.NaN,
      err: new Error("boom"),
      buf: Buffer.from("secret bytes"),
      date: new Date("2025-01-01T00:00:00Z"),
      skip: undefined,
      fn: () => 1,
      map: new Map([["k", "v"]]),
      circular,
    });
    const r = records()[0];
    expect(r.big).toBe("1000000000000000000000000000000");
    expect(r.nan).toBe("NaN");
    expect(r.err).toBe("boom");
    expect(r.buf).toBe("(12 bytes)");
    expect(r.date).toBe("2025-01-01T00:00:00.000Z");
    expect(r).not.toHaveProperty("skip");
    expect(r.map).toEqual({ k: "v" });
    expect(JSON.stringify(r.circular)).toContain("nested too deeply");
  });

  it("truncates records that would exceed Terraform's line buffer", () => {
    const { sink, logger, records } = memoryLogger();
    logger.info("x".repeat(5000), { blob: "y".repeat(100_000) });
    expect(sink.lines[0].length).toBeLessThan(64 * 1024);
    expect(records()[0].truncated).toMatch(/exceeded/);
  });

  it("formats timestamps with exactly six fractional digits", () => {
    expect(hclogTimestamp(new Date("2025-01-02T03:04:05.000Z"))).toBe("2025-01-02T03:04:05.000000Z");
    expect(hclogTimestamp(new Date("2025-12-31T23:59:59.999Z"))).toBe("2025-12-31T23:59:59.999000Z");
  });
});

describe("redaction", () => {
  it("replaces Sensitive-wrapped values wherever they appear", () => {
    const { logger, records, sink } = memoryLogger();
    const secret = sensitive("p@ss");
    logger.info("login", { user: "bob", password: secret, nested: { list: [secret] } });
    expect(records()[0]).toEqual(
      expect.objectContaining({ password: "(sensitive)", nested: { list: ["(sensitive)"] } }),
    );
    expect(sink.lines[0]).not.toContain("p@ss");
    expect(`${secret}`).toBe("(sensitive)");
    expect(JSON.stringify({ secret })).toBe('{"secret":"(sensitive)"}');
    expect(inspect(secret)).toBe("(sensitive)");
    expect(secret.value).toBe("p@ss");
  });

  it("redacts keys named per call, case-insensitively and at any depth", () => {
    const { logger, records, sink } = memoryLogger();
    logger.debug(
      "request",
      { headers: { Authorization: "Bearer abc", accept: "json" }, sip_password: "pw" },
      { sensitiveKeys: ["authorization", "SIP_PASSWORD"] },
    );
    expect(records()[0]).toEqual(
      expect.objectContaining({
        headers: { Authorization: "(sensitive)", accept: "json" },
        sip_password: "(sensitive)",
      }),
    );
    expect(sink.lines[0]).not.toMatch(/abc|"pw"/);
  });

  it("redacts logger-wide sensitive keys in children too", () => {
    const { logger, records } = memoryLogger("trace", ["token"]);
    logger.child("api").info("call", { token: "t0k3n", id: 7 });
    expect(records()[0]).toEqual(expect.objectContaining({ token: "(sensitive)", id: 7 }));
  });
});

describe("levels", () => {
  it("drops records below the threshold and everything when off", () => {
    const warn = memoryLogger("warn");
    warn.logger.debug("no");
    warn.logger.info("no");
    warn.logger.warn("yes");
    warn.logger.error("yes");
    expect(warn.records().map((r) => r["@level"])).toEqual(["warn", "error"]);
    expect(warn.logger.enabled("info")).toBe(false);
    expect(warn.logger.enabled("error")).toBe(true);
    const off = memoryLogger("off");
    off.logger.error("no");
    expect(off.sink.lines).toEqual([]);
  });

  it("does not evaluate field serialisation when disabled", () => {
    const { logger, sink } = memoryLogger("error");
    const fields = {
      get expensive(): string {
        throw new Error("should not be read");
      },
    };
    expect(() => logger.debug("skipped", fields)).not.toThrow();
    expect(sink.lines).toEqual([]);
  });

  it("parses TF_LOG values the way Terraform does", () => {
    expect(parseLogLevel(undefined)).toBeUndefined();
    expect(parseLogLevel("")).toBeUndefined();
    expect(parseLogLevel(" DEBUG ")).toBe("debug");
    expect(parseLogLevel("json")).toBe("trace");
    expect(parseLogLevel("off")).toBe("off");
    expect(parseLogLevel("loud")).toBe("trace");
  });

  it("takes TF_LOG_PROVIDER over TF_LOG over the fallback", () => {
    expect(thresholdFromEnv({ TF_LOG_PROVIDER: "error", TF_LOG: "trace" }, "off")).toBe("error");
    expect(thresholdFromEnv({ TF_LOG_PROVIDER: "", TF_LOG: "warn" }, "off")).toBe("warn");
    expect(thresholdFromEnv({}, "off")).toBe("off");
    expect(thresholdFromEnv({}, "info")).toBe("info");
  });
});

describe("StreamSink", () => {
  it("writes asynchronously in batches and flush() waits for the stream", async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c.toString()));
    const sink = new StreamSink(stream);
    sink.write("a\n");
    sink.write("b\n");
    expect(chunks).toEqual([]); // nothing written synchronously
    await sink.flush();
    expect(chunks.join("")).toBe("a\nb\n");
    await expect(sink.flush()).resolves.toBeUndefined(); // idle flush resolves too
  });

  it("survives a stream that fails", async () => {
    const broken = {
      write(_chunk: unknown, cb?: (err?: Error | null) => void): boolean {
        cb?.(new Error("EPIPE"));
        return false;
      },
    };
    const sink = new StreamSink(broken as unknown as NodeJS.WritableStream);
    sink.write("x\n");
    await expect(sink.flush()).resolves.toBeUndefined();
  });
});
