// Issue 11, lessons 13 and 10: sync-and-async and how-many-workers, through
// the real binary. Each over 50 seeds in deterministic mode (every check PASS
// or NOT SHOWN as expected, the prediction graded, a seed twice byte for
// byte), a small free-mode run, other parameters with their prediction, the
// pool sweep in --json against what the program printed, and a broken copy
// that makes one named check FAIL.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lesson_support.hpp"

using namespace tl::test;

namespace {

// The MainThread line of the output that starts with `prefix`.
std::string line_of(const Run& r, const std::string& prefix) {
    for (const auto& o : r.json["output"])
        if (o["thread"] == "MainThread" && o["text"].get<std::string>().rfind(prefix, 0) == 0)
            return o["text"].get<std::string>();
    return "";
}

// The sweep's settings for the 50 seeds: smaller than the defaults (1.2 s a run), same shape.
const std::vector<std::string> kSmallSweep = {"jobs=8", "max_workers=16", "cpu_n=2000"};

}  // namespace

// ---- 13. sync-and-async ---------------------------------------------------

TEST_CASE("issue 11: sync-and-async over 50 seeds, sync 1.2 s, async and callbacks 0.4 s", "[lessons][issue11]") {
    require_fifty_seeds("sync-and-async", {}, 1);
}

TEST_CASE("issue 11: sync-and-async prints each pattern's time, and other parameters", "[lessons][issue11]") {
    const std::vector<Run> runs =
        run_all({det("sync-and-async"), det("sync-and-async", {"workers=1"}), det("sync-and-async", {"fail=False"}),
                 det("sync-and-async", {"items=1", "workers=4"}, 2), det("sync-and-async", {"log_s=0.2"}),
                 free_run("sync-and-async", {"slow_s=0.02", "log_s=0.005"})});
    const Run& defaults = runs[0];
    require_verdicts(defaults);
    CHECK(line_of(defaults, "sync:") == "sync: 1.20 s [0, 10, 20, 30, 40, 50]");
    CHECK(line_of(defaults, "async:") == "async: 0.40 s [0, 10, 20, 30, 40, 50]");
    CHECK(line_of(defaults, "callbacks:") == "callbacks: 0.40 s");
    CHECK(line_of(defaults, "log in the worker: orders done") == "log in the worker: orders done after 0.60 s");
    CHECK(line_of(defaults, "log thread: orders done") == "log thread: orders done after 0.40 s");
    CHECK(line_of(defaults, "log thread: log written") == "log thread: log written after 0.55 s, 6 lines");
    // One worker: nothing overlaps, all three patterns alike (answer a).
    require_verdicts(runs[1]);
    require_prediction(runs[1], 0);
    CHECK(line_of(runs[1], "async:").rfind("async: 1.20 s", 0) == 0);
    // No failing or cancelled order: that check cannot be shown.
    require_verdicts(runs[2], {"on an exception and on a cancel"});
    // One order and idle workers: the extra order may be taken before cancel(); either way all pass.
    require_verdicts(runs[3]);
    // A log as slow as an order: the logger finishes long after the orders.
    require_verdicts(runs[4]);
    CHECK(line_of(runs[4], "log thread: log written") == "log thread: log written after 1.40 s, 6 lines");
    require_none_failed(runs[5]);
}

TEST_CASE("issue 11: sync-and-async with the sync pattern collecting later is not one at a time", "[lessons][issue11]") {
    const BrokenCopy broken("sync-and-async",
                            {{"results = [sync_pool.submit(handle, n).result() for n in range(ITEMS)]",
                              "results = [f.result() for f in [sync_pool.submit(handle, n) for n in range(ITEMS)]]"}});
    require_fails(broken.run("deterministic", {}), "one order at a time");
}

