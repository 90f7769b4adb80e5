// `npm start` (compiled to dist/src/demo/main.js): see run.ts for what it does and
// `npm start -- --help` for the options.

import { DEMO_USAGE, parseDemoArgs } from "./options";
import { findRepoRoot } from "./paths";
import { DemoInterrupted, ProcessRunner } from "./processes";
import { DemoError, runDemo } from "./run";

async function main(argv: string[]): Promise<number> {
  const root = findRepoRoot(__dirname);
  const parsed = parseDemoArgs(argv, process.env, root);
  if ("error" in parsed) {
    process.stderr.write(`npm start: ${parsed.error}\n\n${DEMO_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(DEMO_USAGE);
    return 0;
  }
  const runner = new ProcessRunner();
  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    if (stopping) return;
    process.stdout.write("\nStopping (Ctrl-C): ending the running step …\n");
    stopping = runner.cancel();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await runDemo({
      root,
      options: parsed.options,
      env: process.env,
      write: (t) => process.stdout.write(t),
      runner,
    });
  } catch (e) {
    if (e instanceof DemoInterrupted || runner.isCancelled) {
      await stopping;
      process.stdout.write("Stopped. Run `npm start` again to continue from the saved state.\n");
      return 0;
    }
    if (e instanceof DemoError) {
      process.stderr.write(`\nnpm start: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`\nnpm start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
