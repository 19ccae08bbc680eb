// The texts of py/boot.py, py/objects.py and py/checks_api.py, compiled into the binary
// (boot_source.cpp is generated from them at configure time), so that the
// program is self-contained.
#pragma once

namespace tl::py {
extern const char kBootSource[];     // the module _threadlab_boot
extern const char kObjectsSource[];  // the module _threadlab_objects
extern const char kChecksApiSource[];  // the module threadlab, which lessons' checks.py import
}
