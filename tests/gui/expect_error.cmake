# Runs COMMAND (a ;-list) and checks that it exits with code 2 after printing
# exactly one line on stderr: how every error of `threadlab gui` must look.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(STRIP "${err}" stripped)
string(REGEX MATCHALL "\n" newlines "${stripped}")
list(LENGTH newlines extra_lines)
if(NOT code EQUAL 2)
  message(FATAL_ERROR "expected exit code 2, got '${code}'; stderr: ${err}")
endif()
if(stripped STREQUAL "" OR NOT extra_lines EQUAL 0)
  message(FATAL_ERROR "expected one line on stderr, got: '${err}'")
endif()
message(STATUS "ok: ${stripped}")
