// npm test: set-up as in `npm start`, then every suite: C (ctest), Deno (deno test) and
// Bun (bun test). Each runner's summary is parsed; a runner that crashes or prints no
// summary counts as one failure. Ends with one line "N passed, M failed" for all suites.
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import {
  bin,
  buildDir,
  cmakeBuild,
  denoBin,
  ensureRuntimes,
  isWindows,
  libPath,
  root,
  run,
  runCaptured,
} from "./common.mjs";

const results = [];

function record(suite, passed, failed, note = "") {
  results.push({ suite, passed, failed, note });
}

/** ctest: "100% tests passed, 0 tests failed out of 12", or "No tests were found". */
function parseCtest(out) {
  const m = [...out.matchAll(/tests passed, (\d+) tests? failed out of (\d+)/g)].pop();
  if (m) return { passed: Number(m[2]) - Number(m[1]), failed: Number(m[1]) };
  if (/No tests were found/.test(out)) return { passed: 0, failed: 0 };
  return null;
}

/** deno test: "ok | 12 passed | 0 failed" or "FAILED | 10 passed (3 steps) | 2 failed". */
function parseDeno(out) {
  const m = [...out.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

/** bun test: lines " 12 pass", " 1 fail" and, for errors outside tests, " 1 error". */
function parseBun(out) {
  const pass = [...out.matchAll(/^\s*(\d+) pass\s*$/gm)].pop();
  const fail = [...out.matchAll(/^\s*(\d+) fail\s*$/gm)].pop();
  const errors = [...out.matchAll(/^\s*(\d+) errors?\s*$/gm)].pop();
  if (!pass && !fail) return null;
  return {
    passed: Number(pass?.[1] ?? 0),
    failed: Number(fail?.[1] ?? 0) + Number(errors?.[1] ?? 0),
  };
}

async function suite(name, cmd, args, parse) {
  console.log(`\n=== ${name} ===`);
  const { code, output } = await runCaptured(cmd, args);
  // deno test colours its summary even with NO_COLOR set: parse the text without escapes.
  // deno-lint-ignore no-control-regex
  const r = parse(output.replace(/\x1b\[[0-9;]*m/g, ""));
  if (!r) {
    record(name, 0, 1, `no summary (exit ${code})`);
  } else if (code !== 0 && r.failed === 0) {
    record(name, r.passed, 1, `exit ${code} with no failed test reported`);
  } else {
    record(name, r.passed, r.failed);
  }
}

ensureRuntimes();
console.log("=== build (library, C tests) ===");
// The C benchmark has its own build folder (bench/c/README.md): not built here.
const buildCode = cmakeBuild([], ["-DSNKV_TESTS=ON", "-DSNKV_BENCH=OFF"]);
if (buildCode !== 0) record("build", 0, 1, `cmake exit ${buildCode}`);

if (buildCode === 0) {
  await suite("C (ctest)", "ctest", ["--test-dir", buildDir, "--output-on-failure"], parseCtest);
}
// The C suite again under AddressSanitizer + UndefinedBehaviorSanitizer, in its own build
// folder (its library must not replace the one the Deno and Bun suites load).
// SNKV_SKIP_SANITIZERS=1 skips it (e.g. on platforms without the sanitizer runtimes).
if (buildCode === 0 && !process.env.SNKV_SKIP_SANITIZERS && !isWindows) {
  const asanDir = join(root, "build-asan");
  console.log("\n=== build (C tests, ASan + UBSan) ===");
  let code = run("cmake", [
    "-S", root, "-B", asanDir, "-DSNKV_SANITIZE=ON", "-DSNKV_TESTS=ON", "-DSNKV_BENCH=OFF",
    "-DCMAKE_BUILD_TYPE=RelWithDebInfo", `-DSNKV_LIB_DIR=${join(asanDir, "lib")}`,
  ]);
  if (code === 0) code = run("cmake", ["--build", asanDir, "-j2"]);
  if (code !== 0) {
    record("C (ASan+UBSan) build", 0, 1, `cmake exit ${code}`);
  } else {
    await suite("C (ctest, ASan+UBSan)", "ctest", ["--test-dir", asanDir, "--output-on-failure"], parseCtest);
  }
}
// Type check, lint and the JSR dry run count as one check each.
for (const [name, args] of [
  ["deno check", ["check", "mod.ts", "src/", "tests/", "examples/"]],
  ["deno lint", ["lint", "mod.ts", "src/", "tests/", "examples/"]],
  // The JSR manifest: publish's own checks, offline (nothing is uploaded).
  ["deno publish --dry-run", ["publish", "--dry-run", "--allow-dirty"]],
]) {
  console.log(`\n=== ${name} ===`);
  const { code } = await runCaptured(denoBin(), args);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1, code === 0 ? "" : `exit ${code}`);
}
if (existsSync(libPath)) {
  await suite("Deno", denoBin(), ["test", "-A", "tests/"], parseDeno);
  await suite("Bun", bin("bun"), ["test", "./tests/"], parseBun);
} else {
  record("Deno/Bun", 0, 1, `no native library at ${libPath}`);
}

console.log("\n=== summary ===");
for (const r of results) {
  console.log(`  ${r.suite}: ${r.passed} ok / ${r.failed} not ok${r.note ? ` (${r.note})` : ""}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
