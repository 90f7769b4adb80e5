// Terraform configurations the scenarios apply. Registrations and the terraform_data baseline are
// generated with `count`, so Terraform's own work (graph, plan, state) is the same shape for both.
import type { BenchEmulator } from "./emulator";
import { REGISTRATION_RESOURCE, type ProviderInfo } from "./provider-info";
import { hcl, NOOP_SOURCE_ADDRESS, SOURCE_ADDRESS } from "./terraform";

/** Per-command provider settings, passed as -var arguments so one configuration serves all runs. */
export interface ProviderSettings {
  /** Provider argument requests_per_second; undefined = the provider's default. */
  requestsPerSecond?: number;
  readMode?: "batched" | "per_resource";
}

/**
 * The provider block. read_mode and requests_per_second come from variables (null = the
 * provider's default) when the provider has those arguments.
 */
export function providerConfig(emu: BenchEmulator, info: ProviderInfo): { hcl: string; env: NodeJS.ProcessEnv } {
  const attrs = info.providerAttributes;
  const lines: string[] = [];
  const env: NodeJS.ProcessEnv = {};
  // Prefer the provider arguments; the client's environment variables are the fallback.
  if (attrs.has("api_url")) lines.push(`  api_url = ${hcl(emu.url)}`);
  else env.VOXIMPLANT_API_URL = emu.url;
  if (attrs.has("credentials_file")) lines.push(`  credentials_file = ${hcl(emu.credentialsPath)}`);
  else env.VOXIMPLANT_CREDENTIALS = emu.credentialsPath;
  if (attrs.has("requests_per_second")) lines.push("  requests_per_second = var.requests_per_second");
  if (attrs.has("read_mode")) lines.push("  read_mode = var.read_mode");
  const text = [
    "terraform {",
    "  required_providers {",
    `    voximplant = { source = ${hcl(SOURCE_ADDRESS)} }`,
    "  }",
    "}",
    "",
    'variable "read_mode" {',
    "  type    = string",
    "  default = null",
    "}",
    "",
    'variable "requests_per_second" {',
    "  type    = number",
    "  default = null",
    "}",
    "",
    'provider "voximplant" {',
    ...lines,
    "}",
    "",
  ].join("\n");
  return { hcl: text, env };
}

/** -var arguments for the settings (only for arguments the provider has). */
export function settingsArgs(info: ProviderInfo, settings: ProviderSettings): string[] {
  const args: string[] = [];
  if (settings.requestsPerSecond !== undefined && info.providerAttributes.has("requests_per_second")) {
    args.push(`-var=requests_per_second=${settings.requestsPerSecond}`);
  }
  if (settings.readMode !== undefined && info.providerAttributes.has("read_mode"))
    args.push(`-var=read_mode=${settings.readMode}`);
  return args;
}

/** The registrar every benchmark registration points at. */
export const REGISTRATION_PROXY = "pbx.example.org";

export function registrationsConfig(n: number): string {
  return [
    `resource ${hcl(REGISTRATION_RESOURCE)} "r" {`,
    `  count        = ${n}`,
    '  sip_username = "bench-${count.index}"',
    `  proxy        = ${hcl(REGISTRATION_PROXY)}`,
    "}",
    "",
  ].join("\n");
}

export function terraformDataConfig(n: number): string {
  return ['resource "terraform_data" "r" {', `  count = ${n}`, '  input = "bench-${count.index}"', "}", ""].join("\n");
}

/** N resources of a type of the do-nothing provider, with the given argument lines. */
function noopResources(type: string, n: number, args: readonly string[]): string {
  return [
    "terraform {",
    "  required_providers {",
    `    benchnoop = { source = ${hcl(NOOP_SOURCE_ADDRESS)} }`,
    "  }",
    "}",
    "",
    `resource ${hcl(type)} "r" {`,
    `  count = ${n}`,
    ...args,
    "}",
    "",
  ].join("\n");
}

/** N resources of the do-nothing provider (bench/noop-provider.ts). */
export function noopConfig(n: number): string {
  return noopResources("benchnoop_thing", n, ['  input = "bench-${count.index}"']);
}

/**
 * N resources of the do-nothing provider's resource with the registration's schema: the same
 * required arguments as registrationsConfig, so Terraform does the same work per resource.
 */
export function wideNoopConfig(n: number): string {
  return noopResources("benchnoop_wide", n, [
    '  sip_username = "bench-${count.index}"',
    `  proxy        = ${hcl(REGISTRATION_PROXY)}`,
  ]);
}
