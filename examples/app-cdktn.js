#!/usr/bin/env node
// Runs examples/main-cdktn.ts on CDK Terrain: the stack source (examples/stack.ts) is the cdktf
// one with its two imports pointed at `cdktn` and at the cdktn bindings (see app.js). The
// "app" of a cdktf.json used with the cdktn CLI: `"app": "node examples/app-cdktn.js"`.
"use strict";
const path = require("node:path");
const { runTypeScriptApp } = require("./app");

runTypeScriptApp(path.join(__dirname, "main-cdktn.ts"), { cdktf: "cdktn", "../src/cdktf": "../src/cdktn.ts" }).catch(
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
