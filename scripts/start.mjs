// npm start (or deno task start): installs what is missing (the pinned Deno and Bun, through
// npm), builds the library if needed, then runs the demo (examples/demo.ts) in Deno.
import { join } from "node:path";
import { denoBin, ensureLibrary, ensureRuntimes, root, run } from "./common.mjs";

ensureRuntimes({ bun: !globalThis.Deno });
const built = ensureLibrary();
if (built !== 0) {
  console.error("building the native library failed");
  process.exit(built);
}
process.exitCode = run(denoBin(), [
  "run",
  "-A",
  join(root, "examples", "demo.ts"),
  ...process.argv.slice(2),
]);
