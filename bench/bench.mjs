// npm run bench / deno task bench: runs bench/run.ts in Bun and in Deno (the pinned binaries
// in node_modules/.bin, else the ones on PATH), then draws the charts (bench/chart.mjs).
// Arguments are passed on to run.ts, e.g. `npm run bench -- --records 100000 --runs 3`.
// `--runtime deno` or `--runtime bun` runs one runtime only.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bench = dirname(fileURLToPath(import.meta.url));
const root = dirname(bench);
let args = process.argv.slice(2);
let runtimes = ["bun", "deno"];
const i = args.indexOf("--runtime");
if (i >= 0) {
  runtimes = [args[i + 1]];
  args = args.filter((_, j) => j !== i && j !== i + 1);
}
const bin = (name) => {
  const local = join(root, "node_modules", ".bin", name);
  return existsSync(local) ? local : name;
};
let failed = 0;
for (const rt of runtimes) {
  const cmd = rt === "deno"
    ? [bin("deno"), "run", "-A", "--unstable-kv", join(bench, "run.ts"), ...args]
    : [bin("bun"), join(bench, "run.ts"), ...args];
  console.log(`\n$ ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit", cwd: root });
  if (r.status !== 0) failed++;
}
spawnSync(process.execPath, [join(bench, "chart.mjs")], { stdio: "inherit", cwd: root });
process.exit(failed ? 1 : 0);
