// `threadlab`: the command line (list, describe, run) and the GUI in one
// binary. Everything lives in app/cli/; this file only decides whether the
// GUI is available in this build.
#include <iostream>
#include <string_view>

#include "cli/cli_main.hpp"
#include "cli/interrupt.hpp"
#include "runner/lesson_checks.hpp"
#include "runner/python_run.hpp"

#ifdef THREADLAB_HAS_GUI
#include "gui/gui.hpp"
#endif

int main(int argc, char** argv) {
    // The process a Python program runs in (runner/python_run.hpp): not a
    // command for people, so not in the CLI's help.
    if (argc == 3 && std::string_view(argv[1]) == "__python-child") return tl::runner::python_child_main(argv[2]);
    if (argc == 2 && std::string_view(argv[1]) == "__python-checks") return tl::runner::python_checks_main();
    // `threadlab run` takes Ctrl-C itself (cli/interrupt.hpp); blocked from
    // the first instruction, a SIGINT that comes before its watcher exists
    // waits for it instead of killing the process.
    if (argc > 1 && std::string_view(argv[1]) == "run") tl::cli::block_stop_signals();
#ifdef THREADLAB_HAS_GUI
    const tl::cli::GuiLauncher launch = [](const tl::gui::GuiOptions& o) { return tl::gui::run_gui(o); };
#else
    const tl::cli::GuiLauncher launch;  // empty: `threadlab gui` reports that there is no GUI
#endif
    return tl::cli::cli_main(argc, argv, std::cout, std::cerr, launch);
}
