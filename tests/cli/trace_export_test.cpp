// The Chrome trace export: directly on the log of a tiny deterministic run
// (exact), and end to end through `threadlab run --trace`.
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "lesson_list/lesson_list.hpp"
#include "cli_support.hpp"
#include "threadlab/reduce.hpp"
#include "threadlab/threading.hpp"
#include "threadlab/executor.hpp"
#include "threadlab/process.hpp"
#include "threadlab/trace_export.hpp"

using namespace tl;
using namespace tl::test;
using nlohmann::json;

namespace {

// main holds the lock while the worker tries to take it, then releases it
// (waking the worker); the worker hands an item to main through a queue.
// Along the way: a print, a raise that is caught, and one that is not.
void tiny_program() {
    // The sleeps give every step its own time, so that events can be told
    // apart by (thread, ts) even in virtual time.
    auto& lock = make<Lock>("pool_lock");
    auto& q = make<Queue>("queue", 1);
    auto& worker = make<Thread>("worker", [&] {
        at(10);
        lock.acquire();      // blocks until main releases at 10 ms
        sleep(0.005);
        at(11);
        lock.release();      // 15 ms
        at(12);
        q.put(7);            // 15 ms
        sleep(0.01);
        at(13);
        throw ValueError("worker gave up");  // 25 ms
    });
    at(2);
    lock.acquire();
    at(3);
    worker.start();
    at(4);
    sleep(0.01);
    at(5);
    lock.release();          // 10 ms: hands the lock to the worker
    sleep(0.01);
    at(6);
    const int64_t item = q.get();  // 20 ms
    print("got " + std::to_string(item));
    sleep(0.01);
    at(7);
    try {
        lock.release();      // 30 ms: not locked
    } catch (const RuntimeError&) {
    }
    worker.join();           // 30 ms: the worker has ended
}

struct Trace {
    json doc;
    std::vector<json> meta, slices, instants, starts, finishes;

    explicit Trace(const std::string& text) : doc(json::parse(text)) {
        for (const json& e : doc.at("traceEvents")) {
            const std::string ph = e.at("ph");
            if (ph == "M") meta.push_back(e);
            else if (ph == "X") slices.push_back(e);
            else if (ph == "i") instants.push_back(e);
            else if (ph == "s") starts.push_back(e);
            else if (ph == "f") finishes.push_back(e);
            else FAIL("unexpected phase " << ph);
        }
    }
    std::vector<json> named(const std::string& name) const {
        std::vector<json> out;
        for (const json& e : instants)
            if (e["name"] == name) out.push_back(e);
        return out;
    }
    int tid_of(const std::string& thread) const {
        for (const json& e : meta)
            if (e["name"] == "thread_name" && e["args"]["name"] == thread) return e["tid"];
        return -1;
    }
};

// The invariants every trace must keep, whatever the run.
void check_structure(const Trace& t) {
    CHECK(t.doc["displayTimeUnit"] == "ms");
    CHECK(t.doc["otherData"].is_object());
    for (const json& e : t.doc["traceEvents"]) {
        CHECK(e["pid"].is_number_integer());
        CHECK(e["tid"].is_number_integer());
        if (e["ph"] != "M") CHECK(e["ts"].is_number());
    }
    for (const json& s : t.slices) {
        CHECK(s["dur"].get<double>() >= 0);
        const std::string state = s["name"];
        CHECK(state != "new");
        CHECK(state != "done");
        CHECK(s["args"].contains("object"));
        CHECK(s["args"].contains("line"));
    }
    // Every operation instant is named OBJECT.OP after its own args.
    for (const json& i : t.instants) {
        CHECK(i["s"].is_string());
        if (i["cat"] != "op" && !(i["cat"] == "error" && i["args"].contains("op"))) continue;
        CHECK(i["name"] == i["args"]["object"].get<std::string>() + "." + i["args"]["op"].get<std::string>());
        CHECK(i["args"]["ok"].is_boolean());
        CHECK(i["args"]["line"].is_number_integer());
    }
    // Flow ids pair up one to one, and never point backwards in time.
    std::map<int64_t, json> start_by_id;
    for (const json& s : t.starts) CHECK(start_by_id.emplace(s["id"].get<int64_t>(), s).second);
    std::set<int64_t> finished;
    for (const json& f : t.finishes) {
        CHECK(f["bp"] == "e");
        const int64_t id = f["id"];
        CHECK(finished.insert(id).second);
        REQUIRE(start_by_id.count(id) == 1);
        CHECK(f["ts"].get<double>() >= start_by_id[id]["ts"].get<double>());
    }
    CHECK(finished.size() == start_by_id.size());
}

}  // namespace

