# The phone remote: a libwebsockets server on its own thread (console/remote.c), the
# JSON protocol (proto.c, pure) and pairing (pair.c). The pure parts form a small
# library that the remote's unit tests link.
pkg_check_modules(LWS REQUIRED IMPORTED_TARGET libwebsockets)
pkg_check_modules(CRYPTO REQUIRED IMPORTED_TARGET libcrypto)
find_package(Threads REQUIRED)

add_library(nurture_remote_core STATIC console/proto.c console/pair.c)
target_link_libraries(nurture_remote_core PUBLIC nurture_core PkgConfig::CJSON PkgConfig::LWS
                      PkgConfig::CRYPTO m)

target_link_libraries(nurture_io PUBLIC nurture_remote_core Threads::Threads)
