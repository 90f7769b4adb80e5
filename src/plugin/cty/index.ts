// The cty value/type layer: types, the Value model, type JSON, and the msgpack/JSON codecs.
export * from "./types";
export * from "./value";
export * from "./type-json";
export * from "./msgpack";
export { CtyCodecError, formatPath, type CodecPathStep } from "./errors";
export { compareUtf8 } from "./keys";
export * from "./json";
export * from "./equality";
