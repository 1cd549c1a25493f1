# The sound's tests: the pure parts rendered to memory, files made at test time with
# sox, and the real path PortAudio -> ALSA -> PulseAudio (tests/audio/e2e.sh).
function(nurture_audio_test name)
  add_executable(${name} audio/${name}.c)
  target_link_libraries(${name} PRIVATE nurture_sound)
  target_include_directories(${name} PRIVATE unit audio)
  add_test(NAME ${name} COMMAND ${name})
endfunction()

nurture_audio_test(test_ring)
nurture_audio_test(test_mixer)
nurture_audio_test(test_synth)
nurture_audio_test(test_decoder)
set_tests_properties(test_synth PROPERTIES TIMEOUT 300)

# The real output path, and running with no sound device or muted on purpose.
add_test(NAME audio_e2e
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/audio/e2e.sh $<TARGET_FILE:nurture>
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(audio_e2e PROPERTIES TIMEOUT 180 RUN_SERIAL TRUE
                     ENVIRONMENT "NURTURE_DATA=${CMAKE_CURRENT_SOURCE_DIR}/plans/fixture")
add_test(NAME audio_reconnect
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/audio/e2e.sh $<TARGET_FILE:nurture> reconnect
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(audio_reconnect PROPERTIES TIMEOUT 120 RUN_SERIAL TRUE
                     ENVIRONMENT "NURTURE_DATA=${CMAKE_CURRENT_SOURCE_DIR}/plans/fixture")
add_test(NAME audio_faults
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/audio/e2e.sh $<TARGET_FILE:nurture> faults
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(audio_faults PROPERTIES TIMEOUT 150 RUN_SERIAL TRUE
                     ENVIRONMENT "NURTURE_DATA=${CMAKE_CURRENT_SOURCE_DIR}/plans/fixture")

# The engine itself, with no device (--mute), driven by a class's events.
add_executable(test_audio audio/test_audio.c)
target_link_libraries(test_audio PRIVATE nurture_app)
target_include_directories(test_audio PRIVATE unit)
target_compile_definitions(test_audio PRIVATE FIXTURE="${CMAKE_CURRENT_SOURCE_DIR}/plans")
add_test(NAME test_audio COMMAND test_audio)
