// The single-binary app: scripts/build-single-binary.mjs compiles apps/snkv-cli with
// `bun build --compile` and the native library embedded; the executable is copied alone to
// an empty directory and run there, with nothing telling it where a library might be.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { runtime, tempDir, test } from "./harness.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));
const isWindows = process.platform === "win32";
const exe = isWindows ? "snkv-cli.exe" : "snkv-cli";

// Under user-mode emulation (scripts/test-arm64.mjs) an arm64 executable is started through
// this prefix, as the harness does for the runtime.
const prefix = (process.env.SNKV_TEST_EXEC_PREFIX ?? "").split(" ").filter(Boolean);

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "SNKV_LIB_PATH") env[k] = v;
  // Deno's node:child_process keeps inherited variables that `env` leaves out: blank it.
  env.SNKV_LIB_PATH = "";
  return env;
}

test(`bun build --compile embeds the library; the binary runs alone in an empty directory (${runtime})`, {
  timeout: 300_000,
}, () => {
  if (prefix.length) {
    console.log("skipped under emulation: building would start the emulated runtime's own executable again");
    return;
  }
  // The Bun that compiles decides the executable's platform: this Bun when the tests run on
  // Bun, else the pinned one from node_modules (if it runs this machine's platform).
  const bun = runtime === "bun"
    ? process.execPath
    : join(repo, "node_modules", ".bin", isWindows ? "bun.exe" : "bun");
  const probe = spawnSync(bun, ["--print", "process.platform + '-' + process.arch"], { encoding: "utf8" });
  const platform = `${process.platform}-${process.arch}`;
  if (probe.status !== 0 || probe.stdout.trim() !== platform) {
    console.log(
      `skipped: no Bun for ${platform} to compile with (${bun}: ${probe.stdout.trim() || probe.stderr})`,
    );
    return;
  }
  const build = tempDir();
  const binary = join(build, exe);
  const script = [join(repo, "scripts", "build-single-binary.mjs"), "--bun", bun, "--out", binary];
  const r = spawnSync(process.execPath, runtime === "deno" ? ["run", "-A", ...script] : script, {
    cwd: repo,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `build-single-binary failed:\n${r.stdout}\n${r.stderr}`);

  const dir = tempDir();
  copyFileSync(binary, join(dir, exe));
  assert.deepEqual(readdirSync(dir), [exe]);
  const cli = (...args: string[]) => {
    const [cmd, ...pre] = [...prefix, join(dir, exe)];
    const out = spawnSync(cmd, [...pre, ...args], { cwd: dir, encoding: "utf8", env: cleanEnv() });
    return { code: out.status, out: out.stdout, err: out.stderr };
  };
  assert.deepEqual(cli("app.db", "put", "user:1", "alice"), { code: 0, out: "", err: "" });
  assert.equal(cli("app.db", "put", "user:2", "bob").code, 0);
  assert.equal(cli("app.db", "put", "other", "x").code, 0);
  assert.deepEqual(cli("app.db", "get", "user:1"), { code: 0, out: "alice\n", err: "" });
  assert.deepEqual(cli("app.db", "list", "user:"), { code: 0, out: "user:1\talice\nuser:2\tbob\n", err: "" });
  assert.deepEqual(cli("app.db", "count"), { code: 0, out: "3\n", err: "" });
  assert.equal(cli("app.db", "del", "user:2").code, 0);
  const missing = cli("app.db", "get", "user:2");
  assert.equal(missing.code, 1);
  assert.match(missing.err, /not found: user:2/);
  assert.equal(cli("app.db", "frobnicate").code, 2);
  assert.ok(existsSync(join(dir, "app.db")));
});

test("deno compile --include lib/...: the binary runs alone (where deno compile needs no download)", {
  timeout: 300_000,
}, () => {
  if (runtime !== "deno") return; // one run is enough: the result does not depend on the test runtime
  if (prefix.length) {
    console.log("skipped under emulation: deno compile builds for the host, not the emulated platform");
    return;
  }
  const build = tempDir();
  const binary = join(build, exe);
  const script = [join(repo, "scripts", "build-single-binary.mjs"), "--deno", "--out", binary];
  const r = spawnSync(process.execPath, ["run", "-A", ...script], { cwd: repo, encoding: "utf8" });
  if (r.status === 3) {
    console.log("skipped: deno compile cannot fetch its runtime (denort) here; set DENORT_BIN to test it");
    return;
  }
  assert.equal(r.status, 0, `build-single-binary --deno failed:\n${r.stdout}\n${r.stderr}`);
  const dir = tempDir();
  copyFileSync(binary, join(dir, exe));
  const run = (...args: string[]) => {
    const [cmd, ...pre] = [...prefix, join(dir, exe)];
    return spawnSync(cmd, [...pre, ...args], { cwd: dir, encoding: "utf8", env: cleanEnv() });
  };
  assert.equal(run("d.db", "put", "k", "v").status, 0);
  const got = run("d.db", "get", "k");
  assert.equal(got.status, 0, got.stderr);
  assert.equal(got.stdout, "v\n");
});
