/*
** snkv.c — the whole engine as one translation unit.
**
** SQLite's amalgamation (patched at build time by cmake/patch_sqlite.cmake) comes first so
** that its internal b-tree, pager and WAL functions are visible to the engine; then each
** concern of the engine in its own file. Only SNKV_API functions are exported.
*/
#include SNKV_SQLITE_AMALGAMATION

#include <stdarg.h>
#include "internal.h"

#include "platform.c"     /* operating-system fixes */
#include "compare.c"      /* raw-key ordering of entries */
#include "store.c"        /* open/close, errors, helpers */
#include "txn.c"          /* transaction model */
#include "catalog.c"      /* column families and the catalog */
#include "ttl.c"          /* key expiry */
#include "data.c"         /* put/get/delete/exists/count/clear and batches */
#include "iterator.c"     /* iteration */
#include "maintenance.c"  /* checkpoint, sync, vacuum, integrity, stats */
#include "api_reference.c"/* kvstore_* entry points */
#include "api_ffi.c"      /* snkv_* entry points */
