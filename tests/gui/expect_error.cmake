# Runs COMMAND (a ;-list) and checks that it exits with code 2 after printing
# exactly one line on stderr: how every error of `threadlab gui` must look.
# Optional EXPECT: a regular expression the line must match; EMPTY_LAST (see below).
# EMPTY_LAST: append one empty argument (a list cannot carry one).
if(EMPTY_LAST)
  execute_process(COMMAND ${COMMAND} "" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
else()
  execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
string(STRIP "${err}" stripped)
string(REGEX MATCHALL "\n" newlines "${stripped}")
list(LENGTH newlines extra_lines)
if(NOT code EQUAL 2)
  message(FATAL_ERROR "expected exit code 2, got '${code}'; stderr: ${err}")
endif()
if(stripped STREQUAL "" OR NOT extra_lines EQUAL 0)
  message(FATAL_ERROR "expected one line on stderr, got: '${err}'")
endif()
# EXPECT, when given: a text the line must hold (the flag it names), so a
# check made only after a window opened (which fails earlier without a
# display) does not pass for the right one.
if(DEFINED EXPECT AND NOT stripped MATCHES "${EXPECT}")
  message(FATAL_ERROR "expected the line to mention '${EXPECT}', got: '${stripped}'")
endif()
message(STATUS "ok: ${stripped}")
