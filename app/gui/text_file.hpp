// Program texts on disk: reading a whole file, and writing one so that the
// file is either the old text or the new one, never half of each (a
// temporary file beside it, then a rename over it).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace tl::gui {

// The text's lines, without their '\n' (a last line without one counts).
std::vector<std::string> split_lines(const std::string& text);
// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path);

// Writes `text` to `path` through a temporary file in the same folder,
// flushed to disk and renamed over `path`; an existing file keeps its
// permissions (a new one gets the usual 0666 minus the umask). Returns ""
// when it worked, else one line naming the path and the reason:
// "cannot write '/nope/x.py': No such file or directory". On failure
// `path` is untouched and no temporary file is left behind.
// `code`, when given, gets 0, the errno of the failure, or one of the kWrite
// codes below (so a front end can say it in its own language).
std::string write_text_file_atomically(const std::string& path, const std::string& text, int* code = nullptr);
constexpr int kWriteNoName = -1;      // the path is empty
constexpr int kWriteNotAFile = -2;    // something other than a file or a folder is there

}  // namespace tl::gui