TEST_CASE("trace export: a tiny deterministic run, event by event", "[cli][trace]") {
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    cfg.policy = Policy::RoundRobin;
    Runtime rt(cfg);
    rt.run(tiny_program);
    const EventLog& log = rt.log();
    const Trace t(chrome_trace_json(log, {{"scenario", "tiny"}}));
    check_structure(t);
    CHECK(t.doc["otherData"]["scenario"] == "tiny");
    CHECK(t.doc["otherData"]["events"] == log.size());

    // Metadata: one name per engine thread, tid shifted by one.
    const int main_tid = t.tid_of("MainThread"), worker_tid = t.tid_of("worker");
    CHECK(main_tid == 1);
    CHECK(worker_tid == 2);

    // One X slice per shown timeline segment, with the same times.
    Timeline timeline;
    timeline.update(log);
    size_t shown = 0;
    for (const Lane& lane : timeline.lanes())
        for (const Segment& s : lane.segments)
            if (s.state != ThreadState::New && !is_final(s.state)) ++shown;
    CHECK(t.slices.size() == shown);
    // Three sleep(0.01) in microseconds. (Virtual time: running between them
    // takes no time, so the timeline may join them into one slice.)
    double slept = 0;
    for (const json& s : t.slices)
        if (s["tid"] == main_tid && s["name"] == "sleeping") slept += s["dur"].get<double>();
    CHECK(slept == Approx(30000.0));
    bool worker_blocked = false;
    for (const json& s : t.slices)
        if (s["tid"] == worker_tid && s["name"] == "blocked") {
            worker_blocked = true;
            CHECK(s["args"]["object"] == "pool_lock");
            CHECK(s["args"]["line"] == 10);
        }
    CHECK(worker_blocked);

    // One instant per recorded operation.
    size_t ops = 0;
    for (size_t i = 0; i < log.size(); ++i) ops += log[i].kind == EvKind::OpDone;
    size_t op_instants = 0;
    for (const json& i : t.instants) op_instants += i["args"].contains("op");
    CHECK(op_instants == ops);

    // main's release woke the worker: an arrow to the worker's acquire.
    const auto releases = t.named("pool_lock.release");
    REQUIRE(releases.size() >= 2);
    const json& handoff = releases.front();
    CHECK(handoff["tid"] == main_tid);
    CHECK(handoff["args"]["woke"] == "worker");
    CHECK(handoff["args"]["line"] == 5);
    const auto acquires = t.named("pool_lock.acquire");
    json worker_acquire;
    for (const json& a : acquires)
        if (a["tid"] == worker_tid) worker_acquire = a;
    REQUIRE_FALSE(worker_acquire.is_null());
    CHECK(worker_acquire["args"]["value"] == 1);
    bool arrow = false;
    for (const json& s : t.starts) {
        if (s["tid"] != main_tid || s["ts"] != handoff["ts"]) continue;
        for (const json& f : t.finishes)
            if (f["id"] == s["id"] && f["tid"] == worker_tid && f["ts"] == worker_acquire["ts"]) arrow = true;
    }
    CHECK(arrow);

    // start names the thread and leads to its first running slice; join
    // names the joined thread but wakes nobody, so it starts no arrow.
    const auto starts = t.named("worker.start");
    REQUIRE(starts.size() == 1);
    CHECK(starts[0]["args"]["thread"] == "worker");
    // The arrow lands where the worker first runs (from the log itself).
    double first_running = -1;
    for (size_t i = 0; i < log.size() && first_running < 0; ++i)
        if (log[i].kind == EvKind::State && static_cast<ThreadState>(log[i].code) == ThreadState::Running &&
            log.thread(log[i].thread).name == "worker")
            first_running = static_cast<double>(log[i].t) / 1000.0;
    bool start_arrow = false;
    for (const json& s : t.starts)
        for (const json& f : t.finishes)
            if (s["ts"] == starts[0]["ts"] && s["tid"] == main_tid && f["id"] == s["id"] && f["tid"] == worker_tid)
                start_arrow = f["ts"].get<double>() == first_running;
    CHECK(start_arrow);
    const auto joins = t.named("worker.join");
    REQUIRE(joins.size() == 1);
    CHECK(joins[0]["args"]["thread"] == "worker");
    CHECK_FALSE(joins[0]["args"].contains("woke"));
    for (const json& s : t.starts) CHECK_FALSE((s["tid"] == main_tid && s["ts"] == joins[0]["ts"]));

    // Queue operations carry the size after and the item.
    const auto puts = t.named("queue.put");
    REQUIRE(puts.size() == 1);
    CHECK(puts[0]["args"]["item"] == 7);
    CHECK(puts[0]["args"].contains("value"));
    const auto gets = t.named("queue.get");
    REQUIRE(gets.size() == 1);
    CHECK(gets[0]["args"]["item"] == 7);
    CHECK(gets[0]["args"]["value"] == 0);  // the one item taken, the queue is empty again

    // The caught raise and the uncaught one, with their texts.
    const auto raises = t.named("pool_lock.raise");
    REQUIRE(raises.size() == 1);
    CHECK(raises[0]["args"]["ok"] == false);
    CHECK(raises[0]["args"]["during"] == "release");
    CHECK(raises[0]["args"]["error"] == "RuntimeError: release unlocked lock");
    const auto hooks = t.named("excepthook");
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0]["tid"] == worker_tid);
    CHECK(hooks[0]["args"]["error"] == "ValueError: worker gave up");
    const auto prints = t.named("print");
    REQUIRE(prints.size() == 1);
    CHECK(prints[0]["args"]["text"] == "got 7");
    CHECK(t.named("run_end").size() == 1);
    // How each thread ended, on its own track: the worker by its exception.
    const auto failed = t.named("failed");
    REQUIRE(failed.size() == 1);
    CHECK(failed[0]["tid"] == worker_tid);
    CHECK(failed[0]["cat"] == "error");
    CHECK(failed[0]["args"]["state"] == "failed");
    CHECK(failed[0]["args"]["error"] == "ValueError: worker gave up");
    CHECK(failed[0]["ts"].get<double>() >= hooks[0]["ts"].get<double>());
    const auto done = t.named("done");
    REQUIRE(done.size() == 1);
    CHECK(done[0]["tid"] == main_tid);
    CHECK(done[0]["cat"] == "thread");
    CHECK_FALSE(done[0]["args"].contains("error"));
    CHECK(t.named("main.sleep").empty());
    CHECK(t.named("MainThread.sleep").size() == 3);
    CHECK(t.named("worker.sleep").size() == 2);
}

