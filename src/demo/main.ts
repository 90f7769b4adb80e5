// Placeholder demo (until the real one exists): starts the emulator with demo data and explains
// how to point the provider or any Voximplant client at it. Runs until Ctrl-C.

import { startEmulator } from "../emulator";

async function main(): Promise<void> {
  const emu = await startEmulator({ seed: true, port: 0 });
  // Handlers before output: whoever reads the line may signal right away.
  const stop = (): void => {
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const line = { url: emu.url, admin: emu.adminUrl, credentials: emu.credentialsPath, account_id: emu.accountId };
  process.stdout.write(
    [
      JSON.stringify(line),
      "",
      "A local Voximplant Management API emulator is running with demo data:",
      "  applications demo-app (id 1) and demo-app-2 (id 2); rules demo-rule, demo-rule-2 (demo-app);",
      "  users demo-user, demo-user-2 (demo-app).",
      "",
      "Point a client or the Terraform provider at it:",
      `  export VOXIMPLANT_CREDENTIALS=${emu.credentialsPath}`,
      `  export VOXIMPLANT_API_URL=${emu.url}`,
      "",
      "Test controls (not part of the Voximplant API):",
      `  curl ${emu.adminUrl}/state      # registrations, applications, rules, users (no passwords)`,
      `  curl ${emu.adminUrl}/log        # every API call in order (secrets redacted)`,
      `  curl ${emu.adminUrl}/calls      # call counters`,
      `  curl -X POST ${emu.adminUrl}/faults -d '{"method":"*","fault":"http_500","count":1}'`,
      "See docs/emulator.md for the rest. Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
