// The protocol-level schema model and what is derived from it.
export * from "./model";
export * from "./implied-type";
export * from "./to-proto";
export * from "./to-json";
export * from "./validate";
