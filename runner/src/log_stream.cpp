#include "runner/log_stream.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

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

template <class T>
T take(const std::vector<uint8_t>& b, size_t& at) {
    T v{};
    if (at + sizeof(T) <= b.size()) std::memcpy(&v, b.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
}

std::string rest(const std::vector<uint8_t>& b, size_t at) {
    return at < b.size() ? std::string(b.begin() + static_cast<long>(at), b.end()) : std::string();
}

}  // namespace

LogShipper::LogShipper(const EventLog& log, int fd) : log_(log), fd_(fd), thread_([this] { loop(); }) {}

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
    for (const size_t count = log_.object_count(); objects_ < count; ++objects_) {
        const ObjectInfo o = log_.object(static_cast<uint32_t>(objects_));
        add(std::move(Frame('O').put(static_cast<uint8_t>(o.kind)).put(o.initial).put(o.part_of)
                          .put(uint8_t(o.internal)).text(o.name)));
    }
    for (const size_t count = log_.string_count(); strings_ < count; ++strings_)
        add(std::move(Frame('S').text(log_.str(static_cast<uint32_t>(strings_)))));
    constexpr size_t kBatch = 4096;  // events a frame
    while (events_ < n) {
        const size_t k = std::min(kBatch, n - events_);
        Frame f('E');
        for (size_t i = 0; i < k; ++i) f.raw(&log_[events_ + i], sizeof(LogEvent));
        add(std::move(f));
        if (log_[events_ + k - 1].kind == EvKind::RunEnd) ended_ = true;
        events_ += k;
    }
    if (!out.empty() && !write_all(fd_, out)) broken_ = true;
    return !broken_;
}

bool LogShipper::finish(const std::string& result) {
    {
        std::lock_guard lk(wake_m_);
        if (finished_) return !broken_;
        finished_ = true;
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    ship();
    std::lock_guard lk(m_);
    if (!broken_ && !write_all(fd_, Frame('R').text(result).done())) broken_ = true;
    return !broken_;
}

bool LogReceiver::read_exact(void* buf, size_t n) {
    auto* p = static_cast<uint8_t*>(buf);
    while (n > 0) {
        pollfd pfd[2] = {{fd_, POLLIN, 0}, {exit_fd_, POLLIN, 0}};
        const int ready = ::poll(pfd, exit_fd_ >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (!pfd[0].revents) {
            // The writer has exited and its pipe is quiet: what it sent has
            // been read, and whoever still holds the pipe is not the writer.
            pollfd last{fd_, POLLIN, 0};
            if (::poll(&last, 1, 20) == 0) return false;
            continue;
        }
        const ssize_t r = ::read(fd_, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

std::string LogReceiver::run() {
    std::vector<uint8_t> payload;
    for (;;) {
        uint8_t header[5];
        if (!read_exact(header, sizeof header)) return {};
        uint32_t n;
        std::memcpy(&n, header + 1, 4);
        payload.resize(n);
        if (n && !read_exact(payload.data(), n)) return {};
        size_t at = 0;
        switch (header[0]) {
            case 'T': {
                ThreadInfo t;
                t.object = take<uint32_t>(payload, at);
                t.daemon = take<uint8_t>(payload, at);
                t.pid = take<uint32_t>(payload, at);
                t.name = rest(payload, at);
                log_.add_thread(std::move(t));
                break;
            }
            case 'O': {
                ObjectInfo o;
                o.kind = static_cast<ObjKind>(take<uint8_t>(payload, at));
                o.initial = take<int64_t>(payload, at);
                o.part_of = take<uint32_t>(payload, at);
                o.internal = take<uint8_t>(payload, at);
                o.name = rest(payload, at);
                log_.add_object(std::move(o));
                break;
            }
            case 'S': log_.intern(rest(payload, 0)); break;
            case 'D': {
                const auto tid = take<uint32_t>(payload, at);
                log_.set_daemon(tid, take<uint8_t>(payload, at));
                break;
            }
            case 'E':
                for (size_t i = 0; i + sizeof(LogEvent) <= payload.size(); i += sizeof(LogEvent)) {
                    LogEvent e;
                    std::memcpy(&e, payload.data() + i, sizeof e);
                    log_.append(e);
                    if (e.kind == EvKind::RunEnd) saw_end_ = true;
                }
                break;
            case 'R': return rest(payload, 0);
            default: return {};  // not our stream: stop reading rather than misread
        }
    }
}

}  // namespace tl::runner
