#!/usr/bin/env node
// Runs examples/main.ts for the cdktf CLI (the "app" of the root cdktf.json) without a separate
// compile step: esbuild transpiles the TypeScript sources in memory; packages (cdktf, constructs)
// are loaded from node_modules as usual, so the app and the CLI share one cdktf library.
// A project of your own would use `"app": "npx ts-node main.ts"` or compile with tsc instead.
//
// examples/app-cdktn.js runs the same stack source on CDK Terrain through runTypeScriptApp's
// `redirect`: the imports of the library and of the bindings are pointed at their cdktn
// counterparts, which is exactly the edit a team makes when it migrates (docs/cdktf.md).
"use strict";
const path = require("node:path");
const Module = require("node:module");
const esbuild = require("esbuild");

/**
 * @param {string} entry absolute path of the TypeScript entry point
 * @param {Record<string, string>} [redirect] import specifier → replacement: a package name, or a
 *   file relative to this directory (for the bindings entry, e.g. "../src/cdktn.ts")
 * @returns {Promise<void>}
 */
async function runTypeScriptApp(entry, redirect = {}) {
  const specifiers = Object.keys(redirect);
  const escaped = specifiers.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const redirectImports = {
    name: "redirect-imports",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${escaped.join("|")})$`) }, (args) => {
        const target = redirect[args.path];
        return target.startsWith(".") ? { path: path.resolve(__dirname, target) } : { path: target, external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    write: false,
    sourcemap: "inline",
    logLevel: "error",
    plugins: specifiers.length > 0 ? [redirectImports] : [],
  });
  const filename = path.join(__dirname, `${path.basename(entry, ".ts")}.bundle.js`);
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(__dirname);
  m._compile(result.outputFiles[0].text, filename);
}

module.exports = { runTypeScriptApp };

if (require.main === module) {
  runTypeScriptApp(path.join(__dirname, "main.ts")).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
