// cty types, the value type system of Terraform. One discriminated union mirrors go-cty's kinds;
// everything that encodes or decodes values is driven by one of these.

export type CtyType =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "bool" }
  | { readonly kind: "dynamic" }
  | { readonly kind: "list"; readonly element: CtyType }
  | { readonly kind: "set"; readonly element: CtyType }
  | { readonly kind: "map"; readonly element: CtyType }
  | {
      readonly kind: "object";
      readonly attributes: Readonly<Record<string, CtyType>>;
      /** optional-attribute markers (only meaningful for function parameters) */
      readonly optional?: readonly string[];
    }
  | { readonly kind: "tuple"; readonly elements: readonly CtyType[] };

export const StringType: CtyType = Object.freeze({ kind: "string" });
export const NumberType: CtyType = Object.freeze({ kind: "number" });
export const BoolType: CtyType = Object.freeze({ kind: "bool" });
export const DynamicType: CtyType = Object.freeze({ kind: "dynamic" });

export function listOf(element: CtyType): CtyType {
  return { kind: "list", element };
}
export function setOf(element: CtyType): CtyType {
  return { kind: "set", element };
}
export function mapOf(element: CtyType): CtyType {
  return { kind: "map", element };
}
export function objectOf(attributes: Record<string, CtyType>): CtyType {
  return { kind: "object", attributes };
}
export function tupleOf(elements: CtyType[]): CtyType {
  return { kind: "tuple", elements };
}
