// The objects several families need (the applications, and the rules with their scenarios), each
// read once per run and shared: rules need their application's name, scenarios under
// `-application` are the ones that application's rules run.

import type { ApplicationInfo, RuleInfo, VoximplantClient } from "../api";

/** "demo-app.acct.voximplant.com" → "demo-app". */
export function shortApplicationName(fullName: string): string {
  return fullName.split(".")[0];
}

export class AccountReader {
  private applicationList: Promise<ApplicationInfo[]> | undefined;
  private ruleList: Promise<RuleInfo[]> | undefined;

  constructor(
    private readonly client: VoximplantClient,
    /** Only this application (and what belongs to it); null = all. */
    private readonly applicationId: number | null,
    private readonly signal?: AbortSignal,
  ) {}

  /** The selected applications, by id. */
  applications(): Promise<ApplicationInfo[]> {
    this.applicationList ??= this.readApplications();
    return this.applicationList;
  }

  /** The rules of the selected applications, with their scenarios in the order they run. */
  rules(): Promise<RuleInfo[]> {
    this.ruleList ??= this.readRules();
    return this.ruleList;
  }

  private async readApplications(): Promise<ApplicationInfo[]> {
    const out: ApplicationInfo[] = [];
    for await (const app of this.client.listApplications({}, this.options())) {
      if (this.applicationId === null || app.application_id === this.applicationId) out.push(app);
    }
    return out.sort((a, b) => a.application_id - b.application_id);
  }

  private async readRules(): Promise<RuleInfo[]> {
    const out: RuleInfo[] = [];
    for (const app of await this.applications()) {
      const filters = { application_id: app.application_id, with_scenarios: true };
      for await (const rule of this.client.listRules(filters, this.options())) out.push(rule);
    }
    return out;
  }

  private options(): { signal?: AbortSignal } {
    return this.signal === undefined ? {} : { signal: this.signal };
  }
}
