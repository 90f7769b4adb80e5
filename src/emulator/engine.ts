// The emulator without its HTTP server: state, switches, call log, faults, persistence. The
// server and the admin endpoints both drive this object; tests may use it directly too.

import { Authenticator } from "./auth";
import { CallLog } from "./calllog";
import { validateConfigPatch, type EmulatorConfig } from "./config";
import { FaultInjector } from "./faults";
import { serializeState, type EmulatorState } from "./model";
import { DurableFile } from "./persistence";

export class Emulator {
  readonly log: CallLog;
  readonly faults = new FaultInjector();
  readonly auth = new Authenticator();
  private readonly store: DurableFile | undefined;

  constructor(
    readonly state: EmulatorState,
    public config: EmulatorConfig,
    statePath?: string,
  ) {
    this.log = new CallLog(() => this.config.logLimit);
    this.store = statePath !== undefined ? new DurableFile(statePath, () => serializeState(this.state)) : undefined;
  }

  /** Resolves once every change made so far is on disk (immediately without a state file). */
  persist(): Promise<void> {
    return this.store ? this.store.commit() : Promise.resolve();
  }

  async flush(): Promise<void> {
    if (this.store) await this.store.flush();
  }

  /** Applies a run-time switch patch; throws TypeError naming the bad field. */
  updateConfig(patch: unknown): EmulatorConfig {
    const checked = validateConfigPatch(patch);
    if (!checked.ok) throw new TypeError(checked.message);
    this.config = { ...this.config, ...checked.value };
    return this.config;
  }

  /** POST /__emulator/reset: counters, log and faults (state untouched). */
  resetControls(): void {
    this.log.reset();
    this.faults.clear();
  }

  /** POST /__emulator/wipe: resetControls plus every registration (ids are still never reused). */
  async wipeRegistrations(): Promise<void> {
    this.resetControls();
    this.state.registrations.clear();
    await this.persist();
  }
}
