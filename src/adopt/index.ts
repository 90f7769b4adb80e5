// `terraform-provider-voximplant adopt`: import blocks for the objects of an existing account.
export { ADOPT_USAGE, runAdoptCli, type AdoptIo } from "./cli";
export { ADOPTERS, adoptAccount, type AdoptOptions, type AdoptResult, type FamilyResult } from "./adopt";
export type { AdoptedObject, Adopter, AdoptFilters, BlockArguments, BlockValue } from "./adopter";
export { assignNames, sanitizeName, type NameRequest } from "./names";
export { hclComment, hclString, hclText } from "./hcl";
