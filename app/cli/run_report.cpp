#include "cli/run_report.hpp"

#include "cli/interrupt.hpp"

namespace tl::cli {

namespace {

// Python allows two threads (or objects) with one name; metric keys must not
// collide, so repeated names get their number appended.
std::vector<std::string> unique_names(std::vector<std::string> names) {
    std::map<std::string, int> seen;
    for (const auto& n : names) ++seen[n];
    for (size_t i = 0; i < names.size(); ++i)
        if (seen[names[i]] > 1) names[i] += "#" + std::to_string(i);
    return names;
}

}  // namespace

double to_ms(Nanos t) { return static_cast<double>(t) / 1e6; }

const std::vector<ThreadState>& reported_states() {
    static const std::vector<ThreadState> states = {ThreadState::Running, ThreadState::Ready,
                                                    ThreadState::Blocked, ThreadState::Waiting,
                                                    ThreadState::Sleeping, ThreadState::IO};
    return states;
}

RunReport make_report(const std::string& id, const Params& params, const RunConfig& config,
                      const EventLog& log, const std::optional<DeadlockInfo>& deadlock) {
    RunReport r;
    r.scenario = id;
    r.params = params;
    r.config = config;
    r.summary = summarize(log);
    // Parts and details (a Queue's mutex, threading's own locks) are not
    // reported on their own: waits on them are counted on their whole.
    const auto& views = r.summary.final_world.objects;
    std::erase_if(r.summary.objects,
                  [&](const ObjectStats& o) { return o.id < views.size() && views[o.id].internal; });
    if (deadlock) r.deadlock = deadlock->describe(log);
    r.dropped_events = log.dropped();
    r.pools = pool_sweep(log);

    std::vector<std::string> names;
    for (size_t tid = 0; tid < log.thread_count(); ++tid) names.push_back(log.thread(uint32_t(tid)).name);
    r.thread_names = unique_names(std::move(names));
    names.clear();
    for (size_t id = 0; id < log.object_count(); ++id) {
        ObjectInfo info = log.object(uint32_t(id));
        names.push_back(info.name);
        r.object_kinds.push_back(info.kind);
    }
    r.object_names = unique_names(std::move(names));
    return r;
}

int exit_code_for(const std::vector<CheckResult>& checks) {
    for (const auto& c : checks)
        if (!c.passed && !c.not_shown) return 1;
    return 0;
}

int exit_code_for(const RunReport& report) {
    return report.interrupted ? kExitInterrupted : exit_code_for(report.checks);
}

std::map<std::string, double> flat_metrics(const RunReport& r) {
    std::map<std::string, double> m;
    const Summary& s = r.summary;
    m["duration_ms"] = to_ms(s.duration);
    m["events"] = static_cast<double>(s.events);
    m["dropped_events"] = static_cast<double>(r.dropped_events);
    m["threads"] = static_cast<double>(s.threads.size());
    m["objects"] = static_cast<double>(s.objects.size());
    m["output_lines"] = static_cast<double>(s.final_world.output.size());
    m["exceptions"] = static_cast<double>(s.final_world.exceptions.size());
    m["deadlocked"] = r.deadlock.empty() ? 0 : 1;
    int passed = 0;
    int not_shown = 0;
    for (const auto& c : r.checks) {
        passed += c.passed ? 1 : 0;
        not_shown += c.not_shown ? 1 : 0;
    }
    m["checks_passed"] = passed;
    m["checks_not_shown"] = not_shown;
    m["checks_failed"] = static_cast<double>(r.checks.size()) - passed - not_shown;

    for (const ThreadStats& t : s.threads) {
        const std::string prefix = "thread." + r.thread_names.at(t.tid) + ".";
        for (ThreadState st : reported_states())
            m[prefix + std::string(to_string(st)) + "_ms"] = to_ms(t.time_in[size_t(st)]);
    }
    for (const ObjectStats& o : s.objects) {
        const std::string prefix = "object." + r.object_names.at(o.id) + ".";
        m[prefix + "ops"] = static_cast<double>(o.ops);
        m[prefix + "waits"] = static_cast<double>(o.waits);
        m[prefix + "wait_ms"] = to_ms(o.wait_time);
        m[prefix + "max_waiters"] = static_cast<double>(o.max_waiters);
        m[prefix + "failures"] = static_cast<double>(o.failures);
    }
    return m;
}

}  // namespace tl::cli
