#include "gui/thread_labels.hpp"

#include <cctype>

namespace tl::gui {
namespace {

bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// Characters, not bytes: a Chinese name of two characters is short.
size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

}  // namespace

std::string preferred_label(const std::string& name) {
    if (name == "MainThread") return "M";
    // A coroutine lane, "<kind> <name> @<thread>" (pybridge's
    // coroutine_lanes.cpp): the label of its own name ("greenlet ping
    // @MainThread" is ping), or of the quoted argument a gevent greenlet is
    // named by ("greenlet work('greenlet-0') @MainThread" is G0).
    if (const size_t at = name.rfind(" @"), sp = name.find(' '); at != std::string::npos && sp < at) {
        std::string own = name.substr(sp + 1, at - sp - 1);
        if (const size_t q = own.find("('"); q != std::string::npos)
            if (const size_t e = own.find('\'', q + 2); e != std::string::npos && e > q + 2)
                own = own.substr(q + 2, e - q - 2);
        if (!own.empty() && own.find(" @") == std::string::npos) return preferred_label(own);
    }
    // concurrent.futures names its workers "<prefix>_<n>", the prefix
    // "ThreadPoolExecutor-<pool>" unless the program gives one.
    if (const std::string pool = "ThreadPoolExecutor-"; name.rfind(pool, 0) == 0) {
        const std::string rest = name.substr(pool.size());
        const size_t u = rest.find('_');
        if (u != std::string::npos && all_digits(rest.substr(0, u)) && all_digits(rest.substr(u + 1)))
            return "W" + (rest.substr(0, u) == "0" ? "" : rest.substr(0, u) + ".") + rest.substr(u + 1);
    }
    // threading's default "Thread-<n>", with " (target)" since 3.10.
    if (name.rfind("Thread-", 0) == 0) {
        std::string n = name.substr(7);
        if (const size_t sp = n.find(' '); sp != std::string::npos) n.resize(sp);
        if (all_digits(n)) return "T" + n;
    }
    if (utf8_length(name) <= 4) return name;
    // Non-ASCII names: the first two characters.
    if (static_cast<unsigned char>(name[0]) >= 0x80) {
        size_t end = 0, chars = 0;
        while (end < name.size() && chars < 2) {
            ++end;
            while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
            ++chars;
        }
        return name.substr(0, end);
    }
    // Words split at '-', '_', ' ' and '.'; a last word of digits is the number.
    std::vector<std::string> words;
    std::string word;
    for (char c : name) {
        if (c == '-' || c == '_' || c == ' ' || c == '.') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(word);
    std::string number;
    if (!words.empty() && all_digits(words.back())) {
        number = words.back();
        words.pop_back();
    } else if (!words.empty()) {
        // "worker3": the digits at the end of the last word.
        std::string& last = words.back();
        size_t d = last.size();
        while (d > 0 && std::isdigit(static_cast<unsigned char>(last[d - 1]))) --d;
        if (d > 0 && d < last.size()) {
            number = last.substr(d);
            last.resize(d);
        }
    }
    if (words.empty()) return name.substr(0, 4);
    std::string initials;
    if (words.size() == 1) {
        // One word: its initial with the number, or its first three letters.
        initials = number.empty() ? std::string(1, upper(words[0][0])) + words[0].substr(1, 2)
                                  : std::string(1, upper(words[0][0]));
    } else {
        for (size_t i = 0; i < words.size() && i < 3; ++i) initials += upper(words[i][0]);
    }
    return initials + number;
}

void ThreadLabels::update(const std::vector<std::string>& names) {
    for (size_t tid = labels_.size(); tid < names.size(); ++tid) {
        std::string l = preferred_label(names[tid]);
        if (l.empty() || used_.count(l)) l = "#" + std::to_string(tid);
        while (used_.count(l)) l += "'";  // a thread literally named "#3"
        used_.insert(l);
        labels_.push_back(std::move(l));
    }
}

const std::string& ThreadLabels::label(uint32_t tid) const {
    static const std::string none;
    return tid < labels_.size() ? labels_[tid] : none;
}

}  // namespace tl::gui
