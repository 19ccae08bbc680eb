// Characters the fonts must draw that were not known when they were built.
// The atlas holds Latin, the common Chinese characters and every character
// of the lessons' texts; a student's edits, a program's output, its
// variables' names (Python identifiers may be Chinese) and a teacher's
// lesson may use any other. Each such character is noted once, and the
// window rebuilds the atlas with it between frames, instead of drawing a box.
#pragma once
#include <set>
#include <string>
#include <string_view>

#include "threadlab/event_log.hpp"

namespace tl::gui {

class GlyphCoverage {
public:
    // `built_with`: the text the fonts were built to cover.
    explicit GlyphCoverage(std::string built_with);

    // Notes the characters of `utf8` the fonts lack; true when there was one.
    bool note(std::string_view utf8);
    // The same for what the log of run number `run` has added since the
    // last call for that run: thread and object names, printed lines and values.
    bool note_log(const EventLog& log, uint64_t run);

    // True once a character was noted since the last take_text().
    bool changed() const { return changed_; }
    // Everything the fonts must now cover (the build text and the noted characters).
    const std::string& take_text() {
        changed_ = false;
        return text_;
    }

private:
    std::string text_;
    std::set<char32_t> known_;
    bool changed_ = false;
    uint64_t run_ = 0;
    bool any_run_ = false;
    size_t threads_ = 0, objects_ = 0, strings_ = 0;
};

}  // namespace tl::gui
