// The gRPC message framing and status text encoding, without a server.
import {
  encodeGrpcMessage,
  frameMessage,
  MessageReader,
  RpcError,
  Status,
} from "../../../src/plugin/transport/grpc-wire";

function refusal(fn: () => void): RpcError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("MessageReader", () => {
  it("reads one message delivered in one chunk", () => {
    const reader = new MessageReader(1024);
    reader.push(frameMessage(Buffer.from("hello")));
    expect(reader.finish().map(String)).toEqual(["hello"]);
  });

  it("joins a message split byte by byte, prefix included", () => {
    const reader = new MessageReader(1024);
    const framed = frameMessage(Buffer.from("split across chunks"));
    for (let i = 0; i < framed.length; i++) reader.push(framed.subarray(i, i + 1));
    expect(reader.finish().map(String)).toEqual(["split across chunks"]);
  });

  it("separates several messages in one chunk, and an empty message", () => {
    const reader = new MessageReader(1024);
    reader.push(
      Buffer.concat([frameMessage(Buffer.from("a")), frameMessage(Buffer.alloc(0)), frameMessage(Buffer.from("bc"))]),
    );
    expect(reader.finish().map(String)).toEqual(["a", "", "bc"]);
  });

  it("refuses a message over the limit as soon as its prefix arrives", () => {
    const reader = new MessageReader(10);
    const prefix = Buffer.from([0, 0, 0, 0, 11]);
    const err = refusal(() => reader.push(prefix));
    expect(err.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(err.message).toBe("received message larger than max (11 vs. 10 bytes)");
  });

  it("accepts a message of exactly the limit", () => {
    const reader = new MessageReader(10);
    reader.push(frameMessage(Buffer.alloc(10, 1)));
    expect(reader.finish()[0].length).toBe(10);
  });

  it("refuses a compressed message clearly, and an unknown flag", () => {
    const compressed = frameMessage(Buffer.from("x"));
    compressed[0] = 1;
    const err = refusal(() => new MessageReader(1024).push(compressed));
    expect(err.code).toBe(Status.UNIMPLEMENTED);
    expect(err.message).toMatch(/compressed messages are not supported/);
    compressed[0] = 7;
    expect(refusal(() => new MessageReader(1024).push(compressed)).code).toBe(Status.INTERNAL);
  });

  it("refuses a body that ends inside a message", () => {
    const reader = new MessageReader(1024);
    reader.push(frameMessage(Buffer.from("truncated")).subarray(0, 8));
    const err = refusal(() => reader.finish());
    expect(err.code).toBe(Status.INTERNAL);
    expect(err.message).toMatch(/ended inside a message/);
  });
});

describe("encodeGrpcMessage", () => {
  it("keeps printable ASCII as it is", () => {
    expect(encodeGrpcMessage("ReadResource: database on fire")).toBe("ReadResource: database on fire");
  });

  it("percent-encodes '%', control characters and the UTF-8 bytes of non-ASCII text", () => {
    expect(encodeGrpcMessage("100% done\nnext")).toBe("100%25 done%0Anext");
    expect(encodeGrpcMessage("Zürich")).toBe("Z%C3%BCrich");
  });

  it("round-trips through a percent decoder", () => {
    const text = "line 1\nline 2 — 50% ✓";
    expect(decodeURIComponent(encodeGrpcMessage(text))).toBe(text);
  });
});
