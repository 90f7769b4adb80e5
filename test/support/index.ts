// Shared end-to-end harness (see stack.ts for the usage example).
export { startStack } from "./stack";
export type { EmulatorStateDump, Stack, StateResource } from "./stack";
export { readWorkFile } from "./stack";
export { ensureBundle } from "./install";
export { diagnosticsText, expectSuccess, runTerraform } from "./terraform";
export type { TfResult } from "./terraform";
