#include "cli/summary_text.hpp"

#include "cli/text_table.hpp"

namespace tl::cli {

namespace {

void print_heading(const RunReport& r, std::ostream& out) {
    const RunConfig& c = r.config;
    out << r.scenario << "  (mode " << to_string(c.mode);
    if (c.mode == Mode::Deterministic) out << ", policy " << to_string(c.policy);
    out << ", seed " << c.seed;
    if (r.granularity.empty())
        out << ", speed " << format_number(c.speed) << ")\n";
    else
        out << (c.mode == Mode::Deterministic ? ", switching at each " + r.granularity : std::string()) << ")\n";
    if (!r.params.values().empty()) {
        out << "params:";
        for (const auto& [name, value] : r.params.values()) out << ' ' << name << '=' << format_number(value);
        out << '\n';
    }
    out << "duration " << format_fixed(to_ms(r.summary.duration)) << " ms of run time, "
        << r.summary.events << " events";
    if (r.dropped_events) out << " (" << r.dropped_events << " dropped: the log was full)";
    if (r.interrupted) out << "; INTERRUPTED (Ctrl-C): the run was stopped early";
    if (r.interrupt_too_late) out << "; Ctrl-C came too late to stop the run: it ended by itself, this report is complete";
    out << "\n";
}

void print_threads(const RunReport& r, std::ostream& out) {
    std::vector<std::string> header = {"thread", "final"};
    for (ThreadState st : reported_states()) header.emplace_back(to_string(st));
    TextTable table(header, "ll");
    const World& w = r.summary.final_world;
    for (const ThreadStats& t : r.summary.threads) {
        std::string name = r.thread_names.at(t.tid);
        std::string final_state = "?";
        if (t.tid < w.threads.size()) {
            if (w.threads[t.tid].daemon) name += " (daemon)";
            final_state = to_string(w.threads[t.tid].state);
        }
        std::vector<std::string> row = {name, final_state};
        for (ThreadState st : reported_states()) row.push_back(format_fixed(to_ms(t.time_in[size_t(st)])));
        table.add(row);
    }
    out << "\nThreads (ms in each state)\n";
    table.print(out);
}

void print_objects(const RunReport& r, std::ostream& out) {
    TextTable table({"object", "kind", "ops", "waits", "wait ms", "max waiters", "failures"}, "ll");
    for (const ObjectStats& o : r.summary.objects) {
        const ObjKind kind = r.object_kinds.at(o.id);
        // Every thread object sees a start(); only joins that waited are news.
        if (kind == ObjKind::Thread && o.waits == 0 && o.failures == 0) continue;
        table.add({r.object_names.at(o.id), std::string(to_string(kind)), std::to_string(o.ops),
                   std::to_string(o.waits), format_fixed(to_ms(o.wait_time)), std::to_string(o.max_waiters),
                   std::to_string(o.failures)});
    }
    if (table.empty()) return;
    out << "\nObjects\n";
    table.print(out);
}

// A run with two or more pools is compared pool by pool (a sweep of sizes,
// as in how-many-workers): how fast each got through its futures.
void print_pools(const RunReport& r, std::ostream& out) {
    if (r.pools.size() < 2) return;
    TextTable table({"pool", "prefix", "max_workers", "workers", "finished", "ms", "jobs/s"}, "ll");
    for (const PoolSweepRow& p : r.pools)
        table.add({r.object_names.at(p.executor), p.prefix.empty() ? "-" : p.prefix, std::to_string(p.max_workers),
                   std::to_string(p.workers), std::to_string(p.finished),
                   format_fixed(to_ms(p.last_finish - p.first_submit)), format_fixed(p.throughput)});
    out << "\nPools (jobs/s = futures finished / (last finish - first submit); a process pool's workers are its\n"
           "processes, and its jobs are timed from those made once they had all started)\n";
    table.print(out);
}

void print_output(const RunReport& r, std::ostream& out) {
    const auto& lines = r.summary.final_world.output;
    if (lines.empty()) return;
    out << "\nOutput (" << lines.size() << (lines.size() == 1 ? " line)\n" : " lines)\n");
    for (size_t i = 0; i < lines.size() && i < kMaxOutputLines; ++i)
        out << "  [" << r.thread_names.at(lines[i].first) << "] " << lines[i].second << '\n';
    if (lines.size() > kMaxOutputLines)
        out << "  ... " << lines.size() - kMaxOutputLines << " more lines (--json lists them all)\n";
}

void print_exceptions(const RunReport& r, std::ostream& out) {
    const auto& list = r.summary.final_world.exceptions;
    if (list.empty()) return;
    out << "\nExceptions (" << list.size() << ")\n";
    for (const auto& [tid, text] : list) out << "  Exception in thread " << r.thread_names.at(tid) << ": " << text << '\n';
}

void print_deadlock(const RunReport& r, std::ostream& out) {
    if (r.deadlock.empty()) return;
    out << "\nDeadlock\n  " << r.deadlock << '\n';
}

void print_checks(const RunReport& r, std::ostream& out, bool zh) {
    // A program of the student's own has no checks: its own verdict follows
    // (run_python_command.cpp), not "OK: 0 of 0".
    if (r.checks.empty()) return;
    out << "\nChecks\n";
    int passed = 0;
    int not_shown = 0;
    for (const CheckResult& c : r.checks) {
        passed += c.passed ? 1 : 0;
        not_shown += c.not_shown ? 1 : 0;
        out << "  " << check_verdict(c) << "  " << c.name_in(zh);
        if (const std::string& detail = c.detail_in(zh); !detail.empty()) out << (zh ? "：" : ": ") << detail;
        out << '\n';
    }
    out << "\n" << (exit_code_for(r.checks) == 0 ? "OK" : "FAILED") << ": " << passed << " of "
        << r.checks.size() << " checks passed";
    if (not_shown > 0) out << ", " << not_shown << " could not be shown by this run";
    out << '\n';
}

}  // namespace

void print_summary(const RunReport& report, std::ostream& out, const std::string& lang) {
    print_heading(report, out);
    print_threads(report, out);
    print_objects(report, out);
    print_pools(report, out);
    print_output(report, out);
    print_exceptions(report, out);
    print_deadlock(report, out);
    print_checks(report, out, lang == "zh");
}

}  // namespace tl::cli
