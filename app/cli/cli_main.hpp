// The whole command line of `threadlab`: parses argv with CLI11, dispatches
// to the command, and turns every kind of bad input into one line on `err`
// with exit code 2. main.cpp only adds the GUI launcher (when built with it).
#pragma once
#include <ostream>

#include "cli/gui_command.hpp"

namespace tl::cli {

int cli_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
             const GuiLauncher& launch_gui);

}  // namespace tl::cli
