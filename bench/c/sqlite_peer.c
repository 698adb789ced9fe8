/*
** sqlite_peer.c — the SQL peer's SQLite: the pristine amalgamation (SNKV_SQLITE_SOURCE,
** the same file the engine patches), compiled as its own static library. The engine's
** copy is a separate, patched build whose symbols are hidden inside libsnkv, so the
** two never meet.
**
** Including sqlite_peer.h after the amalgamation makes the compiler check the
** benchmark's hand-written declarations against SQLite's own.
*/
#include SNKV_BENCH_SQLITE_SOURCE
#include "sqlite_peer.h"
