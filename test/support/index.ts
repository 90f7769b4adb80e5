// Shared end-to-end harness (see stack.ts for the usage example).
export { startStack } from "./stack";
export type { CallCounts, EmulatorStateDump, ShownState, Stack, StackOptions, StateResource, TfCallOptions, WorkdirOptions } from "./stack";
export { readWorkFile } from "./stack";
export { PROVIDER_SOURCE, REQUIRED_PROVIDERS_HCL, ensureBundle, installation } from "./install";
export { diagnosticsText, expectSuccess, runTerraform } from "./terraform";
export type { TfResult } from "./terraform";