TEST_CASE("trace export: a daemon killed at exit, and cancel() that failed is a call, not a state", "[cli][trace]") {
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    Runtime rt(cfg);
    rt.run([] {
        auto& forever = make<Thread>("forever", [] { sleep(100); });
        forever.set_daemon(true);
        forever.start();
        ThreadPoolExecutor& ex = make<ThreadPoolExecutor>(1);
        Future& busy = ex.submit([] { sleep(0.01); return Future::Value(1); });
        Future& queued = ex.submit([] { return Future::Value(2); });
        sleep(0.005);            // the one worker is running `busy`
        CHECK_FALSE(busy.cancel());
        CHECK(queued.cancel());  // still pending
        ex.shutdown();
    });
    const Trace t(chrome_trace_json(rt.log()));
    check_structure(t);
    std::vector<json> calls, states;
    for (const json& i : t.instants) {
        if (i["args"].value("op", "") == "cancel") calls.push_back(i);
        if (i["args"].value("op", "") == "cancelled") states.push_back(i);
    }
    // busy.cancel() returned False: `busy.cancel`, ok false; queued became cancelled.
    REQUIRE(calls.size() == 1);
    CHECK(calls[0]["ok"].is_null());
    CHECK(calls[0]["args"]["ok"] == false);
    CHECK(calls[0]["cat"] == "op");
    REQUIRE(states.size() == 1);
    CHECK(states[0]["args"]["ok"] == true);
    CHECK(calls[0]["args"]["object"] != states[0]["args"]["object"]);
    const auto killed = t.named("killed");
    REQUIRE(killed.size() == 1);
    CHECK(killed[0]["tid"] == t.tid_of("forever (daemon)"));
    CHECK(killed[0]["args"]["thread"] == "forever");
    CHECK(killed[0]["cat"] == "thread");
    // Every thread ended one way or another, each said once.
    std::set<int> ended;
    for (const char* how : {"done", "killed", "failed"})
        for (const json& e : t.named(how)) CHECK(ended.insert(e["tid"].get<int>()).second);
    size_t threads = 0;
    for (const json& m : t.meta) threads += m["name"] == "thread_name";
    CHECK(ended.size() == threads);
}

TEST_CASE("trace export: identical runs export identical traces", "[cli][trace]") {
    auto export_once = [] {
        RunConfig cfg;
        cfg.mode = Mode::Deterministic;
        cfg.seed = 5;
        Runtime rt(cfg);
        rt.run(tiny_program);
        return chrome_trace_json(rt.log());
    };
    CHECK(export_once() == export_once());
}

