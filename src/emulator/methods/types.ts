import type { EmulatorConfig } from "../config";
import type { EmulatorState, Role } from "../model";

export interface MethodContext {
  readonly state: EmulatorState;
  readonly config: EmulatorConfig;
  /** Real clock, ms (the auth clock offset does not apply to data timestamps). */
  readonly nowMs: number;
  /** Merged request parameters, empty values already dropped. */
  readonly params: ReadonlyMap<string, string>;
}

export interface ApiMethod {
  readonly name: string;
  /** Service-account roles allowed to call the method (docs/design/voximplant-api.md, "SIP registration methods"). */
  readonly roles: readonly Role[];
  /** A successful call changes state and must be durable before the response is sent. */
  readonly mutates: boolean;
  /**
   * Validates everything first and mutates only when nothing can fail any more, so an error
   * response never leaves a half-applied change behind. Throws ApiErrorReply.
   */
  handle(ctx: MethodContext): Record<string, unknown>;
}
