#include "gui/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tl::gui {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return lines;
}

std::optional<std::string> read_text_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return std::nullopt;  // ifstream opens a folder, then reads nothing
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

std::string write_text_file_atomically(const std::string& path, const std::string& text, int* code) {
    int ignored = 0;
    int& out = code ? *code : ignored;
    out = 0;
    auto failed = [&](int err) {
        out = err;
        return "cannot write '" + path + "': " + std::strerror(err);
    };
    if (path.empty()) {
        out = kWriteNoName;
        return "no file name given";
    }
    std::filesystem::path target(path);
    // A link to the program: the file it points to gets the text, the link stays.
    std::error_code ec;
    if (std::filesystem::is_symlink(target, ec)) {
        const std::filesystem::path real = std::filesystem::canonical(target, ec);
        if (!ec) target = real;
    }
    const std::string file = target.string();
    if (!target.has_filename()) return failed(EISDIR);  // "dir/"
    struct stat st {};
    const bool exists = ::stat(file.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) return failed(EISDIR);
    if (exists && !S_ISREG(st.st_mode)) {
        out = kWriteNotAFile;
        return "cannot write '" + path + "': not a regular file";
    }

    const std::filesystem::path dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    std::string tmp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) return failed(errno);
    // mkstemp makes the file 0600; the saved file should look like the old
    // one (or like any new file).
    mode_t mode = 0;
    if (exists) {
        mode = st.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    int err = 0;
    if (::fchmod(fd, mode) != 0) err = errno;
    for (size_t done = 0; !err && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) err = errno;
        else done += static_cast<size_t>(n);
    }
    if (!err && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && !err) err = errno;
    if (!err && ::rename(tmp.c_str(), file.c_str()) != 0) err = errno;
    if (err) {
        ::unlink(tmp.c_str());
        return failed(err);
    }
    return {};
}

}  // namespace tl::gui
