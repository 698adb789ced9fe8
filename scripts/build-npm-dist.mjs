// Builds dist/: the JavaScript that the npm package runs.
//
// Deno refuses to run TypeScript from node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING),
// so the npm package ships each module of mod.ts and src/ transpiled one to one, with the
// same layout (dist/mod.js, dist/src/api/store.js, ...) and relative imports renamed from
// .ts to .js. The .ts sources ship too, as the package's types. Bun's transpiler does the
// type stripping (Bun is a pinned devDependency); nothing is bundled or down-levelled.
//
//   node scripts/build-npm-dist.mjs      (re-runs itself under node_modules/.bin/bun)
//   bun scripts/build-npm-dist.mjs
// Run by `npm pack` / `npm publish` through the package's prepack script.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist");

if (typeof globalThis.Bun === "undefined") {
  const bun = join(root, "node_modules", ".bin", process.platform === "win32" ? "bun.exe" : "bun");
  const exe = existsSync(bun) ? bun : "bun";
  const r = spawnSync(exe, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    shell: process.platform === "win32" && !existsSync(bun),
  });
  if (r.error) console.error(`cannot run Bun (${exe}): ${r.error.message}; run npm install first`);
  process.exit(r.error ? 1 : (r.status ?? 1));
}

function sources() {
  const out = [join(root, "mod.ts")];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(join(root, "src"));
  return out.sort();
}

// Relative specifiers ending in .ts, in static imports/exports and dynamic import().
const TS_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]+?)\.ts\2/g;

const transpiler = new globalThis.Bun.Transpiler({ loader: "ts", target: "browser" });
rmSync(outDir, { recursive: true, force: true });
let count = 0;
for (const file of sources()) {
  const rel = relative(root, file);
  const js = transpiler.transformSync(readFileSync(file, "utf8"))
    .replace(TS_SPECIFIER, (_m, kw, q, spec) => `${kw}${q}${spec}.js${q}`);
  const leftover = js.match(/(["'])\.{1,2}\/[^"'\n]+\.ts\1/);
  if (leftover) throw new Error(`${rel}: an import of ${leftover[0]} was not renamed to .js`);
  const out = join(outDir, rel.replace(/\.ts$/, ".js"));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `// Generated from ${rel.replaceAll("\\", "/")} by scripts/build-npm-dist.mjs. Do not edit.\n${js}`,
  );
  count++;
}
console.log(`dist/: ${count} modules transpiled from mod.ts and src/`);
