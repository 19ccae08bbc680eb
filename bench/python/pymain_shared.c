/* python3.11 on the shared libpython3.11.so that ThreadLab embeds, instead
 * of Debian's /usr/bin/python3.11 (a static, separately optimised build of
 * the same interpreter). A baseline that separates what the library build
 * costs from what ThreadLab adds:
 *
 *   gcc -O2 $(/usr/bin/python3.11-config --cflags --embed) -o /tmp/pymain_shared \
 *       bench/python/pymain_shared.c $(/usr/bin/python3.11-config --ldflags --embed)
 *   /tmp/pymain_shared bench/python/cpu_countdown.py
 */
#include <Python.h>

int main(int argc, char** argv) { return Py_BytesMain(argc, argv); }
