// Lesson text lives in Markdown files under assets/lessons/, one per scenario
// and language, so that writers can edit lessons without touching code.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "scenario.hpp"

#ifndef THREADLAB_ASSETS_DEFAULT
#define THREADLAB_ASSETS_DEFAULT "assets"
#endif

namespace tl {

namespace {

// Ids and languages become part of a file path: accept only the characters
// real ids use, so that no input can reach outside the lessons folder.
bool safe_name(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

}  // namespace

std::string assets_dir() {
    const char* env = std::getenv("THREADLAB_ASSETS");
    if (env && *env) return env;
    return THREADLAB_ASSETS_DEFAULT;
}

std::string lesson_markdown(const std::string& id, const std::string& lang) {
    if (!safe_name(id) || !safe_name(lang)) return "";
    std::ifstream in(assets_dir() + "/lessons/" + id + "." + lang + ".md", std::ios::binary);
    if (!in) return "";
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace tl
