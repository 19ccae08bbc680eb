// Short labels for thread names, for places a name does not fit (the code
// pane's gutter): "MainThread" is M, "ThreadPoolExecutor-0_3" W3,
// "Thread-2 (worker)" T2, "producer-1" P1, "buggy-client" BC. A label is
// given once, in the order threads appear, and never changes: a thread keeps
// its label for the whole run, and two threads never share one (a clash
// falls back to "#tid", which no other rule makes).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace tl::gui {

// The label a name asks for before clashes are considered (a name of at
// most 4 characters is its own label).
std::string preferred_label(const std::string& name);

class ThreadLabels {
public:
    // Gives labels to the threads 0..names.size()-1 not labelled yet (tids in
    // order); threads already labelled keep theirs, whatever their name now.
    void update(const std::vector<std::string>& names);
    // "" for a tid never seen.
    const std::string& label(uint32_t tid) const;
    size_t size() const { return labels_.size(); }
    void clear() { labels_.clear(); used_.clear(); }

private:
    std::vector<std::string> labels_;
    std::unordered_set<std::string> used_;
};

}  // namespace tl::gui
