#!/usr/bin/env node
// Build: type-check and compile everything with tsc, then bundle the executables with esbuild so
// that Terraform's many provider launches per command pay for one file read, not hundreds.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsc = require.resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });

const esbuild = require("esbuild");
const entries = [
  { in: "src/main.ts", out: "provider" },
].filter((e) => fs.existsSync(path.join(root, e.in)));
for (const e of entries) {
  esbuild.buildSync({
    entryPoints: [path.join(root, e.in)],
    outfile: path.join(root, "dist", "bundle", `${e.out}.js`),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: false,
    sourcemap: false,
    logLevel: "warning",
    // proto files are read at run time from next to the bundle
    external: [],
  });
}
