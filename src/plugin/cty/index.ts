// The cty value/type layer inside the plugin runtime: types, the Value model, type JSON, and the
// msgpack/JSON codecs. Internal: the package's public surface (src/plugin/index.ts) passes on
// only the types and values a provider author handles.
export {
  BoolType,
  DynamicType,
  NumberType,
  StringType,
  listOf,
  mapOf,
  objectOf,
  setOf,
  tupleOf,
  type CtyType,
} from "./types";
export {
  DynamicValue,
  TfNumber,
  UNKNOWN,
  Unknown,
  isKnownObject,
  isUnknown,
  type Refinements,
  type Value,
  type ValueObject,
} from "./value";
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
