// Writing a file so that it is never left half-written: the text goes to a
// new temporary file beside it, which is then renamed over it. Whatever
// stops the process (a second Ctrl-C, a full disk, a crash), the file holds
// either its old content or the complete new one.
#pragma once
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace tl::cli {

// Checks, without creating or changing anything, that write_file_atomically
// could write `path`: its directory exists and can take a new file, and an
// existing file there is writable. False otherwise.
bool can_write_atomically(const std::string& path);

// Writes `contents` to a temporary file in the same directory (so on the same
// file system), flushes it to disk and renames it over `path`, keeping an
// existing file's permission bits; a new file gets the usual 0666 less the
// umask. A symbolic link is followed: the file it points to is replaced and
// the link stays. What cannot be replaced that way is appended to in place:
// a pipe or a terminal, a file reached through /proc (/dev/stdout, /dev/fd/N).
// Throws std::system_error, after removing the temporary file, when any step
// fails.
void write_file_atomically(const std::string& path, std::string_view contents);
// The same for a text made as it is written: `write` puts it into the
// stream, which goes to the temporary file a buffer at a time (a large trace
// is never held in memory whole).
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

// For a process about to end with _Exit while another thread may be inside
// write_file_atomically: removes the temporary file being written, if any,
// and makes any later write wait forever (the process is ending). Leaves the
// file it would have replaced as it was.
void abandon_atomic_writes() noexcept;

}  // namespace tl::cli
