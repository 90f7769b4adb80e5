// VoximplantClient: typed calls of the Management API methods the provider needs.
// SKELETON — the transport is being implemented; signatures are stable.

import type {
  AddApplicationParams, AddApplicationResult, AddRuleParams, AddRuleResult, AddUserParams, AddUserResult,
  BindSipRegistrationParams, CreateSipRegistrationParams, CreateSipRegistrationResult, DelApplicationParams,
  DelRuleParams, DelUserParams, DeleteSipRegistrationParams, GetApplicationsParams, GetApplicationsResult,
  GetRulesParams, GetRulesResult, GetSipRegistrationsParams, GetSipRegistrationsResult, GetUsersParams,
  GetUsersResult, MutationResult, UpdateSipRegistrationParams, SipRegistration, SipRegistrationFilters,
} from "./types";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export interface ServiceAccountCredentials {
  account_id: number;
  account_email?: string;
  key_id: string;
  private_key: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  /** Rows requested per page (default 1000). */
  pageSize?: number;
}

export interface VoximplantClientOptions {
  credentials: ServiceAccountCredentials;
  apiUrl?: string;
  logger?: Logger;
}

export class VoximplantClient {
  constructor(readonly options: VoximplantClientOptions) {}

  private notYet(): never {
    throw new Error("VoximplantClient: not implemented yet");
  }

  async createSipRegistration(_p: CreateSipRegistrationParams, _o?: CallOptions): Promise<CreateSipRegistrationResult> { return this.notYet(); }
  async updateSipRegistration(_p: UpdateSipRegistrationParams, _o?: CallOptions): Promise<MutationResult> { return this.notYet(); }
  async bindSipRegistration(_p: BindSipRegistrationParams, _o?: CallOptions): Promise<MutationResult> { return this.notYet(); }
  async deleteSipRegistration(_p: DeleteSipRegistrationParams, _o?: CallOptions): Promise<MutationResult> { return this.notYet(); }
  async getSipRegistrations(_p: GetSipRegistrationsParams, _o?: CallOptions): Promise<GetSipRegistrationsResult> { return this.notYet(); }
  // eslint-disable-next-line require-yield
  async *listSipRegistrations(_f: SipRegistrationFilters, _o?: ListOptions): AsyncGenerator<SipRegistration> { this.notYet(); }
  async findSipRegistrations(_k: { sip_username: string; proxy: string }, _o?: CallOptions): Promise<SipRegistration[]> { return this.notYet(); }
  async getApplications(_p: GetApplicationsParams, _o?: CallOptions): Promise<GetApplicationsResult> { return this.notYet(); }
  async addApplication(_p: AddApplicationParams, _o?: CallOptions): Promise<AddApplicationResult> { return this.notYet(); }
  async delApplication(_p: DelApplicationParams, _o?: CallOptions): Promise<MutationResult> { return this.notYet(); }
  async getRules(_p: GetRulesParams, _o?: CallOptions): Promise<GetRulesResult> { return this.notYet(); }
  async addRule(_p: AddRuleParams, _o?: CallOptions): Promise<AddRuleResult> { return this.notYet(); }
  async delRule(_p: DelRuleParams, _o?: CallOptions): Promise<MutationResult> { return this.notYet(); }
  async getUsers(_p: GetUsersParams, _o?: CallOptions): Promise<GetUsersResult> { return this.notYet(); }
  async addUser(_p: AddUserParams, _o?: CallOptions): Promise<AddUserResult> { return this.notYet(); }
  async delUser(_p: DelUserParams, _o?: CallOptions): Promise<MutationResult> { return this.notYet(); }
  abortAll(): void {}
  async close(): Promise<void> {}
}
