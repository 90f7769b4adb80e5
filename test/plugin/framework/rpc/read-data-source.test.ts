import { StringType, listOf } from "../../../../src/plugin/cty/types";
import { dv, un, configured } from "./harness";

describe("data source", () => {
  const t = {
    kind: "object",
    attributes: { name: StringType, result: StringType, extra: listOf(StringType) },
  } as const;
  it("copies configured values and fills computed ones", async () => {
    const { rpc } = await configured();
    const res = await rpc.readDataSource({
      type_name: "fx_lookup",
      config: dv({ name: "q", result: null, extra: null }, t),
    });
    expect(res.diagnostics).toEqual([]);
    expect(un(res.state, t)).toEqual({ name: "q", result: "found q", extra: null });
  });
});
