// The framework's public entry point: everything a provider author imports.
export * from "./api";
export { AttributePath, attr, toPath, type PathStep } from "./path";
export { Diagnostics, ProviderError, diagnosticToProto, type Diagnostic } from "./diagnostics";
export * as validators from "./validators";
