/**
 * snkv-cli: a small command line over one SNKV store.
 *
 *   snkv-cli <db> get <key>            print the value (exit 1 if the key is absent)
 *   snkv-cli <db> put <key> <value>    store a value
 *   snkv-cli <db> del <key>            delete a key (exit 1 if it was absent)
 *   snkv-cli <db> list [prefix]        print "key<TAB>value" lines in key order
 *   snkv-cli <db> count                print the number of keys
 *
 * Keys and values are taken and printed as UTF-8 text. {@link main} is the whole program;
 * `main.ts` runs it from a checkout, and scripts/build-single-binary.mjs compiles it with
 * the native library embedded (see README.md).
 * @module
 */
import { KVStore } from "../../mod.ts";

export const USAGE = `usage: snkv-cli <db> <command> [args]
commands:
  get <key>            print the value (exit status 1 if the key is absent)
  put <key> <value>    store a value
  del <key>            delete a key (exit status 1 if it was absent)
  list [prefix]        print key<TAB>value lines in key order
  count                print the number of keys`;

/** What a run printed and its exit status (kept apart from the process for testing). */
export interface Outcome {
  code: number;
  out: string[];
  err: string[];
}

const ARITY: Record<string, [number, number]> = {
  get: [1, 1],
  put: [2, 2],
  del: [1, 1],
  list: [0, 1],
  count: [0, 0],
};

/**
 * Runs one command. `libraryPath` is the native library to load (the embedded copy in a
 * compiled binary); undefined lets the loader search as usual.
 */
export function run(args: string[], libraryPath?: string): Outcome {
  const out: string[] = [];
  const err: string[] = [];
  if (args.length === 0 || args[0] === "-h" || args[0] === "--help") {
    (args.length === 0 ? err : out).push(USAGE);
    return { code: args.length === 0 ? 2 : 0, out, err };
  }
  const [path, command, ...rest] = args;
  const arity = command === undefined ? undefined : ARITY[command];
  if (!arity) {
    err.push(command === undefined ? "missing command" : `unknown command: ${command}`, USAGE);
    return { code: 2, out, err };
  }
  if (rest.length < arity[0] || rest.length > arity[1]) {
    err.push(`${command}: wrong number of arguments`, USAGE);
    return { code: 2, out, err };
  }
  const dec = new TextDecoder();
  let code = 0;
  try {
    using db = new KVStore(path, libraryPath === undefined ? {} : { libraryPath });
    switch (command) {
      case "get": {
        const v = db.getString(rest[0]);
        if (v === undefined) {
          err.push(`not found: ${rest[0]}`);
          code = 1;
        } else out.push(v);
        break;
      }
      case "put":
        db.put(rest[0], rest[1]);
        break;
      case "del":
        if (!db.delete(rest[0])) {
          err.push(`not found: ${rest[0]}`);
          code = 1;
        }
        break;
      case "list":
        for (const [k, v] of db.entries(rest.length ? { prefix: rest[0] } : {})) {
          out.push(`${dec.decode(k)}\t${dec.decode(v)}`);
        }
        break;
      case "count":
        out.push(String(db.count()));
        break;
    }
  } catch (e) {
    err.push(`snkv-cli: ${(e as Error).message ?? e}`);
    code = 1;
  }
  return { code, out, err };
}

/** Runs one command and prints its outcome; resolves to the exit status. */
export function main(args: string[], libraryPath?: string): number {
  const { code, out, err } = run(args, libraryPath);
  for (const line of out) console.log(line);
  for (const line of err) console.error(line);
  return code;
}
