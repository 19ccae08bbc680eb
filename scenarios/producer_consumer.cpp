// Producer/consumer over a bounded queue.Queue: producers block when the
// queue is full, consumers when it is empty, and one sentinel per consumer
// ends the run cleanly once every producer has been joined.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/threading.hpp"

namespace tl {

namespace {

// The sentinel a consumer stops at. Real items are 0 .. items-1, so it can
// never be mistaken for one (the Python listing uses the same value, so the
// queue panel and the listing agree).
constexpr int64_t kStop = -1;

const char* const kPython = R"PY(import queue
import random
import threading
import time

PRODUCERS, CONSUMERS = 1, 1          # the notes compare 1 + 1 with 4 + 4
CAPACITY, ITEMS = 5, 20
PRODUCE_S, CONSUME_S = 0.2, 0.3      # average seconds to make / use an item
STOP = -1                            # sentinel: never a real item

q = queue.Queue(maxsize=CAPACITY)

def producer(first, last):
    for item in range(first, last):
        time.sleep(random.uniform(0.5, 1.5) * PRODUCE_S)   # make the item
        q.put(item)                  # waits while the queue is full

def consumer():
    while True:
        item = q.get()               # waits while the queue is empty
        if item == STOP:
            break
        time.sleep(random.uniform(0.5, 1.5) * CONSUME_S)   # use the item

start = time.monotonic()
producers = [threading.Thread(target=producer, name=f"producer-{i}",
                              args=(i * ITEMS // PRODUCERS, (i + 1) * ITEMS // PRODUCERS))
             for i in range(PRODUCERS)]
consumers = [threading.Thread(target=consumer, name=f"consumer-{i}")
             for i in range(CONSUMERS)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()                         # every real item is in the queue now
for _ in consumers:
    q.put(STOP)                      # one sentinel per consumer
for t in consumers:
    t.join()
print(f"{ITEMS} items in {time.monotonic() - start:.1f} s")
)PY";

// Lines of the listing above that the program below stands for.
namespace line {
constexpr int make_queue = 11;
constexpr int produce = 15;
constexpr int put = 16;
constexpr int get = 20;
constexpr int consume = 23;
constexpr int clock_start = 25;
constexpr int make_producer = 26;
constexpr int make_consumer = 29;
constexpr int start = 32;
constexpr int join_producer = 34;
constexpr int put_stop = 36;
constexpr int join_consumer = 38;
constexpr int report = 39;
}  // namespace line

void program(const Params& p) {
    const int64_t producers = p.integer("producers");
    const int64_t consumers = p.integer("consumers");
    const int64_t items = p.integer("items");
    const double produce_s = p.real("produce_ms") / 1000.0;
    const double consume_s = p.real("consume_ms") / 1000.0;

    at(line::make_queue);
    Queue& q = make<Queue>("q", p.integer("capacity"));

    at(line::clock_start);
    const double start_time = monotonic();

    std::vector<Thread*> producer_threads, consumer_threads;
    for (int64_t i = 0; i < producers; ++i) {
        const int64_t first = i * items / producers;
        const int64_t last = (i + 1) * items / producers;
        at(line::make_producer);
        producer_threads.push_back(&make<Thread>("producer-" + std::to_string(i), [&q, first, last, produce_s] {
            for (int64_t item = first; item < last; ++item) {
                at(line::produce);
                sleep(uniform(0.5, 1.5) * produce_s);
                at(line::put);
                q.put(item);
            }
        }));
    }
    for (int64_t i = 0; i < consumers; ++i) {
        at(line::make_consumer);
        consumer_threads.push_back(&make<Thread>("consumer-" + std::to_string(i), [&q, consume_s] {
            while (true) {
                at(line::get);
                const int64_t item = q.get();
                if (item == kStop) break;
                at(line::consume);
                sleep(uniform(0.5, 1.5) * consume_s);
            }
        }));
    }
    for (Thread* t : producer_threads) {
        at(line::start);
        t->start();
    }
    for (Thread* t : consumer_threads) {
        at(line::start);
        t->start();
    }
    for (Thread* t : producer_threads) {
        at(line::join_producer);
        t->join();
    }
    for (int64_t i = 0; i < consumers; ++i) {
        at(line::put_stop);
        q.put(kStop);
    }
    for (Thread* t : consumer_threads) {
        at(line::join_consumer);
        t->join();
    }
    at(line::report);
    const double elapsed = monotonic() - start_time;
    char text[64];
    std::snprintf(text, sizeof text, "%lld items in %.1f s", static_cast<long long>(items), elapsed);
    print(text);
}

// What the queue's put/get operations in the log say happened.
struct QueueTrace {
    bool found = false;
    int64_t capacity = 0;
    int64_t max_qsize = 0;
    int64_t sentinels_got = 0;
    std::map<int64_t, int> puts;  // real item -> times put
    std::map<int64_t, int> gets;  // real item -> times got
};

QueueTrace trace_queue(const EventLog& log) {
    QueueTrace tr;
    uint32_t queue = kNone;
    for (uint32_t id = 0; id < log.object_count(); ++id) {
        const ObjectInfo info = log.object(id);
        if (info.kind == ObjKind::Queue) {
            queue = id;
            tr.found = true;
            tr.capacity = info.initial;
            break;
        }
    }
    const size_t n = log.size();
    for (size_t i = 0; i < n && tr.found; ++i) {
        const LogEvent& e = log[i];
        if (e.kind != EvKind::OpDone || e.object != queue || !e.ok) continue;
        const Op op = static_cast<Op>(e.code);
        if (op == Op::Put) {
            tr.max_qsize = std::max(tr.max_qsize, e.value);
            if (e.aux != kStop) ++tr.puts[e.aux];
        } else if (op == Op::Get) {
            if (e.aux == kStop)
                ++tr.sentinels_got;
            else
                ++tr.gets[e.aux];
        }
    }
    return tr;
}

std::string join_numbers(const std::vector<int64_t>& v) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < 8; ++i) out += (i ? ", " : "") + std::to_string(v[i]);
    if (v.size() > 8) out += ", ...";
    return out;
}

CheckResult check_each_item_once(const QueueTrace& tr, int64_t items) {
    CheckResult r{"every item was consumed exactly once", false, ""};
    if (!tr.found) {
        r.detail = "no queue in the log";
        return r;
    }
    std::vector<int64_t> missing, repeated, unexpected;
    int64_t exact = 0;
    for (int64_t item = 0; item < items; ++item) {
        auto put = tr.puts.find(item);
        auto got = tr.gets.find(item);
        const int puts = put == tr.puts.end() ? 0 : put->second;
        const int gets = got == tr.gets.end() ? 0 : got->second;
        if (puts == 1 && gets == 1)
            ++exact;
        else if (gets == 0)
            missing.push_back(item);
        else
            repeated.push_back(item);
    }
    for (const auto& [item, count] : tr.gets)
        if (item < 0 || item >= items) unexpected.push_back(item);
    r.passed = exact == items && unexpected.empty();
    r.detail = std::to_string(exact) + " of " + std::to_string(items) + " items put once and got once";
    if (!missing.empty()) r.detail += "; never consumed: " + join_numbers(missing);
    if (!repeated.empty()) r.detail += "; put or got more than once: " + join_numbers(repeated);
    if (!unexpected.empty()) r.detail += "; items that were never produced: " + join_numbers(unexpected);
    return r;
}

CheckResult check_capacity(const QueueTrace& tr) {
    CheckResult r{"the queue never held more than its capacity", false, ""};
    if (!tr.found) {
        r.detail = "no queue in the log";
        return r;
    }
    r.passed = tr.capacity <= 0 || tr.max_qsize <= tr.capacity;
    r.detail = "largest size after a put: " + std::to_string(tr.max_qsize) +
               ", capacity: " + std::to_string(tr.capacity);
    return r;
}

CheckResult check_clean_stop(const EventLog& log, const QueueTrace& tr, int64_t consumers) {
    CheckResult r{"every consumer stopped at its sentinel and every thread finished", false, ""};
    const World w = world_at(log);
    size_t done = 0;
    for (const ThreadView& t : w.threads)
        if (t.state == ThreadState::Done) ++done;
    r.passed = tr.sentinels_got == consumers && done == w.threads.size() && !w.threads.empty();
    r.detail = std::to_string(tr.sentinels_got) + " sentinels taken by " + std::to_string(consumers) +
               " consumers; " + std::to_string(done) + " of " + std::to_string(w.threads.size()) +
               " threads done";
    return r;
}

std::vector<CheckResult> checks(const EventLog& log, const Params& p) {
    const QueueTrace tr = trace_queue(log);
    return {check_each_item_once(tr, p.integer("items")), check_capacity(tr),
            check_clean_stop(log, tr, p.integer("consumers"))};
}

std::map<std::string, double> metrics(const EventLog& log, const Params&) {
    const QueueTrace tr = trace_queue(log);
    int64_t consumed = 0;
    for (const auto& [item, count] : tr.gets) consumed += count;
    return {{"items_consumed", static_cast<double>(consumed)},
            {"max_qsize", static_cast<double>(tr.max_qsize)}};
}


}  // namespace

Scenario producer_consumer_scenario() {
    Scenario s;
    s.id = "producer-consumer";
    s.title = {"Producer / consumer with a bounded queue", "生产者 / 消费者与有界队列"};
    s.summary = {
        "Producers put items into a bounded queue.Queue and consumers take them out; a full queue makes "
        "producers wait, an empty one makes consumers wait, and one sentinel per consumer ends the work.",
        "生产者把货物放进有界的 queue.Queue，消费者从中取出；队列满时生产者等待，队列空时消费者等待，"
        "最后给每个消费者放一个哨兵值让它们退出。"};
    s.params = {
        param("producers", ParamType::Int, 1, 1, 16, {"producer threads", "生产者线程数"}),
        param("consumers", ParamType::Int, 1, 1, 16, {"consumer threads", "消费者线程数"}),
        param("capacity", ParamType::Int, 5, 1, 64, {"queue maxsize", "队列容量 maxsize"}),
        param("items", ParamType::Int, 20, 1, 500,
              {"items produced in total, split across the producers", "总共生产的货物数，平均分给各个生产者"}),
        param("produce_ms", ParamType::Int, 200, 1, 2000,
              {"average milliseconds to make one item", "生产一件货物的平均毫秒数"}),
        param("consume_ms", ParamType::Int, 300, 1, 2000,
              {"average milliseconds to use one item", "消费一件货物的平均毫秒数"}),
    };
    s.python = kPython;
    s.program = program;
    s.checks = checks;
    s.metrics = metrics;
    return s;
}

}  // namespace tl
