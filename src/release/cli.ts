// Command line of `npm run package` (after the build): see USAGE.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { findRepoRoot, providerBundlePath } from "../demo/paths";
import { releaseNames } from "./artifacts";
import { packageRelease } from "./package";
import { parsePlatforms, RELEASE_PLATFORMS } from "./platforms";
import { loadSigningKey, SIGNING_ENV, SigningKeyError, type SigningKey } from "./signing";

const USAGE = `Usage: npm run package -- [options]

Builds the self-contained provider executables and writes a release in the registry format.

  --out DIR              Release directory (default dist/release).
  --platforms LIST       Comma-separated, from: ${RELEASE_PLATFORMS.map((p) => p.id).join(", ")}
                         (default: all of them).
  --registry-dir DIR     Also add the release to a static registry + network mirror tree in DIR
                         (needs --hostname and a signing key).
  --hostname HOST[,HOST] The host that will serve the tree, as users write it in source addresses
                         (HOST or HOST:PORT). The network mirror part is written for every
                         HOST listed; Terraform cannot use a network mirror for a source host
                         name that has a port.

Signing (never put these in a file of the repository):
  ${SIGNING_ENV.keyFile}    path of an ASCII-armored OpenPGP private key, or
  ${SIGNING_ENV.key}         the armored key itself;
  ${SIGNING_ENV.passphrase}  its passphrase, if it has one.
Without a key the release is written unsigned (no .sig file), and this command says so.
`;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Repository root (dist/bundle, dist/sea, package.json); default: the one above this file. */
  root?: string;
  out(line: string): void;
  err(line: string): void;
}

interface CliArgs {
  outDir: string;
  platforms: string;
  registryDir?: string;
  hostnames?: string[];
  help: boolean;
}

function parseArgs(argv: readonly string[], root: string): CliArgs {
  const args: CliArgs = {
    outDir: join(root, "dist", "release"),
    platforms: RELEASE_PLATFORMS.map((p) => p.id).join(","),
    help: false,
  };
  const valueOf = (flag: string, i: number): string => {
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes("=")
      ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)]
      : [argv[i], undefined];
    const take = (): string => (inline !== undefined ? inline : valueOf(flag, i++));
    switch (flag) {
      case "--out":
        args.outDir = resolve(take());
        break;
      case "--platforms":
        args.platforms = take();
        break;
      case "--registry-dir":
        args.registryDir = resolve(take());
        break;
      case "--hostname":
        args.hostnames = take()
          .split(",")
          .map((h) => h.trim())
          .filter((h) => h !== "");
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  if (args.registryDir !== undefined && (args.hostnames ?? []).length === 0) {
    throw new Error(
      "--registry-dir needs --hostname HOST[:PORT]: the host that serves the tree, as written in source addresses",
    );
  }
  return args;
}

/** The signing key named by the environment, or undefined when none is configured. */
async function signingKeyFromEnv(env: NodeJS.ProcessEnv): Promise<SigningKey | undefined> {
  const file = env[SIGNING_ENV.keyFile];
  const inline = env[SIGNING_ENV.key];
  if (file && inline) throw new SigningKeyError(`set either ${SIGNING_ENV.keyFile} or ${SIGNING_ENV.key}, not both`);
  if (!file && !inline) return undefined;
  let armored: string;
  let source: string;
  if (file) {
    source = `${SIGNING_ENV.keyFile} (${file})`;
    try {
      armored = readFileSync(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      throw new SigningKeyError(`signing key: cannot read ${source}: ${code}`);
    }
  } else {
    source = SIGNING_ENV.key;
    armored = inline as string;
  }
  return loadSigningKey(armored, env[SIGNING_ENV.passphrase], source);
}

export async function runPackageCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const root = io.root ?? findRepoRoot(__dirname);
    const args = parseArgs(argv, root);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const platforms = parsePlatforms(args.platforms);
    const signingKey = await signingKeyFromEnv(io.env);
    const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
    const epoch = io.env.SOURCE_DATE_EPOCH;
    const result = await packageRelease({
      version,
      platforms,
      bundlePath: providerBundlePath(root),
      seaDir: join(root, "dist", "sea"),
      outDir: args.outDir,
      signingKey,
      registry: args.registryDir !== undefined ? { dir: args.registryDir, hostnames: args.hostnames ?? [] } : undefined,
      modified: epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined,
      log: io.out,
    });
    const { release } = result;
    io.out(`Release ${version} written to ${result.outDir}:`);
    for (const z of release.archives) io.out(`  ${z.filename}`);
    io.out(`  ${release.manifest}`);
    io.out(`  ${release.shasums}`);
    if (release.signature !== undefined) {
      io.out(`  ${release.signature} (signed with key ${release.signingKey?.keyId})`);
    } else {
      io.err(
        `UNSIGNED: no signing key was given, so ${releaseNames.signature(version)} was not written. ` +
          `Registries and 'terraform init' from a registry need a signed release: set ${SIGNING_ENV.keyFile} ` +
          `(or ${SIGNING_ENV.key}) and ${SIGNING_ENV.passphrase}.`,
      );
    }
    if (result.registryDir !== undefined) io.out(`Registry and network mirror tree updated in ${result.registryDir}`);
    return 0;
  } catch (err) {
    io.err(`package: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void runPackageCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
