# The phone remote's message decoder (console/remote/proto.c, pure; cJSON comes with nurture_core).
add_executable(fuzz_proto ${CMAKE_CURRENT_LIST_DIR}/fuzz_proto.c ${CMAKE_SOURCE_DIR}/console/remote/proto.c)
target_link_libraries(fuzz_proto PRIVATE nurture_core m)
target_compile_options(fuzz_proto PRIVATE -fsanitize=fuzzer)
target_link_options(fuzz_proto PRIVATE -fsanitize=fuzzer)
add_test(NAME fuzz_proto
         COMMAND sh -c "mkdir -p corpus_proto && ./fuzz_proto -max_total_time=15 -rss_limit_mb=1024 -max_len=2048 corpus_proto ${CMAKE_CURRENT_LIST_DIR}/corpus_proto 2>fuzz_proto.log || { tail -40 fuzz_proto.log; exit 1; }")
