// Checks a screenshot of the GUI: the expected size, not blank (many distinct
// colours), and the timeline's state colours present in solid areas, so the
// picture really shows threads running and waiting. Each STATE=PIXELS asks
// for at least that many pixels of a state's colour besides (e.g.
// sleeping=40000: the bars of two or three sleeping threads at 1600x900).
//   check_screenshot FILE.png WIDTH HEIGHT [STATE=PIXELS...]
//   check_screenshot FILE.png WIDTH HEIGHT --question   (a lesson's question, before any run)
//   check_screenshot FILE.png WIDTH HEIGHT --question-whole   (... and its box whole: its
//       bottom edge drawn, not cut off by the pane, so every answer is in the picture)
#include <stb_image.h>  // implementation in libstb

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include "gui/colors.hpp"

namespace {

int fail(const std::string& msg) {
    std::fprintf(stderr, "check_screenshot: %s\n", msg.c_str());
    return 1;
}

struct Rgb {
    int r, g, b;
};

Rgb rgb(ImU32 c) { return Rgb{int(c & 0xFF), int((c >> 8) & 0xFF), int((c >> 16) & 0xFF)}; }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return fail("usage: check_screenshot FILE.png WIDTH HEIGHT [STATE=PIXELS...]");
    const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px) return fail(std::string("cannot decode ") + argv[1] + ": " + stbi_failure_reason());
    if (w != want_w || h != want_h) {
        stbi_image_free(px);
        return fail("size is " + std::to_string(w) + "x" + std::to_string(h) + ", expected " +
                    std::to_string(want_w) + "x" + std::to_string(want_h));
    }

    std::set<int> colours;
    auto count_of = [&](Rgb c) {
        long count = 0;
        for (long i = 0; i < long(w) * h; ++i) {
            const unsigned char* p = px + i * 3;
            if (p[0] == c.r && p[1] == c.g && p[2] == c.b) ++count;
        }
        return count;
    };
    for (long i = 0; i < long(w) * h; ++i) {
        const unsigned char* p = px + i * 3;
        colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
    }
    std::printf("%zu distinct colours\n", colours.size());
    int result = 0;
    if (colours.size() < 200) result = fail("only " + std::to_string(colours.size()) + " distinct colours: blank?");

    // A producer-consumer run shows threads running and threads waiting
    // (on the queue) or sleeping (producing, consuming) within two seconds.
    const long running = count_of(rgb(tl::gui::state_color(tl::ThreadState::Running)));
    const long waiting = count_of(rgb(tl::gui::state_color(tl::ThreadState::Waiting)));
    const long sleeping = count_of(rgb(tl::gui::state_color(tl::ThreadState::Sleeping)));
    const long io = count_of(rgb(tl::gui::state_color(tl::ThreadState::IO)));
    std::printf("state pixels: running %ld, waiting %ld, sleeping %ld, io %ld\n", running, waiting, sleeping, io);
    // The legend shows every state colour on a chip of a thousand pixels or
    // two, so only areas well beyond that prove the timeline draws bars.
    const long lanes = count_of(rgb(tl::gui::palette::kLaneBg)) + count_of(rgb(tl::gui::palette::kLaneBgAlt));
    std::printf("lane background pixels: %ld\n", lanes);
    // --question: a lesson that asks before its first run: no run yet (no
    // lanes), and its question's box (its light blue) in the picture.
    const bool whole = argc > 4 && std::string(argv[4]) == "--question-whole";
    const bool question = whole || (argc > 4 && std::string(argv[4]) == "--question");
    if (question) {
        const Rgb bg{234, 240, 252};
        const long box = count_of(bg);
        std::printf("question box pixels: %ld\n", box);
        if (lanes > 0) result = fail("timeline lanes: a run started before the question was answered");
        if (box < 40000) result = fail("no question box in the picture");
        if (whole) {
            // The box's last row of background, then within a few rows its
            // border (antialiased: near its colour); a box cut off by its
            // pane has background down to the cut and no border under it.
            auto row_count = [&](int y, auto near) {
                long c = 0;
                for (int x = 0; x < w; ++x) c += near(px + (static_cast<long>(y) * w + x) * 3);
                return c;
            };
            auto is_bg = [&](const unsigned char* p) { return p[0] == bg.r && p[1] == bg.g && p[2] == bg.b; };
            auto is_border = [](const unsigned char* p) {
                return std::abs(p[0] - 150) < 30 && std::abs(p[1] - 170) < 30 && std::abs(p[2] - 210) < 30;
            };
            int last = -1;
            for (int y = 0; y < h; ++y)
                if (row_count(y, is_bg) >= 300) last = y;
            bool edge = false;
            for (int y = last + 1; last >= 0 && y < std::min(h, last + 5); ++y) edge = edge || row_count(y, is_border) >= 300;
            std::printf("question box: last row %d, bottom edge %s\n", last, edge ? "drawn" : "missing");
            if (!edge) result = fail("the question's box is cut off at row " + std::to_string(last) + ": answers hidden");
        }
    } else {
        if (lanes < 30000) result = fail("no timeline lanes in the picture");
        if (running < 500) result = fail("the running colour barely appears");
        if (waiting + sleeping + io < 20000) result = fail("no waiting/sleeping bars: the timeline shows no run");
    }
    for (int i = question ? 5 : 4; i < argc; ++i) {
        const std::string want = argv[i];
        const size_t eq = want.find('=');
        const std::string name = want.substr(0, eq);
        const long min = eq == std::string::npos ? 0 : std::atol(want.c_str() + eq + 1);
        bool known = false;
        for (int k = 0; k < tl::kThreadStateCount; ++k) {
            const auto state = static_cast<tl::ThreadState>(k);
            if (tl::to_string(state) != name) continue;
            known = true;
            const long count = count_of(rgb(tl::gui::state_color(state)));
            std::printf("%s pixels: %ld (at least %ld wanted)\n", name.c_str(), count, min);
            if (count < min) result = fail("too few " + name + " pixels: " + std::to_string(count));
        }
        if (!known || eq == std::string::npos) result = fail("not STATE=PIXELS: '" + want + "'");
    }
    stbi_image_free(px);
    return result;
}
