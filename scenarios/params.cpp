// Scenario parameters: defaults, and NAME=VALUE settings checked against
// their specs. Every rejection is one line that names the parameter and says
// what is allowed, because it is shown as-is by the CLI and the GUI.
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/values.hpp"
#include "scenario.hpp"

namespace tl {

namespace {

const ParamSpec* find_spec(const Scenario& s, const std::string& name) {
    for (const ParamSpec& p : s.params)
        if (p.name == name) return &p;
    return nullptr;
}

std::string allowed_names(const Scenario& s) {
    std::string out;
    for (const ParamSpec& p : s.params) out += (out.empty() ? "" : ", ") + p.name;
    return out.empty() ? "none" : out;
}

catalog::ParamKind kind_of(ParamType t) {
    switch (t) {
        case ParamType::Int: return catalog::ParamKind::Int;
        case ParamType::Real: return catalog::ParamKind::Real;
        case ParamType::Bool: return catalog::ParamKind::Bool;
    }
    return catalog::ParamKind::Int;
}

}  // namespace

double Params::real(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::out_of_range("no parameter '" + name + "' in this parameter set");
    return it->second;
}

Params default_params(const Scenario& s) {
    Params params;
    for (const ParamSpec& p : s.params) params.set(p.name, p.def);
    return params;
}

double validate_param(const Scenario& s, const std::string& name, const std::string& text) {
    const ParamSpec* spec = find_spec(s, name);
    if (!spec)
        throw std::invalid_argument("unknown parameter '" + name + "' for " + s.id + " (allowed: " +
                                    allowed_names(s) + ")");
    return catalog::parse_value({spec->name, kind_of(spec->type), spec->min, spec->max}, text);
}

Params parse_params(const Scenario& s, const std::vector<std::string>& settings) {
    Params params = default_params(s);
    for (const std::string& setting : settings) {
        const size_t eq = setting.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("malformed setting '" + setting + "' (expected NAME=VALUE)");
        const std::string name = setting.substr(0, eq);
        params.set(name, validate_param(s, name, setting.substr(eq + 1)));
    }
    return params;
}

}  // namespace tl
