# Cross-compiling with Zig's C compiler (zig cc), e.g.
#   cmake -S . -B build-linux-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/zig-toolchain.cmake \
#         -DSNKV_ZIG=/path/to/zig -DSNKV_ZIG_TARGET=aarch64-linux-gnu.2.17
# Targets used by scripts/build-cross.mjs: x86_64-linux-gnu.2.17, aarch64-linux-gnu.2.17
# (an old glibc floor), x86_64-macos, aarch64-macos, x86_64-windows-gnu.
# CMake wants a compiler executable, so a two-line wrapper calls `zig cc -target <T>`.

if(NOT SNKV_ZIG OR NOT SNKV_ZIG_TARGET)
  message(FATAL_ERROR "zig-toolchain.cmake needs -DSNKV_ZIG=<zig executable> and -DSNKV_ZIG_TARGET=<triple>")
endif()
# Pass the settings on to CMake's try_compile projects, which re-read this file.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SNKV_ZIG SNKV_ZIG_TARGET)

string(REGEX MATCH "^[^-]+" _arch "${SNKV_ZIG_TARGET}")
if(SNKV_ZIG_TARGET MATCHES "-linux")
  set(CMAKE_SYSTEM_NAME Linux)
  set(_os linux)
elseif(SNKV_ZIG_TARGET MATCHES "-macos")
  set(CMAKE_SYSTEM_NAME Darwin)
  set(_os darwin)
elseif(SNKV_ZIG_TARGET MATCHES "-windows")
  set(CMAKE_SYSTEM_NAME Windows)
  set(_os win32)
else()
  message(FATAL_ERROR "unsupported zig target ${SNKV_ZIG_TARGET}")
endif()
set(CMAKE_SYSTEM_PROCESSOR "${_arch}")
if(_arch STREQUAL "x86_64")
  set(SNKV_PLATFORM "${_os}-x64" CACHE STRING "")
else()
  set(SNKV_PLATFORM "${_os}-arm64" CACHE STRING "")
endif()

set(_wrap_dir "${CMAKE_BINARY_DIR}/zig-wrappers")
file(MAKE_DIRECTORY "${_wrap_dir}")
foreach(tool cc ar ranlib)
  if(tool STREQUAL "cc")
    set(_cmd "exec \"${SNKV_ZIG}\" cc -target ${SNKV_ZIG_TARGET} \"$@\"")
  else()
    set(_cmd "exec \"${SNKV_ZIG}\" ${tool} \"$@\"")
  endif()
  file(WRITE "${_wrap_dir}/zig-${tool}" "#!/bin/sh\n${_cmd}\n")
  file(CHMOD "${_wrap_dir}/zig-${tool}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()

set(CMAKE_C_COMPILER "${_wrap_dir}/zig-cc")
if(_os STREQUAL "darwin")
  # Zig 0.11's Mach-O linker exports every global symbol, hidden ones included, and links its
  # compiler-rt whole: make SQLite's API static too (the engine's internals already are) and
  # link dylibs with `zig build-lib -fno-compiler-rt` (cmake/zig-darwin-rules.cmake).
  set(SNKV_STATIC_SQLITE_API ON CACHE BOOL "" FORCE)
  set(CMAKE_USER_MAKE_RULES_OVERRIDE "${CMAKE_CURRENT_LIST_DIR}/zig-darwin-rules.cmake")
endif()
set(CMAKE_AR "${_wrap_dir}/zig-ar" CACHE FILEPATH "")
set(CMAKE_RANLIB "${_wrap_dir}/zig-ranlib" CACHE FILEPATH "")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
