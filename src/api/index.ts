// Public surface of the Voximplant Management API client.
export * from "./types";
export * from "./errors";
export { VoximplantClient } from "./client";
export type { CallOptions, ListOptions, LogLevel, Logger, ServiceAccountCredentials, VoximplantClientOptions } from "./client";
