import { type ValueObject } from "../../../../src/plugin/cty/value";
import { thingConfig } from "../fixture-schema";
import { dv, un, errors, configured, planCreate } from "./harness";

describe("StopProvider", () => {
  it("aborts the signal of in-flight operations and gives later calls a fresh one", async () => {
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const { rpc } = await configured({
      inFlight: (signal) => {
        seen = signal;
        started();
        return new Promise<void>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      },
    });
    const config = thingConfig();
    const plan = un((await planCreate(rpc, config)).planned_state) as ValueObject;
    const applying = rpc.applyResourceChange({
      type_name: "fx_thing",
      prior_state: dv(null),
      planned_state: dv(plan),
      config: dv(config),
      planned_private: Buffer.alloc(0),
    });
    await startedP;
    expect(await rpc.stopProvider()).toEqual({ Error: "" });
    const res = await applying;
    expect(seen?.aborted).toBe(true);
    expect(errors(res.diagnostics)).toEqual(["Create was cancelled"]);
    const after = await (await configured()).rpc.stopProvider();
    expect(after.Error).toBe("");
  });
});
