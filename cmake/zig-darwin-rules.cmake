# Read after CMake's Darwin platform files (CMAKE_USER_MAKE_RULES_OVERRIDE, set by
# zig-toolchain.cmake): shared libraries are linked by `zig build-lib`, without Zig's
# compiler-rt (libSystem provides the builtins), stripped, with a relocatable install name.
set(CMAKE_C_CREATE_SHARED_LIBRARY
  "\"${SNKV_ZIG}\" build-lib -dynamic -target ${SNKV_ZIG_TARGET} -O ReleaseFast -fno-compiler-rt -fstrip -lc -install_name @rpath/<TARGET_SONAME> -femit-bin=<TARGET> <OBJECTS> <LINK_LIBRARIES>")
