# The Raspberry Pi's tests: the systemd watchdog, the kiosk unit, the installer, the
# hotspot, and the GLES2 renderer. Included last by tests/CMakeLists.txt.

# The systemd notifier (READY, WATCHDOG, STATUS) against a notify socket of its own.
if(SYSTEMD_FOUND)
  add_executable(test_watchdog pi/test_watchdog.c ${CMAKE_SOURCE_DIR}/console/watchdog.c)
  target_include_directories(test_watchdog PRIVATE unit ${CMAKE_SOURCE_DIR}/console)
  target_compile_definitions(test_watchdog PRIVATE NURTURE_HAVE_SYSTEMD)
  target_link_libraries(test_watchdog PRIVATE PkgConfig::SYSTEMD)
  add_test(NAME test_watchdog COMMAND test_watchdog)
endif()

# The Pi's settings (audio, wifi_ssid, wifi_password): file, flags, refusals.
add_executable(print_settings pi/print_settings.c ${CMAKE_SOURCE_DIR}/console/cli.c)
target_link_libraries(print_settings PRIVATE nurture_core)
add_test(NAME pi_settings COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/pi/check-settings-pi.sh
                                  $<TARGET_FILE:print_settings>)

# Labels tools/check-pi selects under qemu (ctest -L 'unit|headless'): every unit test
# program (test_<module>), and the tests that need no screen, sound server or browser.
get_property(nurture_all_tests DIRECTORY PROPERTY TESTS)
foreach(t ${nurture_all_tests})
  if(t MATCHES "^test_")
    set_property(TEST ${t} APPEND PROPERTY LABELS unit)
  endif()
endforeach()
foreach(t plans_malformed scenes_shipped scenes_list settings_files progress_resume
          pi_settings)
  if(TEST ${t})
    set_property(TEST ${t} APPEND PROPERTY LABELS headless)
  endif()
endforeach()
