// Child process: tries one put on <path> with busyTimeout <ms>; prints "written" or "busy".
import process from "node:process";
import { BusyError, KVStore } from "../../mod.ts";

const [path, ms] = process.argv.slice(2);
let db: KVStore | undefined;
try {
  db = new KVStore(path, { busyTimeout: Number(ms) });
  db.put("probe", "1");
  console.log("written");
} catch (e) {
  if (!(e instanceof BusyError)) throw e;
  console.log(`busy ${e.code}`);
} finally {
  db?.close();
}
