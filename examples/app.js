#!/usr/bin/env node
// Runs examples/main.ts for the cdktf CLI (the "app" of the root cdktf.json) without a separate
// compile step: esbuild transpiles the TypeScript sources in memory; packages (cdktf, constructs)
// are loaded from node_modules as usual, so the app and the CLI share one cdktf library.
// A project of your own would use `"app": "npx ts-node main.ts"` or compile with tsc instead.
"use strict";
const path = require("node:path");
const Module = require("node:module");
const esbuild = require("esbuild");

const entry = path.join(__dirname, "main.ts");
const result = esbuild.buildSync({
  entryPoints: [entry],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  write: false,
  sourcemap: "inline",
  logLevel: "error",
});
const filename = path.join(__dirname, "main.bundle.js");
const m = new Module(filename, module);
m.filename = filename;
m.paths = Module._nodeModulePaths(__dirname);
m._compile(result.outputFiles[0].text, filename);
