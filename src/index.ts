// The package's main entry: the pieces a program embeds. Each is its own room with its own
// index; importing this file loads all of them, so tools that care about start-up time (the
// provider executable) import the room they need directly instead.
export * as api from "./api";
export { startEmulator, type RunningEmulator, type StartOptions as EmulatorStartOptions } from "./emulator";
export { createProvider, providerSchemaJson } from "./provider";
export { VOXIMPLANT_PROVIDER_SOURCE as PROVIDER_SOURCE } from "./provider-address";
export { reviewPlan, reviewPlanMarkdown } from "./review";
