/**
 * Runs snkv-cli from a checkout: `deno run -A apps/snkv-cli/main.ts <db> <command> ...` or
 * `bun apps/snkv-cli/main.ts ...`. The library is found by the usual search (SNKV_LIB_PATH,
 * then lib/<os>-<arch>/ of the checkout).
 * @module
 */
import process from "node:process";
import { main } from "./cli.ts";

process.exitCode = main(process.argv.slice(2));
