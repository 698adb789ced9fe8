# Obtains the pinned SQLite amalgamation and applies SNKV's comparator patch.
#
# The amalgamation is a dependency, never committed: it comes from the npm package
# better-sqlite3 (which ships deps/sqlite3/sqlite3.c), is checked against the SHA-256
# below, and is cached outside the source tree. -DSNKV_SQLITE_DIR=<dir with sqlite3.c>
# accepts another copy of the same version (checked against the same hash unless
# -DSNKV_SQLITE_SKIP_HASH=ON).

set(SNKV_SQLITE_VERSION "3.53.2")
set(SNKV_SQLITE_NPM_PACKAGE "better-sqlite3@12.11.1")
set(SNKV_SQLITE_SHA256 "60d2f39a3726cd6b9021da6f4e868608d66fbb6528a9f513dc8ffcc640493422")

set(SNKV_SQLITE_DIR "" CACHE PATH "Directory holding sqlite3.c (SQLite ${SNKV_SQLITE_VERSION}); fetched through npm when empty")
option(SNKV_SQLITE_SKIP_HASH "Do not verify the SHA-256 of SNKV_SQLITE_DIR/sqlite3.c" OFF)

if(DEFINED ENV{SNKV_CACHE_DIR})
  set(_snkv_cache "$ENV{SNKV_CACHE_DIR}")
elseif(DEFINED ENV{XDG_CACHE_HOME})
  set(_snkv_cache "$ENV{XDG_CACHE_HOME}/snkv")
elseif(DEFINED ENV{HOME})
  set(_snkv_cache "$ENV{HOME}/.cache/snkv")
else()
  set(_snkv_cache "${CMAKE_BINARY_DIR}/snkv-cache")
endif()

function(_snkv_check_hash file out_ok)
  file(SHA256 "${file}" _h)
  if(_h STREQUAL SNKV_SQLITE_SHA256)
    set(${out_ok} TRUE PARENT_SCOPE)
  else()
    set(${out_ok} FALSE PARENT_SCOPE)
  endif()
endfunction()

if(SNKV_SQLITE_DIR)
  set(_src "${SNKV_SQLITE_DIR}/sqlite3.c")
  if(NOT EXISTS "${_src}")
    message(FATAL_ERROR "SNKV_SQLITE_DIR=${SNKV_SQLITE_DIR} has no sqlite3.c")
  endif()
  if(NOT SNKV_SQLITE_SKIP_HASH)
    _snkv_check_hash("${_src}" _ok)
    if(NOT _ok)
      message(FATAL_ERROR "${_src} is not SQLite ${SNKV_SQLITE_VERSION} (SHA-256 mismatch; expected ${SNKV_SQLITE_SHA256}). Pass -DSNKV_SQLITE_SKIP_HASH=ON to use it anyway.")
    endif()
  endif()
else()
  set(_dir "${_snkv_cache}/sqlite-${SNKV_SQLITE_VERSION}")
  set(_src "${_dir}/sqlite3.c")
  set(_ok FALSE)
  if(EXISTS "${_src}")
    _snkv_check_hash("${_src}" _ok)
  endif()
  if(NOT _ok)
    find_program(SNKV_NPM NAMES npm npm.cmd REQUIRED)
    set(_tmp "${_dir}.download")
    file(REMOVE_RECURSE "${_tmp}")
    file(MAKE_DIRECTORY "${_tmp}")
    message(STATUS "SNKV: fetching SQLite ${SNKV_SQLITE_VERSION} via npm pack ${SNKV_SQLITE_NPM_PACKAGE}")
    execute_process(COMMAND "${SNKV_NPM}" pack "${SNKV_SQLITE_NPM_PACKAGE}" --silent
                    WORKING_DIRECTORY "${_tmp}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _tgz
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "npm pack ${SNKV_SQLITE_NPM_PACKAGE} failed (${_rc}); set -DSNKV_SQLITE_DIR to a directory holding sqlite3.c")
    endif()
    file(GLOB _tgzs "${_tmp}/*.tgz")
    list(GET _tgzs 0 _tgzfile)
    execute_process(COMMAND "${CMAKE_COMMAND}" -E tar xzf "${_tgzfile}" package/deps/sqlite3/sqlite3.c
                    WORKING_DIRECTORY "${_tmp}" RESULT_VARIABLE _rc)
    set(_got "${_tmp}/package/deps/sqlite3/sqlite3.c")
    if(NOT _rc EQUAL 0 OR NOT EXISTS "${_got}")
      message(FATAL_ERROR "${_tgzfile} does not contain package/deps/sqlite3/sqlite3.c")
    endif()
    _snkv_check_hash("${_got}" _ok)
    if(NOT _ok)
      message(FATAL_ERROR "sqlite3.c from ${SNKV_SQLITE_NPM_PACKAGE} has an unexpected SHA-256 (expected ${SNKV_SQLITE_SHA256}); refusing to build with it")
    endif()
    file(MAKE_DIRECTORY "${_dir}")
    file(RENAME "${_got}" "${_src}")
    file(REMOVE_RECURSE "${_tmp}")
  endif()
endif()

# The patch: SQLite compares index b-tree entries as SQL records. SNKV entries are
# raw `u32 klen | key | value` payloads (spec §1.4), so cursors opened with SNKV's
# marker KeyInfo (nAllField == 0, which no SQL index can have) are routed to
# snkvRawKeyCompare(), defined in c/snkv/src/compare.c. Each substitution must find
# its anchor exactly once, or the build stops.
set(SNKV_SQLITE_PATCHED "${CMAKE_BINARY_DIR}/sqlite3_snkv.c")
set(SNKV_SQLITE_SOURCE "${_src}")
add_custom_command(
  OUTPUT "${SNKV_SQLITE_PATCHED}"
  COMMAND "${CMAKE_COMMAND}" -DIN=${_src} -DOUT=${SNKV_SQLITE_PATCHED} -P "${CMAKE_CURRENT_LIST_DIR}/patch_sqlite.cmake"
  DEPENDS "${_src}" "${CMAKE_CURRENT_LIST_DIR}/patch_sqlite.cmake"
  COMMENT "Patching SQLite ${SNKV_SQLITE_VERSION} for raw-key comparison")
add_custom_target(snkv_sqlite_patched DEPENDS "${SNKV_SQLITE_PATCHED}")
