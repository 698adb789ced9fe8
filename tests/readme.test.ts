/**
 * Every TypeScript snippet in README.md runs: each ```ts block that imports "@snkv/snkv" is
 * written to a temporary file with the import pointed at this checkout's mod.ts, and run in
 * a child process of the current runtime. A snippet that does not run is a bug.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { runScript, tempDir, test } from "./harness.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => code.includes('from "@snkv/snkv"'));

test("README has runnable TypeScript snippets", () => {
  assert.ok(blocks.length >= 8, `found ${blocks.length} snippets`);
});

blocks.forEach((code, i) => {
  const title = code.split("\n").find((l) => l.includes("new KVStore")) ?? `block ${i}`;
  test(`README snippet ${i + 1} runs: ${title.trim()}`, async () => {
    const dir = tempDir();
    const file = join(dir, `snippet${i + 1}.ts`);
    const modUrl = new URL("../mod.ts", import.meta.url).href;
    writeFileSync(file, code.replaceAll('"@snkv/snkv"', JSON.stringify(modUrl)));
    // Snippets that open a relative path create it in the working directory: run from dir.
    const prev = process.cwd();
    process.chdir(dir);
    try {
      const out = await runScript(file);
      assert.equal(out.code, 0, `snippet ${i + 1} failed:\n${code}\n--- stderr ---\n${out.stderr}`);
      assert.ok(out.stdout.length > 0, "the snippet printed nothing");
    } finally {
      process.chdir(prev);
    }
  }, { timeout: 60_000 });
});
