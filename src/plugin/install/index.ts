// Local installation of a provider bundle for Terraform, without a registry: an unpacked
// filesystem mirror (layout in docs/design/plugin-protocol.md) plus a CLI configuration file that
// points Terraform at it for this provider's namespace only.
//
//   DIR/mirror/HOST/NS/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION   (shell wrapper)
//   DIR/mirror/HOST/NS/TYPE/VERSION/OS_ARCH/start.js                            (start script)
//   DIR/mirror/HOST/NS/TYPE/VERSION/OS_ARCH/provider.js                         (bundle copy)
//   DIR/mirror/HOST/NS/TYPE/VERSION/OS_ARCH/provider.js.v8cache                 (code cache)
//   DIR/terraformrc                                                             (CLI config)
//
// The bundle is COPIED into the package directory because Terraform's lock-file hash (h1:)
// covers exactly the files of that directory: code living elsewhere would escape verification.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import {
  codeCacheAccepted,
  codeCachePathOf,
  sameFileContent,
  START_SCRIPT_NAME,
  startScript,
  writeCodeCache,
} from "./code-cache";
import { DEFERRED_EXTRA_CA_CERTS_KEY } from "../transport/launch-environment";

export { codeCachePathOf } from "./code-cache";

export interface InstallOptions {
  /** Installation root; default `~/.terraform-provider-TYPE`. */
  dir?: string;
  /** Source address parts: `HOSTNAME/NAMESPACE/TYPE`. The hostname is never contacted. */
  hostname: string;
  namespace: string;
  type: string;
  /** Semantic version without "v", e.g. "0.1.0". */
  version: string;
  /** The provider bundle (one .js file), installed with a wrapper that runs it with Node.js. */
  bundlePath?: string;
  /**
   * A self-contained provider executable (no Node.js needed), installed as the provider itself
   * instead of the wrapper and bundle. Give exactly one of bundlePath and executablePath.
   */
  executablePath?: string;
  /** Node.js executable the wrapper runs; default: the one running this installation. */
  nodePath?: string;
  /** Go-style platform directory, default from the running Node (e.g. "linux_amd64"). */
  platform?: string;
  /** Node.js flags in the wrapper; default DEFAULT_NODE_FLAGS. */
  nodeFlags?: readonly string[];
  /**
   * The wrapper moves NODE_EXTRA_CA_CERTS to DEFERRED_EXTRA_CA_CERTS_KEY before it starts Node.js,
   * which then starts without building its certificate store (about 40 ms of every start). Only
   * for a provider whose every TLS client trusts that file itself (Node.js's default trust no
   * longer includes it in the provider process). Default false.
   */
  deferExtraCaCerts?: boolean;
  /**
   * Start the installed provider once to write its V8 code cache (see code-cache.ts). Default
   * true; a bundle that does not reach a handshake simply gets no cache.
   */
  codeCache?: boolean;
}

/**
 * Node.js flags of the wrapper: none. Any V8 flag on the command line makes Node.js reject the code
 * cache of its own built-in modules (about 40 ms more per start-up, and Terraform starts a provider
 * several times per command); the start script limits the young generation at run time instead
 * (the start script in code-cache.ts, for the peak memory of large refreshes).
 */
export const DEFAULT_NODE_FLAGS: readonly string[] = [];

export interface InstallResult {
  dir: string;
  mirrorDir: string;
  packageDir: string;
  executablePath: string;
  /** Where the bundle copy lives in wrapper mode (absent after an executable installation). */
  bundleCopyPath: string;
  /** The V8 code cache of the bundle, or null when none was written. */
  codeCachePath: string | null;
  cliConfigPath: string;
  /** `export TF_CLI_CONFIG_FILE=…` for a POSIX shell. */
  exportLine: string;
  sourceAddress: string;
}

const GO_OS: Readonly<Record<string, string>> = {
  linux: "linux",
  darwin: "darwin",
  win32: "windows",
  freebsd: "freebsd",
  openbsd: "openbsd",
};
const GO_ARCH: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };

