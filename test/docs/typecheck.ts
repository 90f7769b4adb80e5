// Type-checks a code block of the docs as if it were a file of this repository at `at` (relative
// imports resolve from there, the package name through its exports map to dist/). Modules with
// top-level await and extension-less imports are accepted, as a bundler or tsx would.
import { join } from "node:path";
import * as ts from "typescript";
import { REPO } from "./snippets";

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  types: ["node", "jest"],
};

/**
 * The type errors of each text as the file named by its key (a path from the repository root),
 * all in one program (one load of the libraries they import).
 */
export function typeErrors(files: Record<string, string>): string[] {
  const texts = new Map(Object.entries(files).map(([at, text]) => [join(REPO, at), text]));
  const host = ts.createCompilerHost(OPTIONS);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => texts.get(f) ?? readFile(f);
  host.fileExists = (f) => texts.has(f) || fileExists(f);
  host.getSourceFile = (f, v, onError, create) => {
    const text = texts.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, v) : getSourceFile(f, v, onError, create);
  };
  const program = ts.createProgram([...texts.keys()], OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file === undefined || d.start === undefined
        ? ""
        : `line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `;
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}
