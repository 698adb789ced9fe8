/**
 * The one error hierarchy of SNKV. Every failure from the engine or from a closed handle is
 * a {@link SnkvError} (or a subclass) with a stable string `code`; bad arguments from
 * JavaScript are TypeError / RangeError.
 * @module
 */

/** Names of SQLite's primary result codes, which the engine's status codes equal. */
const CODE_NAMES: Record<number, string> = {
  1: "ERROR",
  2: "INTERNAL",
  3: "PERM",
  4: "ABORT",
  5: "BUSY",
  6: "LOCKED",
  7: "NOMEM",
  8: "READONLY",
  9: "INTERRUPT",
  10: "IOERR",
  11: "CORRUPT",
  12: "NOTFOUND",
  13: "FULL",
  14: "CANTOPEN",
  15: "PROTOCOL",
  18: "TOOBIG",
  19: "CONSTRAINT",
  20: "MISMATCH",
  21: "MISUSE",
  22: "NOLFS",
  23: "AUTH",
  24: "FORMAT",
  25: "RANGE",
  26: "NOTADB",
};

/** The status SNKV reports for a call on a closed handle (it never reaches C). */
export const CLOSED_ERRNO = 21;

/** An error from SNKV: `code` is a stable name ("BUSY", "NOTFOUND", "CLOSED", …), `errno` the C status. */
export class SnkvError extends Error {
  /** Stable name of the failure, e.g. "BUSY", "CORRUPT", "CLOSED". */
  readonly code: string;
  /** The C status code (an SQLite primary result code; 21 MISUSE for "CLOSED"). */
  readonly errno: number;

  constructor(message: string, code = "ERROR", errno = 1, options?: ErrorOptions) {
    super(message, options);
    this.name = "SnkvError";
    this.code = code;
    this.errno = errno;
  }
}

/** The key, or column family, does not exist (or has expired). */
export class NotFoundError extends SnkvError {
  constructor(message: string, errno = 12) {
    super(message, "NOTFOUND", errno);
    this.name = "NotFoundError";
  }
}

/** Another connection holds the lock (after waiting `busyTimeout`), or a handle is in use. */
export class BusyError extends SnkvError {
  constructor(message: string, errno = 5) {
    super(message, "BUSY", errno);
    this.name = "BusyError";
  }
}

/** A lock conflict inside this process. */
export class LockedError extends SnkvError {
  constructor(message: string, errno = 6) {
    super(message, "LOCKED", errno);
    this.name = "LockedError";
  }
}

/** A write to a read-only store. */
export class ReadOnlyError extends SnkvError {
  constructor(message: string, errno = 8) {
    super(message, "READONLY", errno);
    this.name = "ReadOnlyError";
  }
}

/** The database file is damaged (or fails the integrity check). */
export class CorruptError extends SnkvError {
  constructor(message: string, errno = 11) {
    super(message, "CORRUPT", errno);
    this.name = "CorruptError";
  }
}

/** The string code of a C status; extended codes map to their primary code. */
export function codeName(status: number): string {
  return CODE_NAMES[status & 0xff] ?? `E${status}`;
}

/** The typed error for a C status (positive) and its message. */
export function errorFromStatus(status: number, message: string): SnkvError {
  switch (status & 0xff) {
    case 5:
      return new BusyError(message, status);
    case 6:
      return new LockedError(message, status);
    case 8:
      return new ReadOnlyError(message, status);
    case 11:
      return new CorruptError(message, status);
    case 12:
      return new NotFoundError(message, status);
    default:
      return new SnkvError(message, codeName(status), status);
  }
}

/** The error for any call on a closed store, column family or iterator. */
export function closedError(what: string): SnkvError {
  return new SnkvError(`${what} is closed`, "CLOSED", CLOSED_ERRNO);
}
