#include "runner/log_stream.hpp"

#include <limits.h>
#include <sys/syscall.h>

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

#include "stream_merge.hpp"

namespace tl::runner {

namespace {

class Frame {
public:
    explicit Frame(char type) { bytes_.push_back(static_cast<uint8_t>(type)), bytes_.resize(5); }
    template <class T>
    Frame& put(T v) {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
        return *this;
    }
    Frame& text(const std::string& s) {
        bytes_.insert(bytes_.end(), s.begin(), s.end());
        return *this;
    }
    Frame& raw(const void* p, size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        bytes_.insert(bytes_.end(), b, b + n);
        return *this;
    }
    const std::vector<uint8_t>& done() {
        const uint32_t n = static_cast<uint32_t>(bytes_.size() - 5);
        std::memcpy(bytes_.data() + 1, &n, 4);
        return bytes_;
    }

private:
    std::vector<uint8_t> bytes_;
};

bool write_all(int fd, const std::vector<uint8_t>& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

// A chunk: the sender's pid, the length, the bytes; whole in one write().
constexpr size_t kChunkHeader = 6;
constexpr size_t kChunkPayload = PIPE_BUF - kChunkHeader;

}  // namespace

LogShipper::LogShipper(const EventLog& log, int fd, StreamStart start)
    : log_(log),
      fd_(fd),
      ospid_(static_cast<uint32_t>(getpid())),
      events_(start.events),
      threads_(start.threads),
      objects_(start.objects),
      strings_(start.strings) {
    // A child's inherited threads keep the daemon flags they had: only its own are news.
    for (uint32_t tid = 0; tid < threads_; ++tid) daemon_.push_back(log_.thread(tid).daemon);
    if (!send(Frame('P').put(start.parent_ospid).put(start.fork_tid).put(start.events).put(start.threads)
                  .put(start.objects).put(start.strings).put(start.t).text(start.name).done()))
        broken_ = true;
    thread_ = std::thread([this] { loop(); });
}

bool LogShipper::send(const std::vector<uint8_t>& bytes) {
    std::vector<uint8_t> chunk;
    for (size_t off = 0; off < bytes.size();) {
        const uint16_t n = static_cast<uint16_t>(std::min(kChunkPayload, bytes.size() - off));
        chunk.resize(kChunkHeader + n);
        std::memcpy(chunk.data(), &ospid_, 4);
        std::memcpy(chunk.data() + 4, &n, 2);
        std::memcpy(chunk.data() + kChunkHeader, bytes.data() + off, n);
        if (!write_all(fd_, chunk)) return false;
        off += n;
    }
    return true;
}

LogShipper::~LogShipper() {
    {
        std::lock_guard lk(wake_m_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void LogShipper::loop() {
    std::unique_lock lk(wake_m_);
    while (!stop_) {
        lk.unlock();
        ship();
        lk.lock();
        wake_.wait_for(lk, std::chrono::milliseconds(1), [&] { return stop_; });
    }
}

bool LogShipper::ship() {
    std::lock_guard lk(m_);
    if (broken_ || ended_) return !broken_;
    // The events first, then the names: every name an event below `n`
    // refers to was added before that event was recorded.
    size_t n = log_.size();
    for (size_t i = events_; i < n; ++i)
        if (log_[i].kind == EvKind::RunEnd) {
            n = i + 1;
            break;
        }
    std::vector<uint8_t> out;
    auto add = [&](Frame&& f) {
        const auto& b = f.done();
        out.insert(out.end(), b.begin(), b.end());
    };
    for (const size_t count = log_.object_count(); objects_ < count; ++objects_) {
        const ObjectInfo o = log_.object(static_cast<uint32_t>(objects_));
        add(std::move(Frame('O').put(static_cast<uint8_t>(o.kind)).put(o.initial).put(o.part_of)
                          .put(uint8_t(o.internal)).text(o.name)));
    }
    for (const size_t count = log_.string_count(); strings_ < count; ++strings_)
        add(std::move(Frame('S').text(log_.str(static_cast<uint32_t>(strings_)))));
    // Threads after objects: a thread's entry names its Thread object.
    for (const size_t count = log_.thread_count(); threads_ < count; ++threads_) {
        const ThreadInfo t = log_.thread(static_cast<uint32_t>(threads_));
        add(std::move(Frame('T').put(t.object).put(uint8_t(t.daemon)).put(t.pid).text(t.name)));
        daemon_.push_back(t.daemon);
    }
    for (uint32_t tid = 0; tid < daemon_.size(); ++tid) {
        const bool d = log_.thread(tid).daemon;
        if (d != bool(daemon_[tid])) {
            daemon_[tid] = d;
            add(std::move(Frame('D').put(tid).put(uint8_t(d))));
        }
    }
    constexpr size_t kBatch = 4096;  // events a frame
    while (events_ < n) {
        const size_t k = std::min(kBatch, n - events_);
        Frame f('E');
        for (size_t i = 0; i < k; ++i) f.raw(&log_[events_ + i], sizeof(LogEvent));
        add(std::move(f));
        if (log_[events_ + k - 1].kind == EvKind::RunEnd) ended_ = true;
        events_ += k;
    }
    if (!out.empty() && !send(out)) broken_ = true;
    return !broken_;
}

bool LogShipper::stop_thread() {
    {
        std::lock_guard lk(wake_m_);
        if (finished_) return false;
        finished_ = true;
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    return true;
}

bool LogShipper::finish(const std::string& result) {
    if (!stop_thread()) return !broken_;
    ship();
    std::lock_guard lk(m_);
    if (!broken_ && !send(Frame('R').text(result).done())) broken_ = true;
    return !broken_;
}

bool LogShipper::announce_killed(uint32_t ospid) {
    ship();
    std::lock_guard lk(m_);
    if (!broken_ && !send(Frame('K').put(ospid).done())) broken_ = true;
    return !broken_;
}

bool LogShipper::finish_process() {
    if (!stop_thread()) return !broken_;
    ship();
    std::lock_guard lk(m_);
    if (!broken_ && !send(Frame('X').done())) broken_ = true;
    return !broken_;
}

namespace {

// n bytes from a pipe whose writers write whole chunks: once a chunk's
// first byte is there, all of it is. False at end of file.
bool read_exact(int fd, void* buf, size_t n) {
    auto* p = static_cast<uint8_t*>(buf);
    while (n > 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

}  // namespace

std::string LogReceiver::run() {
    StreamMerge merge(log_);
    std::map<uint32_t, int> children;  // OS pid -> pidfd, to see a child die
    auto done = [&](std::string result) {
        merge.end_all_children();
        for (auto& [pid, fd] : children)
            if (fd >= 0) close(fd);
        return result;
    };
    std::vector<uint8_t> payload;
    std::vector<pollfd> fds;
    for (;;) {
        fds.assign({{fd_, POLLIN, 0}, {exit_fd_, POLLIN, 0}});
        for (auto& [pid, fd] : children)
            if (fd >= 0) fds.push_back({fd, POLLIN, 0});
        const int ready = ::poll(fds.data(), exit_fd_ >= 0 || fds.size() > 2 ? fds.size() : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            return done({});
        }
        if (fds[0].revents) {
            uint8_t header[kChunkHeader];
            if (!read_exact(fd_, header, sizeof header)) return done({});
            uint32_t ospid;
            uint16_t n;
            std::memcpy(&ospid, header, 4);
            std::memcpy(&n, header + 4, 2);
            payload.resize(n);
            if (n && !read_exact(fd_, payload.data(), n)) return done({});
            merge.feed(ospid, payload.data(), n);
            if (merge.saw_end()) saw_end_ = true;
            if (merge.has_result()) return done(merge.result());
            if (merge.corrupt()) return done({});  // not our stream: stop rather than misread
            for (uint32_t child : watch_children_ ? merge.children() : std::vector<uint32_t>{})
                if (!children.count(child)) children[child] = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
            continue;
        }
        // The pipe is quiet: every chunk a process wrote before it exited has been read.
        for (size_t i = 2; i < fds.size(); ++i) {
            if (!fds[i].revents) continue;
            for (auto& [pid, fd] : children)
                if (fd == fds[i].fd) {
                    merge.process_gone(pid);
                    close(fd);
                    fd = -1;
                }
        }
        if (exit_fd_ >= 0 && fds[1].revents) {
            // The program's process has exited and its pipe is quiet: what it
            // sent has been read, and whoever still holds the pipe is not it.
            pollfd last{fd_, POLLIN, 0};
            if (::poll(&last, 1, 20) == 0) return done({});
        }
    }
}

}  // namespace tl::runner
