// The protocol-level schema model and what is derived from it.
export * from "./model";
export * from "./implied-type";
