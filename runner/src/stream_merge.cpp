#include "stream_merge.hpp"

#include <cstring>

namespace tl::runner {

namespace {

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

bool is_future_value(Op op) { return op == Op::Finished || op == Op::Result; }

}  // namespace

void StreamMerge::feed(uint32_t ospid, const uint8_t* bytes, size_t n) {
    Stream& s = streams_[ospid];
    s.buf.insert(s.buf.end(), bytes, bytes + n);
    take_frames(ospid);
    take_waiting_children();
}

bool StreamMerge::caught_up(const Stream& s) const {
    if (!s.hello || s.root) return true;
    auto p = streams_.find(s.start.parent_ospid);
    if (p == streams_.end() || !p->second.hello) return false;
    const Stream& parent = p->second;
    return parent.start.threads + parent.threads.size() >= s.start.threads &&
           parent.start.objects + parent.objects.size() >= s.start.objects &&
           parent.start.strings + parent.strings.size() >= s.start.strings;
}

void StreamMerge::take_frames(uint32_t ospid) {
    Stream& s = streams_[ospid];
    std::vector<uint8_t> payload;
    for (;;) {
        if (s.hello && !caught_up(s)) break;  // its parent's names first
        if (s.buf.size() - s.at < 5) break;
        uint32_t n;
        std::memcpy(&n, s.buf.data() + s.at + 1, 4);
        if (s.buf.size() - s.at - 5 < n) break;
        const char type = static_cast<char>(s.buf[s.at]);
        payload.assign(s.buf.begin() + static_cast<long>(s.at + 5), s.buf.begin() + static_cast<long>(s.at + 5 + n));
        s.at += 5 + n;
        if (!s.hello && type != 'P') {
            corrupt_ = true;  // every stream begins with its hello
            break;
        }
        if (!take_frame(ospid, s, type, payload)) {
            corrupt_ = true;
            break;
        }
    }
    if (s.at > 0 && s.at * 2 >= s.buf.size()) {
        s.buf.erase(s.buf.begin(), s.buf.begin() + static_cast<long>(s.at));
        s.at = 0;
    }
}

void StreamMerge::take_waiting_children() {
    for (bool progress = true; progress;) {
        progress = false;
        for (auto& [ospid, s] : streams_) {
            if (!s.hello || s.root || s.buf.size() == s.at || !caught_up(s)) continue;
            const size_t before = s.at + s.buf.size();
            take_frames(ospid);
            progress |= s.at + s.buf.size() != before;
        }
    }
}

void StreamMerge::hello(uint32_t ospid, Stream& s, const std::vector<uint8_t>& payload) {
    size_t at = 0;
    s.start.parent_ospid = take<uint32_t>(payload, at);
    s.start.fork_tid = take<uint32_t>(payload, at);
    s.start.events = take<uint64_t>(payload, at);
    s.start.threads = take<uint64_t>(payload, at);
    s.start.objects = take<uint64_t>(payload, at);
    s.start.strings = take<uint64_t>(payload, at);
    s.start.t = take<int64_t>(payload, at);
    s.start.name = rest(payload, at);
    s.hello = true;
    s.root = s.start.parent_ospid == 0;
    if (s.root) return;
    s.process = ++processes_;
    // The thread that forked goes on in the child as its main thread: a
    // thread of its own here, named after the process.
    s.main_thread = log_.add_thread({s.start.name, kNone, false, s.process});
    LogEvent born;
    born.t = s.start.t;
    born.kind = EvKind::ThreadNew;
    born.thread = s.main_thread;
    born.value = s.process;
    born.ok = 0;
    append(s, born);
    LogEvent running;
    running.t = s.start.t;
    running.kind = EvKind::State;
    running.thread = s.main_thread;
    running.code = static_cast<uint8_t>(ThreadState::Running);
    append(s, running);
    for (auto it = spawns_.begin(); it != spawns_.end();) {
        if (it->second.value != ospid) {
            ++it;
            continue;
        }
        it->second.value = s.process;
        it->second.other = s.main_thread;
        append(*it->first, it->second);
        it = spawns_.erase(it);
    }
}

bool StreamMerge::take_frame(uint32_t ospid, Stream& s, char type, const std::vector<uint8_t>& payload) {
    size_t at = 0;
    switch (type) {
        case 'P': hello(ospid, s, payload); return true;
        case 'O': {
            ObjectInfo o;
            o.kind = static_cast<ObjKind>(take<uint8_t>(payload, at));
            o.initial = take<int64_t>(payload, at);
            const uint32_t part_of = take<uint32_t>(payload, at);
            o.internal = take<uint8_t>(payload, at);
            o.name = rest(payload, at);
            o.part_of = object_id(s, part_of, latest_);  // a whole is made before its parts
            s.objects.push_back(log_.add_object(std::move(o)));
            return true;
        }
        case 'S': s.strings.push_back(log_.intern(rest(payload, 0))); return true;
        case 'T': {
            ThreadInfo t;
            const uint32_t object = take<uint32_t>(payload, at);
            t.daemon = take<uint8_t>(payload, at);
            take<uint32_t>(payload, at);  // the sender's pid: its stream says which process it is
            t.name = rest(payload, at);
            t.object = object_id(s, object, latest_);
            t.pid = s.process;
            s.threads.push_back(log_.add_thread(std::move(t)));
            return true;
        }
        case 'D': {
            const uint32_t tid = thread_id(s, take<uint32_t>(payload, at));
            const bool daemon = take<uint8_t>(payload, at);
            if (tid != kNone) log_.set_daemon(tid, daemon);
            return true;
        }
        case 'E':
            for (size_t i = 0; i + sizeof(LogEvent) <= payload.size(); i += sizeof(LogEvent)) {
                LogEvent e;
                std::memcpy(&e, payload.data() + i, sizeof e);
                if (remap(s, e)) append(s, e);
            }
            return true;
        case 'X': s.ended = true; return true;
        case 'K': process_gone(take<uint32_t>(payload, at)); return true;  // this stream's process killed that one
        case 'R':
            if (!s.root) return false;
            result_ = rest(payload, 0);
            has_result_ = true;
            return true;
        default: return false;
    }
}

uint32_t StreamMerge::thread_id(const Stream& s, uint32_t id) const {
    if (id == kNone) return kNone;
    if (id >= s.start.threads) {
        const uint64_t k = id - s.start.threads;
        return k < s.threads.size() ? s.threads[k] : kNone;
    }
    if (id == s.start.fork_tid) return s.main_thread;
    // A thread of the parent's, which the child does not have.
    return kNone;
}

uint32_t StreamMerge::string_id(const Stream& s, uint32_t id) const {
    if (id >= s.start.strings) {
        const uint64_t k = id - s.start.strings;
        return k < s.strings.size() ? s.strings[k] : kNone;
    }
    auto p = streams_.find(s.start.parent_ospid);
    return p == streams_.end() ? kNone : string_id(p->second, id);
}

uint32_t StreamMerge::object_id(Stream& s, uint32_t id, Nanos t) {
    if (id == kNone) return kNone;
    if (id >= s.start.objects) {
        const uint64_t k = id - s.start.objects;
        return k < s.objects.size() ? s.objects[k] : kNone;
    }
    // Inherited: the object as made in the process that made it ...
    uint32_t original = kNone;
    for (const Stream* p = &s; p && original == kNone;) {
        if (id >= p->start.objects) {
            const uint64_t k = id - p->start.objects;
            original = k < p->objects.size() ? p->objects[k] : kNone;
            break;
        }
        auto up = streams_.find(p->start.parent_ospid);
        p = up == streams_.end() ? nullptr : &up->second;
    }
    if (original == kNone) return kNone;
    // ... and this process's own copy of it, from the first use on.
    auto copy_of = [&](auto&& self, uint32_t orig) -> uint32_t {
        if (auto c = s.copies.find(orig); c != s.copies.end()) return c->second;
        ObjectInfo info = log_.object(orig);
        const uint32_t whole = info.part_of == kNone ? kNone : self(self, info.part_of);
        info.part_of = whole;
        info.name += " (" + s.start.name + ")";
        const uint32_t copy = log_.add_object(info);
        s.copies[orig] = copy;
        if (texts_.size() <= copy) texts_.resize(copy + 1);
        texts_[copy] = texts(orig);
        LogEvent made;
        made.t = t;
        made.kind = EvKind::ObjNew;
        made.object = copy;
        made.code = static_cast<uint8_t>(info.kind);
        made.value = info.initial;
        made.aux = texts(orig);
        made.other = whole;
        made.ok = !info.internal;
        append(s, made);
        return copy;
    };
    return copy_of(copy_of, original);
}

bool StreamMerge::remap(Stream& s, LogEvent& e) {
    switch (e.kind) {
        case EvKind::RunStart:
        case EvKind::RunEnd:
            if (!s.root) return false;  // a child's copy of the run's bookends is not the run's
            if (e.kind == EvKind::RunEnd) saw_end_ = true;
            return true;
        case EvKind::ThreadNew:
            e.thread = thread_id(s, e.thread);
            e.object = object_id(s, e.object, e.t);
            e.other = thread_id(s, e.other);
            e.value = s.process;
            break;
        case EvKind::State:
            e.thread = thread_id(s, e.thread);
            e.object = object_id(s, e.object, e.t);
            break;
        case EvKind::ObjNew:
            e.thread = thread_id(s, e.thread);
            e.object = object_id(s, e.object, e.t);
            e.other = object_id(s, e.other, e.t);
            if (e.object != kNone) {
                if (texts_.size() <= e.object) texts_.resize(e.object + 1);
                texts_[e.object] = e.aux == 1;
            }
            return e.object != kNone;
        case EvKind::OpDone: {
            const Op op = static_cast<Op>(e.code);
            const uint32_t local_object = e.object;
            e.thread = thread_id(s, e.thread);
            e.object = object_id(s, local_object, e.t);
            e.other = thread_id(s, e.other);
            const bool text_values = texts(e.object);
            if (op == Op::Spawn) {
                // value: the process's OS pid, as the program saw it; here
                // its number, and other its main thread.
                auto child = streams_.find(static_cast<uint32_t>(e.value));
                if (child == streams_.end() || !child->second.hello) {
                    spawns_.emplace_back(&s, e);
                    return false;
                }
                e.value = child->second.process;
                e.other = child->second.main_thread;
            }
            if (op == Op::Raise || op == Op::Phase) e.value = string_id(s, static_cast<uint32_t>(e.value));
            if (op == Op::Submit) e.aux = object_id(s, static_cast<uint32_t>(e.aux), e.t);
            if ((op == Op::Put || op == Op::Get) && text_values) e.aux = string_id(s, static_cast<uint32_t>(e.aux));
            if (is_future_value(op) && e.ok && text_values) e.value = string_id(s, static_cast<uint32_t>(e.value));
            if ((is_future_value(op) || op == Op::Callback) && !e.ok) e.aux = string_id(s, static_cast<uint32_t>(e.aux));
            break;
        }
        case EvKind::Excepthook:
        case EvKind::Print:
            e.thread = thread_id(s, e.thread);
            e.value = string_id(s, static_cast<uint32_t>(e.value));
            break;
        case EvKind::Deadlock:
            e.thread = thread_id(s, e.thread);
            e.object = object_id(s, e.object, e.t);
            e.other = thread_id(s, e.other);
            break;
    }
    // An event of a thread the child does not have (the parent's, in the
    // child's copy of the runtime) is not the child's to report.
    return e.thread != kNone || e.kind == EvKind::ObjNew;
}

void StreamMerge::append(Stream& s, const LogEvent& e) {
    if (e.t > latest_) latest_ = e.t;
    if (e.kind == EvKind::ThreadNew) s.alive.insert(e.thread);
    if (e.kind == EvKind::State && is_final(static_cast<ThreadState>(e.code))) s.alive.erase(e.thread);
    log_.append(e);
}

void StreamMerge::kill_alive(Stream& s) {
    const std::set<uint32_t> left = s.alive;
    for (uint32_t tid : left) {
        LogEvent e;
        e.t = latest_;
        e.kind = EvKind::State;
        e.thread = tid;
        e.code = static_cast<uint8_t>(ThreadState::Killed);
        append(s, e);
    }
}

void StreamMerge::process_gone(uint32_t ospid) {
    auto it = streams_.find(ospid);
    if (it == streams_.end() || it->second.root || !it->second.hello) return;
    take_frames(ospid);
    kill_alive(it->second);
}

void StreamMerge::end_all_children() {
    for (auto& [stream, e] : spawns_) {  // processes that never spoke
        e.value = 0;
        append(*stream, e);
    }
    spawns_.clear();
    for (auto& [ospid, s] : streams_)
        if (s.hello && !s.root) kill_alive(s);
}

std::vector<uint32_t> StreamMerge::children() const {
    std::vector<uint32_t> out;
    for (const auto& [ospid, s] : streams_)
        if (s.hello && !s.root) out.push_back(ospid);
    return out;
}

}  // namespace tl::runner
