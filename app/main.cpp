// `threadlab`: the command line (list, describe, run) and the GUI in one
// binary. Everything lives in app/cli/; this file only decides whether the
// GUI is available in this build.
#include <iostream>

#include "cli/cli_main.hpp"

#ifdef THREADLAB_HAS_GUI
#include "gui/gui.hpp"
#endif

int main(int argc, char** argv) {
#ifdef THREADLAB_HAS_GUI
    const tl::cli::GuiLauncher launch = [](const tl::gui::GuiOptions& o) { return tl::gui::run_gui(o); };
#else
    const tl::cli::GuiLauncher launch;  // empty: `threadlab gui` reports that there is no GUI
#endif
    return tl::cli::cli_main(argc, argv, std::cout, std::cerr, launch);
}
