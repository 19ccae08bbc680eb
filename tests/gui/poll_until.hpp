// Polls a session like the window's frame loop (every 10 ms) until `done`
// holds or about 20 s have passed: a Python run's events come from its
// child process, so a test waits for what it needs to see, never a fixed time.
#pragma once
#include <chrono>
#include <thread>

#include "gui/session.hpp"

namespace tl::gui::testing {

template <class Done>
bool poll_until(Session& s, Done done) {
    for (int i = 0; i < 2000; ++i) {
        s.poll();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace tl::gui::testing
