#include "cli/atomic_file.hpp"

#include <cerrno>
#include <functional>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <vector>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tl::cli {

namespace fs = std::filesystem;

namespace {

// The temporary file being written now, so that abandon_atomic_writes can
// remove it. Its mutex is held while the file is created and while it is
// renamed, so that it is either still to be renamed or gone from here.
struct Pending {
    std::mutex mutex;
    std::string path;
    unsigned counter = 0;
};

Pending& pending() {
    static Pending p;
    return p;
}

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, std::string_view contents, const std::string& name) {
    while (!contents.empty()) {
        const ssize_t n = ::write(fd, contents.data(), contents.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("writing " + name);
        }
        contents.remove_prefix(static_cast<size_t>(n));
    }
}

// An ostream's buffer over a file descriptor: what a writer puts in goes
// to the file 64 KiB at a time, so a large text is never held whole.
class FdBuf : public std::streambuf {
public:
    FdBuf(int fd, std::string name) : fd_(fd), name_(std::move(name)), buf_(64 * 1024) {
        setp(buf_.data(), buf_.data() + buf_.size());
    }
    // Writes what is buffered; throws std::system_error on failure.
    void drain() {
        write_all(fd_, std::string_view(pbase(), static_cast<size_t>(pptr() - pbase())), name_);
        setp(buf_.data(), buf_.data() + buf_.size());
    }

protected:
    int_type overflow(int_type c) override {
        drain();
        if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
        return traits_type::not_eof(c);
    }
    int sync() override {
        drain();
        return 0;
    }

private:
    int fd_;
    std::string name_;
    std::vector<char> buf_;
};

// Runs `write` into fd. An ostream would swallow the buffer's exception and
// set badbit; the exceptions mask lets it through.
void write_through(int fd, const std::string& name, const std::function<void(std::ostream&)>& write) {
    FdBuf buf(fd, name);
    std::ostream out(&buf);
    out.exceptions(std::ios::badbit);
    write(out);
    out.flush();
    buf.drain();
}

fs::path directory_of(const fs::path& file) {
    const fs::path dir = file.parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

bool in_proc(const fs::path& p) { return p.string().rfind("/proc/", 0) == 0; }

// Where write_file_atomically writes: the file to replace, or (in_place) a
// file to write straight into.
struct Target {
    fs::path file;
    bool in_place = false;
};

Target target_of(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return {path, true};  // a pipe, a terminal
    // Follows the chain of links by hand, so that a link to a file that does
    // not exist yet still leads to where that file will be. /dev/stdout,
    // /dev/fd/N and /proc/self/fd/N lead into /proc, to a file this process
    // may have open already (its standard output): those are written in place.
    fs::path p(path);
    std::error_code ec;
    for (int hops = 0; hops < 40; ++hops) {
        const fs::path dir = fs::canonical(directory_of(p), ec);
        if (ec) break;  // no such directory: can_write_atomically says so
        p = dir / p.filename();
        if (in_proc(p)) return {path, true};
        if (!fs::is_symlink(p, ec)) break;
        const fs::path next = fs::read_symlink(p, ec);
        if (ec) break;
        p = next.is_absolute() ? next : dir / next;
    }
    return {p, false};
}

// Appends, so that a trace sent to the standard output never truncates what
// was printed there before it.
void write_in_place(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) fail("opening " + path);
    try {
        write_through(fd, path, write);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0) fail("writing " + path);
}

}  // namespace

bool can_write_atomically(const std::string& path) {
    const Target t = target_of(path);
    struct stat st;
    if (::stat(t.file.c_str(), &st) == 0) {
        const bool writable = ::access(t.file.c_str(), W_OK) == 0;
        if (t.in_place || !writable) return writable;  // otherwise the directory must take the new file too
    } else if (errno != ENOENT) {
        return false;
    }
    const fs::path dir = directory_of(t.file);
    std::error_code ec;
    return fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK | X_OK) == 0;
}

void write_file_atomically(const std::string& path, std::string_view contents) {
    write_file_atomically(path, [&](std::ostream& out) { out.write(contents.data(), std::streamsize(contents.size())); });
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const Target t = target_of(path);
    if (t.in_place) return write_in_place(path, write);
    const fs::path& target = t.file;
    struct stat st;
    const bool exists = ::stat(target.c_str(), &st) == 0;

    const fs::path dir = directory_of(target);
    Pending& p = pending();
    std::string temp;
    int fd = -1;
    {
        std::lock_guard lk(p.mutex);
        for (int attempt = 0; fd < 0; ++attempt) {
            temp = (dir / ("." + target.filename().string() + "." + std::to_string(::getpid()) + "-" +
                           std::to_string(++p.counter) + ".tmp"))
                       .string();
            fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0 && (errno != EEXIST || attempt > 100))
                fail("creating a temporary file beside " + target.string());
        }
        p.path = temp;
    }
    try {
        write_through(fd, temp, write);
        if (exists && ::fchmod(fd, st.st_mode & 07777) != 0) fail("setting the permissions of " + temp);
        if (::fsync(fd) != 0) fail("writing " + temp);
        const int closing = fd;
        fd = -1;
        if (::close(closing) != 0) fail("writing " + temp);
        std::lock_guard lk(p.mutex);
        if (::rename(temp.c_str(), target.c_str()) != 0) fail("renaming " + temp + " to " + target.string());
        p.path.clear();
    } catch (...) {
        if (fd >= 0) ::close(fd);
        std::lock_guard lk(p.mutex);
        ::unlink(temp.c_str());
        p.path.clear();
        throw;
    }
    // So that the rename itself survives a crash too (best effort).
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

void abandon_atomic_writes() noexcept {
    Pending& p = pending();
    try {
        p.mutex.lock();  // never unlocked: the process is ending
    } catch (...) {
        return;
    }
    if (!p.path.empty()) ::unlink(p.path.c_str());
}

}  // namespace tl::cli
