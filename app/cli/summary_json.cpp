#include "cli/summary_json.hpp"

namespace tl::cli {

nlohmann::json summary_json(const RunReport& r) {
    using nlohmann::json;
    json j;
    j["scenario"] = r.scenario;
    j["mode"] = std::string(to_string(r.config.mode));
    j["policy"] = std::string(to_string(r.config.policy));
    j["seed"] = r.config.seed;
    j["speed"] = r.config.speed;
    j["config"] = {{"gil", std::string(to_string(r.config.gil))},
                   {"switch_interval", r.config.switch_interval},
                   {"cores", r.config.cores},
                   {"process_start", r.config.process_start}};
    j["params"] = json::object();
    for (const auto& [name, value] : r.params.values()) j["params"][name] = value;

    j["exit_code"] = exit_code_for(r);
    j["passed"] = exit_code_for(r.checks) == 0;
    j["interrupted"] = r.interrupted;
    j["interrupt_too_late"] = r.interrupt_too_late;
    j["checks"] = json::array();
    for (const CheckResult& c : r.checks)
        j["checks"].push_back({{"name", c.name},
                               {"name_zh", c.name_in(true)},
                               {"passed", c.passed},
                               {"not_shown", c.not_shown},
                               {"detail", c.detail},
                               {"detail_zh", c.detail_in(true)}});

    j["metrics"] = json::object();
    for (const auto& [name, value] : flat_metrics(r)) j["metrics"][name] = value;

    auto lines = [&](const std::vector<std::pair<uint32_t, std::string>>& list) {
        json a = json::array();
        for (const auto& [tid, text] : list) a.push_back({{"thread", r.thread_names.at(tid)}, {"text", text}});
        return a;
    };
    j["output"] = lines(r.summary.final_world.output);
    j["exceptions"] = lines(r.summary.final_world.exceptions);
    j["deadlock"] = r.deadlock.empty() ? json(nullptr) : json(r.deadlock);
    if (r.pools.size() >= 2) {  // as the text summary: a run that compares pools
        j["pools"] = json::array();
        for (const PoolSweepRow& p : r.pools)
            j["pools"].push_back({{"name", r.object_names.at(p.executor)}, {"prefix", p.prefix},
                                  {"max_workers", p.max_workers}, {"workers", p.workers},
                                  {"submitted", p.submitted}, {"finished", p.finished},
                                  {"seconds", double(p.last_finish - p.first_submit) / 1e9},
                                  {"throughput", p.throughput}});
    }
    return j;
}

}  // namespace tl::cli
