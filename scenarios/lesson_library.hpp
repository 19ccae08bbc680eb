// The lessons the front ends list (the CLI and the GUI alike): the lesson folders (the built-in
// lessons/ and every --lessons DIR), and the C++ scenarios that no folder
// has replaced yet. A folder lesson shadows a C++ scenario of the same id.
#pragma once
#include <string>
#include <vector>

#include "catalog/lesson.hpp"
#include "scenario.hpp"

namespace tl {

// Adds teachers' lesson directories (before the first lookup).
void add_lesson_dirs(const std::vector<std::string>& dirs);
// Every lesson folder found, with one error line per folder that is broken.
const catalog::Catalog& lesson_folders();
const catalog::Lesson* find_lesson_folder(const std::string& id);

// The lessons in the order `list` shows them: folders, then the remaining
// C++ scenarios, each as a Scenario (for a folder: its title, summary,
// parameters and program; it has no C++ program or checks).
std::vector<const Scenario*> all_lessons();
const Scenario* find_lesson(const std::string& id);

}  // namespace tl
