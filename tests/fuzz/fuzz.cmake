# libFuzzer targets (clang only): tools/build fuzz configures build/fuzz with them.
function(nurture_fuzzer name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.c)
  target_link_libraries(${name} PRIVATE nurture_core)
  target_compile_definitions(${name} PRIVATE FIXTURE="${CMAKE_SOURCE_DIR}/tests/plans")
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
endfunction()

nurture_fuzzer(fuzz_plan)
# A short run on every check, seeded with the kept corpus and the good and the broken plans.
add_test(NAME fuzz_plan
         COMMAND sh -c "mkdir -p corpus_plan && ./fuzz_plan -max_total_time=20 -rss_limit_mb=1024 -max_len=4096 corpus_plan ${CMAKE_CURRENT_LIST_DIR}/corpus_plan ${CMAKE_SOURCE_DIR}/tests/plans/good ${CMAKE_SOURCE_DIR}/tests/plans/bad 2>fuzz_plan.log || { tail -40 fuzz_plan.log; exit 1; }")

# The settings file and the files a power cut may leave half-written (the saved progress,
# the class log): a short run on every check; tools/fuzz runs them for longer.
nurture_fuzzer(fuzz_settings)
add_test(NAME fuzz_settings
         COMMAND sh -c "mkdir -p corpus_settings && ./fuzz_settings -max_total_time=8 -rss_limit_mb=1024 -max_len=2048 corpus_settings ${CMAKE_CURRENT_LIST_DIR}/corpus_settings 2>fuzz_settings.log || { tail -40 fuzz_settings.log; exit 1; }")
nurture_fuzzer(fuzz_progress)
add_test(NAME fuzz_progress
         COMMAND sh -c "mkdir -p corpus_progress && ./fuzz_progress -max_total_time=8 -rss_limit_mb=1024 -max_len=4096 corpus_progress ${CMAKE_CURRENT_LIST_DIR}/corpus_progress 2>fuzz_progress.log || { tail -40 fuzz_progress.log; exit 1; }")

# The rig of the body drawings (media/art/rig.yaml), seeded with the shipped rig and the
# kept corpus: a short run on every check.
nurture_fuzzer(fuzz_rig)
add_test(NAME fuzz_rig
         COMMAND sh -c "mkdir -p corpus_rig && cp ${CMAKE_SOURCE_DIR}/media/art/rig.yaml corpus_rig/shipped-rig.yaml && ./fuzz_rig -max_total_time=8 -rss_limit_mb=1024 -max_len=8192 corpus_rig ${CMAKE_CURRENT_LIST_DIR}/corpus_rig 2>fuzz_rig.log || { tail -40 fuzz_rig.log; exit 1; }")
