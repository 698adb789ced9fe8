/*
** platform.c — small fixes to the operating-system layer.
**
** Linux, glibc before 2.33: stat(), lstat() and fstat() are not libc symbols but wrappers
** linked into each binary. Zig's copies of those wrappers (used for our builds with a
** glibc 2.17 floor) do not set errno on failure, and SQLite's path handling depends on
** errno == ENOENT for a file that does not exist yet — so every new database would fail
** with CANTOPEN. We give SQLite's unix VFS versions that make the system call directly,
** which sets errno correctly with every libc. (struct stat is the kernel's layout on
** x86-64 and arm64 Linux, the 64-bit targets we build.)
*/
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#include <sys/syscall.h>
#include <fcntl.h>

static int kvSysStat(const char *zPath, struct stat *pBuf){
  return (int)syscall(SYS_newfstatat, AT_FDCWD, zPath, pBuf, 0);
}
static int kvSysLstat(const char *zPath, struct stat *pBuf){
  return (int)syscall(SYS_newfstatat, AT_FDCWD, zPath, pBuf, AT_SYMLINK_NOFOLLOW);
}
static int kvSysFstat(int fd, struct stat *pBuf){
  return (int)syscall(SYS_fstat, fd, pBuf);
}

static void kvPlatformInit(void){
  sqlite3_vfs *pVfs = sqlite3_vfs_find("unix");
  if( pVfs==0 || pVfs->iVersion<3 || pVfs->xSetSystemCall==0 ) return;
  pVfs->xSetSystemCall(pVfs, "stat", (sqlite3_syscall_ptr)kvSysStat);
  pVfs->xSetSystemCall(pVfs, "lstat", (sqlite3_syscall_ptr)kvSysLstat);
  pVfs->xSetSystemCall(pVfs, "fstat", (sqlite3_syscall_ptr)kvSysFstat);
}
#else
static void kvPlatformInit(void){}
#endif

/* Once per process, after sqlite3_initialize(). (A mutex of our own: sqlite3_vfs_find()
** takes SQLITE_MUTEX_STATIC_MAIN.) */
static void kvPlatformOnce(void){
  static int done = 0;
  sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
  sqlite3_mutex_enter(m);
  if( !done ){
    kvPlatformInit();
    done = 1;
  }
  sqlite3_mutex_leave(m);
}