TEST_CASE("issue 11: sync-and-async with a daemon logger nobody waits for loses lines", "[lessons][issue11]") {
    const BrokenCopy broken("sync-and-async", {{"name=\"logger\")", "name=\"logger\", daemon=True)"},
                                               {"        writer.join()                  # ...and main waits for the last write\n", ""},
                                               {"        log_q.put(None)                # no more lines: the logger ends...\n",
                                                "        pass\n"}});
    require_fails(broken.run("deterministic", {}), "every line of it");
}

// ---- 10. how-many-workers -------------------------------------------------

TEST_CASE("issue 11: how-many-workers over 50 seeds, the I/O curve rises and flattens, the CPU one is flat",
          "[lessons][issue11]") {
    require_fifty_seeds("how-many-workers", kSmallSweep, 1);
}

TEST_CASE("issue 11: how-many-workers' pool sweep in --json is the program's table", "[lessons][issue11]") {
    const std::vector<Run> runs = run_all({det("how-many-workers"), det("how-many-workers", {"max_workers=1"}),
                                           det("how-many-workers", {"jobs=1"}),
                                           free_run("how-many-workers", {"io_s=0.005", "cpu_n=500", "jobs=8"})});
    const Run& r = runs[0];
    require_verdicts(r);
    require_prediction(r, 1);
    // The reducer's rows: 6 io pools then 6 cpu pools of 1 .. 32 workers, 16 jobs each.
    const nlohmann::json& pools = r.json["pools"];
    REQUIRE(pools.is_array());
    size_t io = 0, cpu = 0;
    for (const auto& p : pools) {
        if (p["submitted"] == 0) continue;
        const int64_t workers = p["max_workers"].get<int64_t>();
        INFO(p.dump());
        CHECK(p["finished"] == 16);
        CHECK(p["workers"].get<int64_t>() <= std::min<int64_t>(workers, 16));
        if (p["prefix"] == "io") {
            CHECK(workers == (int64_t(1) << io));
            // 16 jobs of 0.05 s in ceil(16 / workers) waves: exactly, but for the modelled nanoseconds.
            const double waves = std::ceil(16.0 / double(workers));
            CHECK(p["throughput"].get<double>() == Approx(16 / (waves * 0.05)).epsilon(0.001));
            ++io;
        } else if (p["prefix"] == "cpu") {
            CHECK(workers == (int64_t(1) << cpu));
            CHECK(p["throughput"].get<double>() == Approx(pools[6]["throughput"].get<double>()).epsilon(0.05));
            ++cpu;
        }
    }
    CHECK(io == 6);
    CHECK(cpu == 6);
    // The program's own table says the same, row for row.
    CHECK(line_of(r, "     16").rfind("     16       320.0", 0) == 0);
    CHECK(line_of(r, "ThreadPoolExecutor() makes up to ").find("min(32, cpu_count + 4)") != std::string::npos);
    // One pool size: nothing to compare; neither curve moves (answer d).
    require_verdicts(runs[1], {"I/O sweep", "CPU sweep"});
    require_prediction(runs[1], 3);
    // One job: no pool can be faster than another.
    require_verdicts(runs[2], {"I/O sweep", "CPU sweep"});
    require_none_failed(runs[3]);
    CHECK(runs[3].json["pools"].size() == 12);  // the default pool is never submitted to: not a row
}

TEST_CASE("issue 11: how-many-workers with sleeping CPU jobs is not flat", "[lessons][issue11]") {
    const BrokenCopy broken("how-many-workers",
                            {{"    total = 0\n", "    total = 0\n    time.sleep(0.01)\n"}});
    require_fails(broken.run("deterministic", kSmallSweep), "CPU sweep with threads stayed about flat");
}

TEST_CASE("issue 11: how-many-workers with computing I/O jobs does not rise", "[lessons][issue11]") {
    const BrokenCopy broken("how-many-workers",
                            {{"    time.sleep(IO_S)                # the thread waits and lets go of the GIL\n",
                              "    cpu_job(n)\n"}});
    require_fails(broken.run("deterministic", kSmallSweep), "I/O sweep");
}