/** Terraform's OS_ARCH name for a Node platform/arch pair. */
export function goPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = GO_OS[platform];
  const cpu = GO_ARCH[arch];
  if (!os || !cpu) throw new Error(`unsupported platform ${platform}/${arch}: no Terraform platform name for it`);
  return `${os}_${cpu}`;
}

/** Throws an error naming the field when an option is malformed. */
function validateInstallOptions(options: InstallOptions): void {
  const checks: [keyof InstallOptions, RegExp, string][] = [
    [
      "hostname",
      /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
      "a lower-case host name such as example.local",
    ],
    ["namespace", /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/, "lower-case letters, digits and dashes"],
    ["type", /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/, "lower-case letters, digits and dashes"],
    ["version", /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "a semantic version without 'v', such as 1.2.3"],
  ];
  for (const [field, pattern, expected] of checks) {
    const value = options[field];
    if (typeof value !== "string" || !pattern.test(value)) {
      throw new Error(`install: invalid ${field} ${JSON.stringify(value)}: expected ${expected}`);
    }
  }
  if ((options.bundlePath === undefined) === (options.executablePath === undefined)) {
    throw new Error("install: give exactly one of bundlePath and executablePath");
  }
  for (const field of ["bundlePath", "executablePath"] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== "string" || !existsSync(value) || !statSync(value).isFile())) {
      throw new Error(`install: ${field} ${JSON.stringify(value)} is not an existing file`);
    }
  }
  if (options.nodePath !== undefined && !isAbsolute(options.nodePath)) {
    throw new Error(`install: nodePath ${JSON.stringify(options.nodePath)} must be an absolute path`);
  }
  for (const flag of options.nodeFlags ?? []) {
    if (!/^--[a-z0-9][a-z0-9_-]*(=\S+)?$/i.test(flag)) {
      throw new Error(
        `install: nodeFlags entry ${JSON.stringify(flag)} is not a Node.js option like --max-semi-space-size=2`,
      );
    }
  }
}

/** POSIX-shell single quoting (only when needed, so the common case stays readable). */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** HCL quoted-string escaping (template sequences included). */
function hclString(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${escaped}"`;
}

/** The executable Terraform runs: Node.js with the flags on `scriptFileName` (the start script). */
function wrapperScript(
  nodePath: string,
  scriptFileName: string,
  label: string,
  nodeFlags: readonly string[],
  deferExtraCaCerts: boolean,
): string {
  const flags = nodeFlags.map((f) => `${shellWord(f)} `).join("");
  const deferral = deferExtraCaCerts
    ? [
        "# Node.js would build its whole certificate store as it starts; the provider's API client",
        "# trusts these extra certificates itself, when it first connects.",
        'if [ -n "${NODE_EXTRA_CA_CERTS-}" ]; then',
        `  ${DEFERRED_EXTRA_CA_CERTS_KEY}=$NODE_EXTRA_CA_CERTS`,
        `  export ${DEFERRED_EXTRA_CA_CERTS_KEY}`,
        "  unset NODE_EXTRA_CA_CERTS",
        "fi",
      ]
    : [];
  return [
    "#!/bin/sh",
    `# ${label} - generated by the provider's install command.`,
    ...deferral,
    "# exec replaces this shell with Node.js, so Terraform's signals and kill reach the provider",
    "# itself and no process is left holding its pipes. Print nothing: stdout is the handshake.",
    `exec ${shellWord(nodePath)} ${flags}"$(dirname -- "$0")/${scriptFileName}" "$@"`,
    "",
  ].join("\n");
}