TEST_CASE("trace export: the streamed trace is the document, byte for byte", "[cli][trace]") {
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    cfg.seed = 3;
    Runtime rt(cfg);
    rt.run(tiny_program);
    std::ostringstream streamed;
    write_chrome_trace(streamed, rt.log(), {{"scenario", "tiny"}});
    CHECK(streamed.str() == chrome_trace_json(rt.log(), {{"scenario", "tiny"}}));
    const Trace t(streamed.str());  // and it is a well-formed trace
    CHECK_FALSE(t.slices.empty());
}

// Not under ThreadSanitizer: this writes and reads each lesson's trace in one
// thread, and every lesson's run itself is under ThreadSanitizer in
// tests/cli/lesson_json_run.cmake; there it took 96 of its 120 s.
#if !defined(__SANITIZE_THREAD__)
TEST_CASE("trace export: threadlab run --trace writes a complete trace", "[cli][trace]") {
    for (const LessonEntry* lesson : all_lessons()) {
        const LessonEntry& s = *lesson;
        INFO(s.id);
        const std::string path = temp_path(".json");
        const ProcessResult r = run_threadlab({"run", s.id, "--mode", "deterministic", "--trace", path, "--json"});
        REQUIRE((r.exit_code == 0 || r.exit_code == 1));
        std::ifstream in(path);
        REQUIRE(in);
        std::stringstream text;
        text << in.rdbuf();
        std::remove(path.c_str());
        REQUIRE(json::accept(text.str()));
        const Trace t(text.str());
        check_structure(t);
        CHECK(t.doc["otherData"]["scenario"] == s.id);
        CHECK(t.doc["otherData"]["mode"] == "deterministic");
        CHECK(t.tid_of("MainThread") == 1);
        CHECK_FALSE(t.slices.empty());
        CHECK_FALSE(t.instants.empty());
        // Every thread the JSON summary knows has a name in the trace.
        const auto summary = parse_json(r.out);
        for (const auto& [name, value] : summary["metrics"].items())
            if (name.rfind("thread.", 0) == 0 && name.size() > 11 && name.substr(name.size() - 11) == ".running_ms") {
                std::string thread = name.substr(7, name.size() - 7 - 11);
                // A name several threads share ("io_0" in each pool of how-many-workers)
                // is made unique in the summary as "io_0#12"; the trace keeps the name.
                const size_t hash = thread.rfind('#');
                if (hash != std::string::npos && hash + 1 < thread.size() &&
                    thread.find_first_not_of("0123456789", hash + 1) == std::string::npos)
                    thread.resize(hash);
                const bool named = t.tid_of(thread) > 0 || t.tid_of(thread + " (daemon)") > 0;
                CHECK(named);
            }
    }
}

#endif

TEST_CASE("trace export: a free-mode run exports a well-formed trace", "[cli][trace][free]") {
    const std::string path = temp_path(".json");
    // The Python lesson: its program runs in a process of its own, and the
    // trace comes from the log streamed back.
    const ProcessResult r = run_threadlab({"run", "producer-consumer", "--set", "items=6", "--set", "produce_s=0.005",
                                           "--set", "consume_s=0.005", "--trace", path});
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::remove(path.c_str());
    REQUIRE(json::accept(text.str()));
    const Trace t(text.str());
    check_structure(t);
    CHECK(t.named("queue.put").empty());  // the program's queue is called q
    CHECK(t.named("q.put").size() >= 6);
}

TEST_CASE("trace export: each process is a Chrome process named after it", "[cli][trace][process]") {
    RunConfig cfg;
    cfg.mode = Mode::Deterministic;
    Runtime rt(cfg);
    rt.run([] {
        auto& child = make<Process>("worker-process", [] { sleep(0.01); });
        child.start();
        child.join();
    });
    const Trace t(chrome_trace_json(rt.log()));
    check_structure(t);
    std::map<int, std::string> processes;
    for (const json& m : t.meta)
        if (m["name"] == "process_name") processes[m["pid"]] = m["args"]["name"];
    REQUIRE(processes.size() == 2);
    CHECK(processes[1] == "MainProcess");
    // The child's thread lives in the child's process, and so do its slices.
    int child_pid = 0, child_tid = 0;
    for (const json& m : t.meta)
        if (m["name"] == "thread_name" && m["args"]["name"] == "worker-process") {
            child_pid = m["pid"];
            child_tid = m["tid"];
        }
    CHECK(child_pid != 1);
    CHECK(processes[child_pid] == "worker-process");
    bool slept = false;
    for (const json& s : t.slices)
        if (s["tid"] == child_tid && s["name"] == "sleeping") {
            slept = true;
            CHECK(s["pid"] == child_pid);
        }
    CHECK(slept);
}
