"""Counts the scheduling decisions ThreadLab's deterministic mode makes in a
program's own code, by running it under plain CPython with a trace function
that sees what ThreadLab's does (pybridge/src/switch_points.cpp):

  line      one decision per line event     (--granularity line)
  bytecode  one per instruction             (--granularity bytecode)
  switch    one per RESUME, CALL, CALL_FUNCTION_EX and backward jump, the
            instructions where CPython 3.11 itself may switch threads
            (--granularity switch, the default)

Only frames of the program's own file count (ThreadLab does not trace the
standard library line by line); the engine calls the library makes (lock
acquire/release, thread start/join) are decisions too, a few dozen in these
programs, and are not counted here.

    /usr/bin/python3.11 count_points.py det_two.py      # prints a JSON object
"""
import dis
import json
import os
import runpy
import sys
import threading

SWITCH_OPS = {dis.opmap[name] for name in (
    "RESUME", "CALL", "CALL_FUNCTION_EX", "JUMP_BACKWARD", "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE")}

path = os.path.abspath(sys.argv[1])
counts = {"line": 0, "bytecode": 0, "switch": 0}
lock = threading.Lock()


def local(frame, event, arg):
    if event == "line":
        with lock:
            counts["line"] += 1
    elif event == "opcode":
        op = frame.f_code.co_code[frame.f_lasti]
        with lock:
            counts["bytecode"] += 1
            counts["switch"] += op in SWITCH_OPS
    return local


def on_call(frame, event, arg):
    if frame.f_code.co_filename != path:
        return None
    frame.f_trace_opcodes = True
    return local


sys.argv = [path]
threading.settrace(on_call)
sys.settrace(on_call)
runpy.run_path(path, run_name="__main__")
sys.settrace(None)
threading.settrace(None)
print(json.dumps(counts))
