// The cdktf app behind the root cdktf.json (`npx cdktf synth|deploy|diff|destroy`).
// VOXIMPLANT_EXAMPLE_STATE_FILE (optional) puts the Terraform state somewhere else; `npm start`
// uses it to keep everything in its work directory.
import { App } from "cdktf";
import { STACK_NAME, VoximplantSetupStack } from "./stack";

const app = new App();
const stateFile = process.env.VOXIMPLANT_EXAMPLE_STATE_FILE;
new VoximplantSetupStack(app, STACK_NAME, stateFile ? { stateFile } : {});
app.synth();
