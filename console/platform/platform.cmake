# platform: what touches the operating system and nothing else: where files live
# (paths), reading and atomic writes of files (fsutil), the monotonic clock (clock),
# the systemd notifier (watchdog).
# Layer 0: includes no other folder of console/.
add_library(nurture_platform STATIC
  console/platform/clock.c
  console/platform/paths.c
  console/platform/fsutil.c
  console/platform/watchdog.c
)
target_include_directories(nurture_platform PUBLIC console)
find_package(Threads REQUIRED)
target_link_libraries(nurture_platform PUBLIC Threads::Threads) # the clock's pthread_once
target_compile_definitions(nurture_platform PRIVATE
  NURTURE_SOURCE_DATA="${CMAKE_SOURCE_DIR}"
  NURTURE_INSTALL_DATA="${CMAKE_INSTALL_FULL_DATADIR}/nurture")
# systemd's notify protocol for the kiosk service; optional.
if(SYSTEMD_FOUND)
  target_compile_definitions(nurture_platform PRIVATE NURTURE_HAVE_SYSTEMD)
  target_link_libraries(nurture_platform PUBLIC PkgConfig::SYSTEMD)
endif()
