// The lessons the front ends list (the CLI and the GUI alike): the lesson
// folders of the built-in lessons/ and of every --lessons DIR (catalog/), in
// the order `list` shows them.
#pragma once
#include <string>
#include <vector>

#include "catalog/lesson.hpp"
#include "lesson_list/lesson_entry.hpp"

namespace tl {

// Adds teachers' lesson directories (before the first lookup).
void add_lesson_dirs(const std::vector<std::string>& dirs);
// Every lesson folder found, with one error line per folder that is broken.
const catalog::Catalog& lesson_folders();
const catalog::Lesson* find_lesson_folder(const std::string& id);

// Every lesson folder as an entry: its title, summary, parameters and program.
// The addresses stay valid for the life of the process.
const std::vector<const LessonEntry*>& all_lessons();
const LessonEntry* find_lesson(const std::string& id);

}  // namespace tl
