import { PluginError, isPluginError } from "../../src/plugin/errors";
import { CtyCodecError } from "../../src/plugin/cty/errors";
import { TypeJsonError } from "../../src/plugin/cty/type-json";
import { InvalidDefinitionError, ProviderError } from "../../src/plugin/framework/diagnostics";
import { StopRequested } from "../../src/plugin/framework/rpc/runtime";

/** Loads a second, independent copy of the plugin's error modules (as two installed copies would). */
function secondCopy(): {
  ProviderError: typeof ProviderError;
  PluginError: typeof PluginError;
  CtyCodecError: typeof CtyCodecError;
} {
  let copy!: ReturnType<typeof secondCopy>;
  jest.isolateModules(() => {
    copy = {
      ProviderError: (require("../../src/plugin/framework/diagnostics") as { ProviderError: typeof ProviderError })
        .ProviderError,
      PluginError: (require("../../src/plugin/errors") as { PluginError: typeof PluginError }).PluginError,
      CtyCodecError: (require("../../src/plugin/cty/errors") as { CtyCodecError: typeof CtyCodecError }).CtyCodecError,
    };
  });
  return copy;
}

describe("plugin errors", () => {
  it("share one base, each with its own code", () => {
    const all: PluginError[] = [
      new ProviderError("x"),
      new InvalidDefinitionError(["a: bad"]),
      new CtyCodecError("msgpack decode", "bad"),
      new TypeJsonError("bad type"),
      new StopRequested(),
    ];
    expect(all.map((e) => e.code)).toEqual([
      "ERR_PROVIDER",
      "ERR_INVALID_DEFINITION",
      "ERR_CTY_CODEC",
      "ERR_TYPE_JSON",
      "ERR_STOP_REQUESTED",
    ]);
    for (const e of all) {
      expect(e).toBeInstanceOf(PluginError);
      expect(e).toBeInstanceOf(Error);
      expect(isPluginError(e)).toBe(true);
    }
    expect(all.map((e) => e.name)).toEqual([
      "ProviderError",
      "InvalidDefinitionError",
      "CtyCodecError",
      "TypeJsonError",
      "StopRequested",
    ]);
  });

  it("subclass checks compare codes: one kind is not another", () => {
    expect(new ProviderError("x")).not.toBeInstanceOf(CtyCodecError);
    expect(new CtyCodecError("op", "r")).not.toBeInstanceOf(ProviderError);
    expect(new Error("plain")).not.toBeInstanceOf(PluginError);
    expect(isPluginError({ code: "ERR_PROVIDER" })).toBe(false);
  });

  it("instanceof works across two copies of the library", () => {
    const other = secondCopy();
    expect(other.ProviderError).not.toBe(ProviderError);
    const foreign = new other.ProviderError("from the other copy", { path: "name" });
    expect(foreign).toBeInstanceOf(ProviderError);
    expect(foreign).toBeInstanceOf(PluginError);
    expect(foreign).not.toBeInstanceOf(CtyCodecError);
    expect(new ProviderError("ours")).toBeInstanceOf(other.ProviderError);
    expect(new CtyCodecError("op", "r")).toBeInstanceOf(other.PluginError);
    expect(new CtyCodecError("op", "r")).not.toBeInstanceOf(other.ProviderError);
  });
});
