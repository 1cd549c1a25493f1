# remote: the phone remote. The JSON protocol (proto, pure), pairing (pair) and the
# libwebsockets server on its own thread (remote). Layer 2: includes core/, platform/.
pkg_check_modules(LWS REQUIRED IMPORTED_TARGET libwebsockets)
pkg_check_modules(CRYPTO REQUIRED IMPORTED_TARGET libcrypto)
find_package(Threads REQUIRED)
add_library(nurture_remote STATIC
  console/remote/proto.c
  console/remote/pair.c
  console/remote/remote.c
)
target_link_libraries(nurture_remote PUBLIC nurture_core PkgConfig::CJSON PkgConfig::LWS
                      PkgConfig::CRYPTO Threads::Threads m)