export function cliConfig(mirrorDir: string, pattern: string): string {
  return [
    "# Generated by the provider's install command. Use it with:",
    `#   export TF_CLI_CONFIG_FILE=<this file>`,
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${hclString(mirrorDir)}`,
    `    include = [${hclString(pattern)}]`,
    "  }",
    "  direct {",
    `    exclude = [${hclString(pattern)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Writes via a temporary file and rename, so a concurrently starting Terraform never reads half a file. */
function writeFileAtomic(path: string, content: string | Buffer, mode: number): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, content, { mode });
  chmodSync(temp, mode);
  renameSync(temp, path);
}

function copyFileAtomic(from: string, to: string, mode: number): void {
  const temp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, temp);
  chmodSync(temp, mode);
  renameSync(temp, to);
}

export function installProvider(options: InstallOptions): InstallResult {
  validateInstallOptions(options);
  if (process.platform === "win32") {
    throw new Error("install: Windows is not supported (Terraform cannot run a shell-script provider there)");
  }
  const dir = resolve(options.dir ?? join(homedir(), `.terraform-provider-${options.type}`));
  const platform = options.platform ?? goPlatform();
  const mirrorDir = join(dir, "mirror");
  const packageDir = join(mirrorDir, options.hostname, options.namespace, options.type, options.version, platform);
  const executablePath = join(packageDir, `terraform-provider-${options.type}_v${options.version}`);
  // Not named terraform-provider-*: Terraform runs the first such file in lexical order.
  const bundleFileName = "provider.js";
  const bundleCopyPath = join(packageDir, bundleFileName);
  const cliConfigPath = join(dir, "terraformrc");
  const sourceAddress = `${options.hostname}/${options.namespace}/${options.type}`;

  const nodePath = options.nodePath ?? process.execPath;
  const nodeFlags = options.nodeFlags ?? DEFAULT_NODE_FLAGS;
  const wrapper = wrapperScript(
    nodePath,
    START_SCRIPT_NAME,
    `${sourceAddress} ${options.version}`,
    nodeFlags,
    options.deferExtraCaCerts === true,
  );
  // Re-installing the same build must leave the package byte for byte as it was (the lock-file
  // hash of working directories covers it), but a code cache is not reproducible: keep the one
  // that is there when the bundle and the wrapper did not change and V8 still accepts it.
  const keepCache =
    options.bundlePath !== undefined &&
    options.codeCache !== false &&
    sameFileContent(resolve(options.bundlePath), bundleCopyPath) &&
    existsSync(executablePath) &&
    readFileSync(executablePath, "utf8") === wrapper &&
    codeCacheAccepted(nodePath, nodeFlags, bundleCopyPath);

  mkdirSync(packageDir, { recursive: true });
  let codeCachePath: string | null = null;
  if (options.executablePath !== undefined) {
    copyFileAtomic(resolve(options.executablePath), executablePath, 0o755);
    // What an earlier wrapper installation left would change the package's h1: hash.
    for (const leftover of [bundleCopyPath, join(packageDir, START_SCRIPT_NAME), codeCachePathOf(bundleCopyPath)]) {
      rmSync(leftover, { force: true });
    }
  } else {
    copyFileAtomic(resolve(options.bundlePath as string), bundleCopyPath, 0o644);
    writeFileAtomic(join(packageDir, START_SCRIPT_NAME), startScript(bundleFileName), 0o644);
    writeFileAtomic(executablePath, wrapper, 0o755);
    // after the wrapper: the cache is made by the installed provider itself, with its Node and flags
    if (options.codeCache === false) rmSync(codeCachePathOf(bundleCopyPath), { force: true });
    codeCachePath =
      options.codeCache === false
        ? null
        : keepCache
          ? codeCachePathOf(bundleCopyPath)
          : writeCodeCache(executablePath, bundleCopyPath);
  }
  mkdirSync(dirname(cliConfigPath), { recursive: true });
  writeFileAtomic(cliConfigPath, cliConfig(mirrorDir, `${options.hostname}/${options.namespace}/*`), 0o644);

  return {
    dir,
    mirrorDir,
    packageDir,
    executablePath,
    bundleCopyPath,
    codeCachePath,
    cliConfigPath,
    exportLine: `export TF_CLI_CONFIG_FILE=${shellWord(cliConfigPath)}`,
    sourceAddress,
  };
}
