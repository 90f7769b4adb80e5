// MoveResourceState: Terraform only calls it when the server advertises move_resource_state
// (the framework does not), but OpenTofu calls it for any `moved` block that changes the resource
// type. The answer is a diagnostic saying what to do instead, not UNIMPLEMENTED (which OpenTofu
// shows as "Unsupported plugin method").

import type { Diagnostics } from "../diagnostics";

export interface MoveRequest {
  readonly sourceProviderAddress: string;
  readonly sourceTypeName: string;
  readonly targetTypeName: string;
}

export function moveResourceState(req: MoveRequest, d: Diagnostics): void {
  const source =
    req.sourceProviderAddress === "" ? req.sourceTypeName : `${req.sourceTypeName} (${req.sourceProviderAddress})`;
  d.addError(
    "Move Resource State Not Supported",
    `Moving a resource into ${req.targetTypeName} from another resource type (${source}) is not supported by this ` +
      `provider. Remove the moved block and bring the existing object under ${req.targetTypeName} with import ` +
      "(an import block or terraform import) instead.",
  );
}
