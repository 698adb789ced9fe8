/** node:sqlite's DatabaseSync (used in Deno). @module */
import { DatabaseSync } from "node:sqlite";
import { PRAGMAS, SCHEMA, setupText, sqlStore, type Stmt } from "./sqlite_common.ts";
import type { Settings, System } from "./types.ts";

function sqliteVersion(): string {
  const db = new DatabaseSync(":memory:");
  const v = (db.prepare("select sqlite_version() as v").get() as { v: string }).v;
  db.close();
  return v;
}

export const system: System = {
  version: `node:sqlite (Deno ${Deno.version.deno}, SQLite ${sqliteVersion()})`,
  setup: (s) => setupText("new DatabaseSync(path)", s),
  open(path: string, s: Settings) {
    const db = new DatabaseSync(path);
    for (const p of PRAGMAS(s)) db.exec(p);
    db.exec(SCHEMA);
    return sqlStore((sql) => db.prepare(sql) as unknown as Stmt, () => db.close());
  },
};
