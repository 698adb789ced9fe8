// Child process: prints the canonical dump of the store at argv[0] (see dump_lib.ts).
import process from "node:process";
import { dumpStore } from "./dump_lib.ts";

const [path] = process.argv.slice(2);
for (const line of dumpStore(path)) console.log(line);
