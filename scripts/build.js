#!/usr/bin/env node
// Build: convert the plugin protocol's .proto files into a JSON descriptor (so the provider never
// parses .proto text at start-up), type-check and compile everything with tsc, then bundle the
// executables with esbuild so that Terraform's many provider launches per command pay for one
// file read, not hundreds.
//
// Also usable as a module: tests call bundleProvider() to build a fresh bundle into a temporary
// directory, and generateProtoDescriptor() to check that the committed descriptor is current.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const protoDir = path.join(root, "src", "plugin", "proto");
const protoFiles = ["tfplugin6.proto", "plugin.proto", "health.proto"];
const descriptorPath = path.join(protoDir, "descriptor.json");

/** The JSON descriptor text for the .proto files (deterministic, so rebuilding leaves git clean). */
function generateProtoDescriptor() {
  // protobufjs is the parser @grpc/proto-loader uses; it is only needed here, at build time.
  const protobuf = require("protobufjs");
  const pbRoot = new protobuf.Root();
  // keepCase: field names stay snake_case (and StopProvider's `Error` stays capitalised), which
  // is the message shape src/plugin/protocol/messages.ts promises.
  pbRoot.loadSync(
    protoFiles.map((f) => path.join(protoDir, f)),
    { keepCase: true },
  );
  pbRoot.resolveAll();
  return JSON.stringify(pbRoot.toJSON({ keepComments: false }), null, 1) + "\n";
}

function writeProtoDescriptor() {
  const text = generateProtoDescriptor();
  const current = fs.existsSync(descriptorPath) ? fs.readFileSync(descriptorPath, "utf8") : "";
  if (current !== text) fs.writeFileSync(descriptorPath, text);
}

const bundles = [{ in: "src/main.ts", out: "provider" }];

/** esbuild options shared by the real build and by tests that bundle into a temporary dir. */
function bundleOptions(entry, outfile) {
  return {
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Whitespace/syntax minification only: smaller file, faster parse, readable identifiers in
    // crash stacks.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: false,
    logLevel: "warning",
    // Lets the entry point know it runs as the self-contained bundle (the install command copies
    // that one file into the provider package).
    define: { __PROVIDER_BUNDLE__: "true" },
  };
}

function bundleProvider(outfile = path.join(root, "dist", "bundle", "provider.js")) {
  require("esbuild").buildSync(bundleOptions("src/main.ts", outfile));
  return outfile;
}

function main() {
  writeProtoDescriptor();
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });

  const esbuild = require("esbuild");
  for (const b of bundles.filter((e) => fs.existsSync(path.join(root, e.in)))) {
    esbuild.buildSync(bundleOptions(b.in, path.join(root, "dist", "bundle", `${b.out}.js`)));
  }
}

module.exports = { generateProtoDescriptor, writeProtoDescriptor, bundleOptions, bundleProvider, descriptorPath };

if (require.main === module) main();
