// The text of py/boot.py, compiled into the binary (boot_source.cpp is
// generated from it at configure time), so that the program is self-contained.
#pragma once

namespace tl::py {
extern const char kBootSource[];
}
