# The Raspberry Pi's tests: the systemd watchdog, the kiosk unit, the installer, the
# hotspot, and the GLES2 renderer. Included last by tests/CMakeLists.txt.

# The systemd notifier (READY, WATCHDOG, STATUS) against a notify socket of its own.
if(SYSTEMD_FOUND)
  add_executable(test_watchdog pi/test_watchdog.c ${CMAKE_SOURCE_DIR}/console/platform/watchdog.c)
  target_include_directories(test_watchdog PRIVATE unit ${CMAKE_SOURCE_DIR}/console)
  target_compile_definitions(test_watchdog PRIVATE NURTURE_HAVE_SYSTEMD)
  target_link_libraries(test_watchdog PRIVATE PkgConfig::SYSTEMD)
  add_test(NAME test_watchdog COMMAND test_watchdog)
endif()

# The Pi's settings (audio, wifi_ssid, wifi_password): file, flags, refusals.
add_executable(print_settings pi/print_settings.c )
target_link_libraries(print_settings PRIVATE nurture_core)
add_test(NAME pi_settings COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pi/check-settings-pi.sh
                                  $<TARGET_FILE:print_settings>)

# The renderers the kiosk draws with, headless: GLES2 through Mesa's EGL (the Pi's
# path, SDL_RENDER_DRIVER=opengles2) and the software one, on SDL's offscreen driver.
add_executable(render_offscreen pi/render_offscreen.c)
target_include_directories(render_offscreen PRIVATE unit)
target_link_libraries(render_offscreen PRIVATE PkgConfig::SDL2)
add_test(NAME render_offscreen COMMAND render_offscreen opengles2 software)
# Mesa's drivers leak a little and are unloaded before the leak check at exit, so their
# leaks cannot be told apart (or suppressed) by library: no leak check through Mesa.
# The sanitizer build still checks every access and undefined behaviour here.
set(nurture_mesa_asan "ASAN_OPTIONS=detect_leaks=0")
set_tests_properties(render_offscreen PROPERTIES
  ENVIRONMENT "SDL_VIDEODRIVER=offscreen;${nurture_mesa_asan}")

# tools/install-pi into a staging folder (DESTDIR); the unit verified by systemd; the
# installed program run with the unit's command line and environment (offscreen screen,
# GLES2 renderer) under a stand-in for systemd: READY, STATUS, watchdog kicks, SIGTERM.
add_test(NAME pi_install
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pi/check-install.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR})
set_tests_properties(pi_install PROPERTIES
  ENVIRONMENT "${nurture_mesa_asan}"
  TIMEOUT 600)

# The `audio:` setting reaches the device the music opens (ALSA's default of that card).
add_test(NAME pi_audio_out COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pi/check-audio-out.sh $<TARGET_FILE:nurture>)
set_tests_properties(pi_audio_out PROPERTIES TIMEOUT 120)

# tools/hotspot with stand-ins for nmcli and systemctl; the connection checked by the
# real nmcli offline; the Wi-Fi it writes read back by the settings code.
add_test(NAME pi_hotspot COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pi/check-hotspot.sh ${CMAKE_SOURCE_DIR}
                                 $<TARGET_FILE:print_settings>)

# Labels tools/check-pi selects under qemu (ctest -L 'unit|headless'): every unit test
# program (test_<module>), and the tests that need no screen, sound server or browser.
# Deferred to the end of tests/CMakeLists.txt, so the other subsystems' tests are there.
function(nurture_label_pi_tests)
  get_property(all_tests DIRECTORY PROPERTY TESTS)
  foreach(t ${all_tests})
    if(t MATCHES "^test_")
      set_property(TEST ${t} APPEND PROPERTY LABELS unit)
    elseif(t MATCHES "^(plans_malformed|scenes_shipped|scenes_list|settings_files|progress_resume)$"
           OR t MATCHES "^(pi_settings|render_offscreen|pi_install|pi_audio_out)$"
           OR t MATCHES "^remote_(state_on_connect|pair_by_code|each_command|http_page)$")
      set_property(TEST ${t} APPEND PROPERTY LABELS headless)
    endif()
  endforeach()
endfunction()
cmake_language(DEFER CALL nurture_label_pi_tests)
