# Runs `threadlab run ID --mode deterministic --seed 11 --json` twice and
# fails unless both runs print the same JSON, byte for byte, and end with
# the same exit code: same program, parameters and seed, same log.
#   cmake -DTHREADLAB=path -DLESSON=id -P same_json_twice.cmake
foreach(i 1 2)
  execute_process(COMMAND ${THREADLAB} run ${LESSON} --mode deterministic --seed 11 --json
                  OUTPUT_VARIABLE out${i} ERROR_VARIABLE err${i} RESULT_VARIABLE rc${i})
endforeach()
if(NOT rc1 MATCHES "^[01]$")
  message(FATAL_ERROR "${LESSON}: exit code ${rc1} (0 or 1 wanted): ${err1}")
endif()
if(NOT rc1 STREQUAL rc2)
  message(FATAL_ERROR "${LESSON}: exit codes differ: ${rc1} then ${rc2}")
endif()
if(NOT out1 STREQUAL out2)
  string(LENGTH "${out1}" n1)
  string(LENGTH "${out2}" n2)
  message(FATAL_ERROR "${LESSON}: the two runs printed different JSON (${n1} and ${n2} bytes)")
endif()
string(LENGTH "${out1}" n)
message(STATUS "${LESSON}: the same ${n} bytes of JSON twice, exit code ${rc1}")
