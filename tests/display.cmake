# The projector's tests: pure math (test_anim), text (test_text), palette and layout
# (test_theme), every step of every shipped plan drawn headless (test_render), what a
# frame redraws (test_layers), a step fading in a window (test_fade, Xvfb), the
# --render command, and a real window under Xvfb driven with keys (display_keys),
# started fullscreen (display_fullscreen) and stopped by broken art (display_check_art_window).
function(nurture_display_test name)
  add_executable(${name} display/${name}.c)
  target_link_libraries(${name} PRIVATE nurture_app nurture_core)
  target_include_directories(${name} PRIVATE unit)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR}")
endfunction()

nurture_display_test(test_anim)
nurture_display_test(test_text)
nurture_display_test(test_theme)
nurture_display_test(test_art)
nurture_display_test(test_render)
nurture_display_test(test_layers)
# Heavy (hundreds of full frames): alone, so it does not slow the timing-sensitive tests.
set_tests_properties(test_render PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)

add_test(NAME display_render_cli
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/render-cli.sh $<TARGET_FILE:nurture>)
set_tests_properties(display_render_cli PROPERTIES ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR}")

# The join card's QR codes, read back with a real QR reader.
add_test(NAME display_join_qr
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/check-join-qr.sh $<TARGET_FILE:nurture>)
set_tests_properties(display_join_qr PROPERTIES ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR}")

find_program(XVFB Xvfb)
find_program(XDOTOOL xdotool)
if(XVFB AND XDOTOOL)
  add_test(NAME display_keys
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/keys-under-xvfb.sh $<TARGET_FILE:nurture>)
  # Under the sanitizers, X11's and D-Bus's client libraries leave allocations at exit
  # that are not ours; the program's own leaks are checked headless by test_render.
  set_tests_properties(display_keys PROPERTIES
                       ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR};ASAN_OPTIONS=detect_leaks=0"
                       TIMEOUT 180 RUN_SERIAL TRUE)
  # A new step fades in, in a window (software renderer): its first frame, half way, its
  # frame rate, and nothing of the old step left after it.
  add_executable(test_fade display/test_fade.c)
  target_link_libraries(test_fade PRIVATE nurture_app nurture_core)
  target_include_directories(test_fade PRIVATE unit)
  add_test(NAME test_fade COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/with-xvfb.sh 1280x720
                                  $<TARGET_FILE:test_fade>)
  set_tests_properties(test_fade PROPERTIES
                       ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR};ASAN_OPTIONS=detect_leaks=0"
                       TIMEOUT 180)
  # Fullscreen on an X server with no window manager is the screen's size and layout; a
  # resize is followed; no GL in a software-drawn process; no screen at all says so.
  add_test(NAME display_fullscreen
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/fullscreen-under-xvfb.sh $<TARGET_FILE:nurture>)
  set_tests_properties(display_fullscreen PROPERTIES
                       ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR};ASAN_OPTIONS=detect_leaks=0"
                       TIMEOUT 180)
endif()

# Broken, empty or missing art and rig files stop the console and fail --check, named.
add_test(NAME display_check_art
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/check-art.sh $<TARGET_FILE:nurture>)
set_tests_properties(display_check_art PROPERTIES ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR}")
# The same in a window (Xvfb): the art is checked on its own thread while the window opens,
# and a broken file still closes it and stops the console, named, with no class begun.
if(XVFB)
  add_test(NAME display_check_art_window
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/display/check-art-window.sh $<TARGET_FILE:nurture>)
  set_tests_properties(display_check_art_window PROPERTIES
                       ENVIRONMENT "NURTURE_DATA=${CMAKE_SOURCE_DIR}" TIMEOUT 300)
endif()
