/** bun:sqlite (Bun only). @module */
import { PRAGMAS, SCHEMA, setupText, sqlStore, type Stmt } from "./sqlite_common.ts";
import type { Settings, System } from "./types.ts";

interface BunDatabase {
  exec(sql: string): void;
  prepare(sql: string): Stmt;
  query(sql: string): { get(): unknown };
  close(): void;
}
const BUN_SQLITE = "bun:sqlite";
const { Database } = (await import(BUN_SQLITE)) as {
  Database: new (path: string, o?: object) => BunDatabase;
};

function sqliteVersion(): string {
  const db = new Database(":memory:");
  const v = (db.query("select sqlite_version() as v").get() as { v: string }).v;
  db.close();
  return v;
}

export const system: System = {
  version: `bun:sqlite (Bun ${
    (globalThis as unknown as { Bun: { version: string } }).Bun.version
  }, SQLite ${sqliteVersion()})`,
  setup: (s) => setupText("new Database(path, { create: true })", s),
  open(path: string, s: Settings) {
    const db = new Database(path, { create: true });
    for (const p of PRAGMAS(s)) db.exec(p);
    db.exec(SCHEMA);
    return sqlStore((sql) => db.prepare(sql), () => db.close());
  },
};
