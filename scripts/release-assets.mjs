// Prepares the files attached to a GitHub release, from the five built libraries:
//
//   release/libsnkv-<platform>.<so|dylib|dll>   each library, checked first (check-symbols)
//   release/SHA256SUMS                          `sha256sum -c` format
//   release/checksums.json                      { version, assets: { <platform>: { file, sha256, size } } }
//
//   node scripts/release-assets.mjs [--tag vX.Y.Z] [--out DIR]
//
// --tag (the release workflow passes the pushed tag) must equal v + the version in
// package.json and deno.json. The JSR build of the loader downloads these assets and
// verifies them against SHA-256 values pinned in its source; checksums.json is what those
// values are taken from. Node 20 built-ins only.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkFile, headerExports, PLATFORMS } from "./check-symbols.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function fail(msg) {
  console.error(msg);
  process.exit(1);
}

const args = process.argv.slice(2);
let tag = null;
let outDir = join(root, "release");
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--tag") tag = args[++i];
  else if (args[i] === "--out") outDir = resolve(args[++i]);
  else fail(`unknown argument ${args[i]}`);
}

const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const denoVersion = JSON.parse(readFileSync(join(root, "deno.json"), "utf8")).version;
if (version !== denoVersion) fail(`package.json is ${version} but deno.json is ${denoVersion}`);
if (tag !== null && tag !== `v${version}`) fail(`tag ${tag} does not match the package version ${version}`);

const expected = headerExports(readFileSync(join(root, "c", "snkv", "include", "snkv.h"), "utf8"));
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const sums = [];
const assets = {};
for (const [platform, { file }] of Object.entries(PLATFORMS)) {
  const lib = join(root, "lib", platform, file);
  if (!existsSync(lib)) fail(`missing ${lib} (npm run build:cross)`);
  const { problems, summary } = checkFile(lib, expected, { platform, glibcMax: "2.17" });
  if (problems.length) fail(`${lib}: ${problems.join("; ")}`);
  const name = `libsnkv-${platform}${extname(file)}`;
  copyFileSync(lib, join(outDir, name));
  const bytes = readFileSync(lib);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  sums.push(`${sha256}  ${name}`);
  assets[platform] = { file: name, sha256, size: bytes.length };
  console.log(`${name}: ${sha256} (${summary}, ${bytes.length} bytes)`);
}
writeFileSync(join(outDir, "SHA256SUMS"), sums.join("\n") + "\n");
writeFileSync(join(outDir, "checksums.json"), JSON.stringify({ version, assets }, null, 2) + "\n");
console.log(`${outDir}: ${sums.length} libraries, SHA256SUMS, checksums.json`);
