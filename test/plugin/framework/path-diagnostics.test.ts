import { Severity } from "../../../src/plugin/protocol/messages";
import { AttributePath, attr } from "../../../src/plugin/framework/path";
import { Diagnostics, ProviderError } from "../../../src/plugin/framework/diagnostics";
import { diagnosticToProto, diagnosticsToProto, pathToProto } from "../../../src/plugin/framework/rpc/wire";

describe("AttributePath", () => {
  it("builds paths step by step and renders them for humans", () => {
    const p = attr("rules").index(0).key("k").attr("name");
    expect(p.toString()).toBe('rules[0]["k"].name');
    expect(AttributePath.ROOT.toString()).toBe("(resource)");
    expect(p.parent().toString()).toBe('rules[0]["k"]');
    expect(p.lastAttributeName()).toBe("name");
  });

  it("converts to the protocol's step list", () => {
    expect(pathToProto(attr("a").index(2).key("x"))).toEqual({
      steps: [{ attribute_name: "a" }, { element_key_int: 2 }, { element_key_string: "x" }],
    });
  });

  it("compares paths by steps", () => {
    expect(attr("a").index(1).equals(attr("a").index(1))).toBe(true);
    expect(attr("a").index(1).equals(attr("a").key("1"))).toBe(false);
    expect(attr("a").equals(attr("a").attr("b"))).toBe(false);
  });

  it("rejects negative or fractional indexes", () => {
    expect(() => attr("a").index(-1)).toThrow(/invalid list index/);
    expect(() => attr("a").index(1.5)).toThrow(/invalid list index/);
  });
});

describe("Diagnostics", () => {
  it("collects errors and warnings with paths and converts them to protocol messages", () => {
    const d = new Diagnostics();
    d.addWarning("heads up");
    expect(d.hasErrors()).toBe(false);
    d.addError("bad name", "name must be lowercase", "name");
    d.addError("bad rule", undefined, attr("rules").index(0));
    expect(d.hasErrors()).toBe(true);
    expect(diagnosticsToProto(d)).toEqual([
      { severity: Severity.WARNING, summary: "heads up" },
      {
        severity: Severity.ERROR,
        summary: "bad name",
        detail: "name must be lowercase",
        attribute: { steps: [{ attribute_name: "name" }] },
      },
      {
        severity: Severity.ERROR,
        summary: "bad rule",
        attribute: { steps: [{ attribute_name: "rules" }, { element_key_int: 0 }] },
      },
    ]);
  });

  it("never emits the INVALID severity and drops a root path", () => {
    const msg = diagnosticToProto({ severity: "error", summary: "x", path: AttributePath.ROOT });
    expect(msg.severity).toBe(Severity.ERROR);
    expect(msg.attribute).toBeUndefined();
  });

  it("ProviderError carries path and detail", () => {
    const e = new ProviderError("create failed", { detail: "timeout", path: "name" });
    expect(e.message).toBe("create failed");
    expect(e.detail).toBe("timeout");
    expect(e.path?.toString()).toBe("name");
    expect(e.code).toBe("ERR_PROVIDER");
  });
});
