// The cty layer's internals: type JSON, the msgpack/JSON codecs, equality. The types and the Value
// model a provider author handles are public and listed once, in src/plugin/index.ts; this index
// lists only what stays inside the runtime (its modules import from the files directly).
export {
  TypeJsonError,
  hasDynamicTypes,
  typeEquals,
  typeFromJson,
  typeFromJsonText,
  typeJsonBytes,
  typeJsonText,
  typeToJson,
} from "./type-json";
export { decodeValue, encodeValue } from "./msgpack";
export { CtyCodecError } from "./errors";
export { decodeJsonValue, encodeJsonValue } from "./json";
export { conformsTo, isWhollyKnown, nullObjectFor, valueKey, valuesEqual } from "./equality";
