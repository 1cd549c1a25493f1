# The phone remote: unit tests of the pure parts, integration tests with real websocket
# clients (Debian's python3-websockets, one console per case) and a browser test
# (Debian's chromium through playwright-core).

add_executable(test_proto unit/test_proto.c)
target_link_libraries(test_proto PRIVATE nurture_remote)
target_include_directories(test_proto PRIVATE unit)
target_compile_definitions(test_proto PRIVATE FIXTURE="${CMAKE_CURRENT_SOURCE_DIR}/plans")
add_test(NAME test_proto COMMAND test_proto)

add_executable(test_pair unit/test_pair.c)
target_link_libraries(test_pair PRIVATE nurture_remote)
target_include_directories(test_pair PRIVATE unit)
add_test(NAME test_pair COMMAND test_pair)

set(REMOTE_CASES
  state_on_connect refused_without_pairing pair_by_code pair_by_device_token second_phone_asks
  each_command broadcast_to_all bad_origin rebinding bad_messages hundred_connections
  connection_flood slow_client_dropped reconnect_after_restart http_page invalid_utf8_track
  finished_summary)
foreach(case ${REMOTE_CASES})
  add_test(NAME remote_${case}
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/remote/test_remote.py
                   $<TARGET_FILE:nurture> ${CMAKE_SOURCE_DIR} ${case})
  set_tests_properties(remote_${case} PROPERTIES TIMEOUT 150)
endforeach()

# In the console's real window, on an X server of each case's own (Xvfb -displayfd): K
# forgets every paired phone; the projector's QR code pairs only while the code is open
# (read back with zbarimg); 40 wrong codes never stop the instructor pairing.
find_program(XVFB Xvfb)
find_program(ZBARIMG zbarimg)
if(XVFB AND ZBARIMG)
  foreach(case revoke_key projector_gives_control wrong_code_rate_limit)
    add_test(NAME remote_${case}
             COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/remote/test_remote.py
                     $<TARGET_FILE:nurture> ${CMAKE_SOURCE_DIR} ${case})
    # Under the sanitizers, X11's and D-Bus's client libraries leave allocations at exit
    # that are not ours (as in display_keys); the remote's own leaks are checked headless.
    set_tests_properties(remote_${case} PROPERTIES TIMEOUT 150
                         ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
  endforeach()
endif()

# The soak: a class and more on a clock 60 times fast, in a real window (Xvfb, SDL's
# software renderer: Mesa's llvmpipe, which the GLES2 renderer would use here, fills
# caches of its own for minutes) with music (a private PulseAudio), 50 phones and random
# keys for a minute; the console's memory must not grow beyond 20 MB a minute after the
# warm-up (glibc's malloc told to give big blocks back at once: a screen-sized picture
# freed then shows at once; in a minute the slope is noisy, so this only catches a gross
# leak; tools/soak MINUTES runs it long with a bound of 1 MB a minute). Not checked
# under the sanitizers, whose quarantine grows by design; LeakSanitizer is on there.
find_program(XDOTOOL xdotool)
if(XVFB AND XDOTOOL)
  if(NURTURE_SANITIZE)
    set(soak_slope 0)
  else()
    set(soak_slope 20480)
  endif()
  add_test(NAME remote_soak
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/remote/soak.py
                   $<TARGET_FILE:nurture> ${CMAKE_SOURCE_DIR} 60 --max-slope ${soak_slope}
                   --renderer software --mmap-threshold 131072)
  set_tests_properties(remote_soak PROPERTIES TIMEOUT 240 RUN_SERIAL TRUE)
endif()

# The phone page in a real browser at a phone's size, driven by touch.
add_test(NAME remote_browser
         COMMAND node --test ${CMAKE_CURRENT_SOURCE_DIR}/browser/remote.test.mjs)
set_tests_properties(remote_browser PROPERTIES TIMEOUT 180
  ENVIRONMENT "NURTURE_EXE=$<TARGET_FILE:nurture>;NURTURE_SOURCE=${CMAKE_SOURCE_DIR}")
