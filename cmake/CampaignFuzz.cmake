# Fuzz targets: campaign_add_fuzzer(NAME SOURCES ... [LIBRARIES ...]
#   [DEFINITIONS ...] [INCLUDES ...] [DICT file])
#
# The sources define LLVMFuzzerTestOneInput(). Two builds use them:
#
# - With -DCAMPAIGN_FUZZ=ON (clang only) each becomes the libFuzzer binary
#   fuzz/fuzz_NAME of the build tree (with NAME.dict beside it when DICT is
#   given) and the target run_fuzz_NAME runs it for CAMPAIGN_FUZZ_SECONDS
#   through scripts/fuzz; `ninja fuzzers` builds them all and `ninja run_fuzz`
#   runs them all.
# - With the tests (any compiler) each also becomes fuzz_replay_NAME, the same
#   sources with a plain main (tests/fuzz/replay_main.cpp), and the ctest entry
#   fuzz.NAME feeds it every file of tests/fixtures/fuzz/NAME: the seeds and
#   every input a fuzzer found crashing, so that a fixed crash stays fixed.

option(CAMPAIGN_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(CAMPAIGN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CAMPAIGN_FUZZ=ON needs clang: configure with -DCMAKE_C_COMPILER=clang "
                        "-DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(CAMPAIGN_FUZZ_SECONDS 60 CACHE STRING "How long the run_fuzz_* targets fuzz each target, in seconds")
  add_custom_target(fuzzers)
  add_custom_target(run_fuzz
    COMMAND "${PROJECT_SOURCE_DIR}/scripts/fuzz" "${CMAKE_BINARY_DIR}" ${CAMPAIGN_FUZZ_SECONDS}
    DEPENDS fuzzers
    USES_TERMINAL
    COMMENT "Fuzzing every target for ${CAMPAIGN_FUZZ_SECONDS} s")
endif()

function(campaign_add_fuzzer name)
  cmake_parse_arguments(PARSE_ARGV 1 F "" "DICT" "SOURCES;LIBRARIES;DEFINITIONS;INCLUDES")
  if(F_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "campaign_add_fuzzer(${name}): unknown arguments ${F_UNPARSED_ARGUMENTS}")
  endif()
  set(seeds "${PROJECT_SOURCE_DIR}/tests/fixtures/fuzz/${name}")

  if(CAMPAIGN_FUZZ)
    set(target fuzz_${name})
    add_executable(${target} ${F_SOURCES})
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_include_directories(${target} PRIVATE ${F_INCLUDES})
    target_compile_definitions(${target} PRIVATE ${F_DEFINITIONS})
    target_link_libraries(${target} PRIVATE campaign_settings campaign_warnings ${F_LIBRARIES})
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/fuzz")
    if(F_DICT)
      add_custom_command(TARGET ${target} POST_BUILD
        COMMAND ${CMAKE_COMMAND} -E copy_if_different "${F_DICT}" "${CMAKE_BINARY_DIR}/fuzz/${name}.dict")
    endif()
    add_dependencies(fuzzers ${target})
    add_custom_target(run_fuzz_${name}
      COMMAND "${PROJECT_SOURCE_DIR}/scripts/fuzz" "${CMAKE_BINARY_DIR}" ${CAMPAIGN_FUZZ_SECONDS} ${name}
      DEPENDS ${target}
      USES_TERMINAL
      COMMENT "Fuzzing ${name} for ${CAMPAIGN_FUZZ_SECONDS} s")
  endif()

  if(CAMPAIGN_BUILD_TESTS)
    set(target fuzz_replay_${name})
    add_executable(${target} ${F_SOURCES} "${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cpp")
    target_include_directories(${target} PRIVATE ${F_INCLUDES})
    target_compile_definitions(${target} PRIVATE ${F_DEFINITIONS})
    target_link_libraries(${target} PRIVATE campaign_settings campaign_warnings ${F_LIBRARIES})
    add_test(NAME fuzz.${name} COMMAND ${target} "${seeds}")
  endif()
endfunction()
