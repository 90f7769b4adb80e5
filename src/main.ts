// The one executable: what Terraform launches (magic cookie set → serve the provider) and a
// small CLI for people (install, schema, --debug, --help). Subcommand paths must stay cheap and
// must not load the provider unless they need it; the provider module is required lazily.
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { MAGIC_COOKIE_KEY, serve, serveDebug } from "./plugin/transport";
import {
  VOXIMPLANT_PROVIDER_HOSTNAME,
  VOXIMPLANT_PROVIDER_NAMESPACE,
  VOXIMPLANT_PROVIDER_SOURCE,
  VOXIMPLANT_PROVIDER_TYPE,
  VOXIMPLANT_WRAPPER_OPTIONS,
} from "./provider-address";
import type * as AdoptModule from "./adopt";
import type * as InstallModule from "./plugin/install";
import type * as ProviderModule from "./provider";
import type * as ExecutableCacheModule from "./release/executable-cache";
import type * as ReviewModule from "./review";

// Replaced by `true` when scripts/build.js bundles this file (esbuild define).
declare const __PROVIDER_BUNDLE__: boolean | undefined;

const TYPE = VOXIMPLANT_PROVIDER_TYPE;
const SOURCE_ADDRESS = VOXIMPLANT_PROVIDER_SOURCE;
const EXECUTABLE = `terraform-provider-${TYPE}`;

function loadProvider(): typeof ProviderModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only by the commands that need it
  return require("./provider") as typeof ProviderModule;
}

/** The installer: required by `install` only, so a provider start does not load it (about 10 ms). */
function loadInstaller(): typeof InstallModule & typeof ExecutableCacheModule {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only by the install command */
  return {
    ...(require("./plugin/install") as typeof InstallModule),
    ...(require("./release/executable-cache") as typeof ExecutableCacheModule),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read only by `version` and `install`
  return (require("../package.json") as { version: string }).version;
}

const USAGE = `Usage: ${EXECUTABLE} [command]

Terraform provider for Voximplant (plugin protocol 6). Terraform starts it by itself; these
commands are for people:

  install [--dir DIR]   Install this build as ${SOURCE_ADDRESS} into a local filesystem
                        mirror (default DIR: ~/.${EXECUTABLE}) and write a Terraform CLI
                        configuration for it. Installs the self-contained executable when
                        this is it, or when 'npm run package' built it from this bundle.
                        The last output line is the 'export TF_CLI_CONFIG_FILE=...' command
                        to run.
  adopt [-out=FILE]     Write Terraform import {} blocks for the objects of an existing
                        account (read calls only); filters -type, -application, -proxy.
                        See 'adopt -help'.
  schema                Print the provider schema as JSON (like 'terraform providers schema -json').
  review PLAN_JSON      Markdown review of the Voximplant changes in a plan
                        ('terraform show -json PLANFILE' output; '-' reads stdin). See --help
                        of 'review' for its options.
  --debug               Run the provider for a debugger: prints an
                        'export TF_REATTACH_PROVIDERS=...' line, Terraform then connects to
                        this process. Stop it with Ctrl-C.
  --version             Print the version.
  --help                Show this help.
`;

/** A command-line mistake or failure: reported on stderr with this exit status. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

function fail(message: string, code = 2): never {
  throw new CliError(message, code);
}

function report(err: CliError): void {
  // No process.exit(): Node exits by itself once stderr is flushed (pipe writes may be async).
  process.stderr.write(`${EXECUTABLE}: ${err.message}\n`);
  process.exitCode = err.exitCode;
}

function runInstall(args: string[]): void {
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--dir") {
      dir = args[++i];
      if (!dir) fail("--dir needs a directory");
    } else if (arg.startsWith("--dir=")) {
      dir = arg.slice("--dir=".length);
    } else {
      fail(`install: unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
    }
  }
  if (typeof __PROVIDER_BUNDLE__ === "undefined") {
    fail(
      "install must run from the bundled executable: run `npm run build`, then bin/terraform-provider-voximplant " +
        "install",
    );
  }
  const version = packageVersion();
  let result;
  let source: { executablePath: string } | { bundlePath: string };
  try {
    source = providerToInstall();
    result = loadInstaller().installProvider({
      dir: dir ?? join(homedir(), `.${EXECUTABLE}`),
      hostname: VOXIMPLANT_PROVIDER_HOSTNAME,
      namespace: VOXIMPLANT_PROVIDER_NAMESPACE,
      type: TYPE,
      version,
      ...VOXIMPLANT_WRAPPER_OPTIONS,
      ...source,
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err), 1);
  }
  const kind =
    "executablePath" in source
      ? "the self-contained executable (no Node.js needed)"
      : "a wrapper that runs this bundle with Node.js ('npm run package' builds the self-contained executable)";
  process.stdout.write(
    `Installed ${result.sourceAddress} ${version} into ${result.packageDir}\n` +
      `Installed as ${kind}\n` +
      `Terraform CLI configuration: ${result.cliConfigPath}\n` +
      `Use source = "${result.sourceAddress}" in required_providers, then run in your shell:\n` +
      `${result.exportLine}\n`,
  );
}

/**
 * What `install` puts into the mirror: this very executable when it is the self-contained one;
 * from the bundle, the executable `npm run package` built next to it (dist/sea/OS_ARCH) when it
 * was built from exactly this bundle, so users and tests get what a release ships; else the
 * bundle with a Node.js wrapper.
 */
function providerToInstall(): { executablePath: string } | { bundlePath: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:sea is missing from @types/node 20
  if ((require("node:sea") as { isSea(): boolean }).isSea()) return { executablePath: process.execPath };
  const { freshExecutable, goPlatform } = loadInstaller();
  const built = freshExecutable(join(dirname(__filename), "..", "sea"), goPlatform(), __filename);
  return built !== undefined ? { executablePath: built } : { bundlePath: __filename };
}

/** Sets the exit status of a command that runs asynchronously. */
function exitWhenDone(run: Promise<number>): void {
  void run.then(
    (code) => {
      process.exitCode = code;
    },
    // Not fail(): thrown inside a promise it would miss main's try/catch and crash as an
    // unhandled rejection instead of printing one line.
    (err: unknown) => report(new CliError(err instanceof Error ? err.message : String(err), 1)),
  );
}

function main(argv: string[]): void {
  // Terraform passes no arguments; the cookie is how it identifies itself.
  if (process.env[MAGIC_COOKIE_KEY] !== undefined || argv.length === 0) {
    void serve(() => loadProvider().createProvider(), {
      name: TYPE,
      hint: `Run '${EXECUTABLE} --help' for the install, schema and debug commands.`,
    });
    return;
  }
  const [command, ...rest] = argv;
  switch (command) {
    case "install":
      runInstall(rest);
      return;
    case "review":
      // Required lazily (review and adopt): not needed when Terraform starts the provider.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exitWhenDone((require("./review") as typeof ReviewModule).runReviewCli(rest));
      return;
    case "adopt":
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exitWhenDone((require("./adopt") as typeof AdoptModule).runAdoptCli(rest));
      return;
    case "schema":
      process.stdout.write(`${JSON.stringify(loadProvider().providerSchemaJson(), null, 2)}\n`);
      return;
    case "--debug":
    case "debug":
      void serveDebug(() => loadProvider().createProvider(), { name: TYPE, sourceAddress: SOURCE_ADDRESS });
      return;
    case "--version":
    case "version":
      process.stdout.write(`${EXECUTABLE} ${packageVersion()}\n`);
      return;
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(USAGE);
      return;
    default:
      fail(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  report(err);
}
