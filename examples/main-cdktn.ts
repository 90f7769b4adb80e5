// The same example app on CDK Terrain (`node examples/app-cdktn.js`; see docs/cdktf.md).
// Differences from main.ts: App comes from `cdktn`, and the app declares the Terraform versions
// it supports. cdktn checks that declaration at synth time against what the stack uses: the
// office line's password is a write-only attribute (Terraform 1.11+), so with a range that
// admits an older Terraform the synth fails instead of the apply.
import { App } from "cdktn";
import { STACK_NAME, VoximplantSetupStack } from "./stack";

/** The Terraform versions this app supports (the write-only password needs 1.11+). */
export const TARGET_VERSIONS = { terraform: ">=1.11.0" };

const app = new App({ context: { targetVersions: TARGET_VERSIONS } });
const stateFile = process.env.VOXIMPLANT_EXAMPLE_STATE_FILE;
new VoximplantSetupStack(app, STACK_NAME, stateFile ? { stateFile } : {});
app.synth();
