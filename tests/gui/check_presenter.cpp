// Checks a screenshot of presenter mode at a projector's scale (issue 9):
// the timeline shows at least N lanes, and the code pane shows the lines
// the threads are on (its "a thread is here" highlight is in the picture,
// which it is not when the pane sits on the imports).
//   check_presenter FILE.png WIDTH HEIGHT MIN_LANES MIN_HIGHLIGHT_PIXELS
//
// Lanes are counted down pixel columns through the timeline (near 35% and
// near 3/4 of the width, where presenter mode has only lanes; without it, 35% is
// the lesson column or the lanes' names): each lane's background
// alternates between two greys, so the runs of one grey, with bars and
// marks between them ignored, are the lanes in view (a lane cut in half by
// the pane's edge counts only when 6 px of it show).
#include <stb_image.h>  // implementation in libstb

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gui/colors.hpp"

namespace {

int fail(const std::string& msg) {
    std::fflush(stdout);  // the measurements first, then the verdict
    std::fprintf(stderr, "check_presenter: %s\n", msg.c_str());
    return 1;
}

bool is(const unsigned char* p, ImU32 c) {
    return p[0] == (c & 0xFF) && p[1] == ((c >> 8) & 0xFF) && p[2] == ((c >> 16) & 0xFF);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) return fail("usage: check_presenter FILE.png WIDTH HEIGHT MIN_LANES MIN_HIGHLIGHT_PIXELS");
    const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
    const int min_lanes = std::atoi(argv[4]);
    const long min_highlight = std::atol(argv[5]);
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px) return fail(std::string("cannot decode ") + argv[1] + ": " + stbi_failure_reason());
    int result = 0;
    if (w != want_w || h != want_h) {
        stbi_image_free(px);
        return fail("size is " + std::to_string(w) + "x" + std::to_string(h));
    }

    auto lanes_at = [&](int x) {
        int lanes = 0, last = -1, run = 0;
        for (int y = 0; y < h; ++y) {
            const unsigned char* p = px + (static_cast<long>(y) * w + x) * 3;
            const int bg = is(p, tl::gui::palette::kLaneBg) ? 0 : is(p, tl::gui::palette::kLaneBgAlt) ? 1 : -1;
            if (bg < 0) continue;
            if (bg != last) {
                if (run >= 6) ++lanes;
                last = bg;
                run = 0;
            }
            ++run;
        }
        return lanes + (run >= 6 ? 1 : 0);
    };
    // Near 3/4 of the width, and near 35%: in presenter mode the lanes reach
    // there; with the lesson column (26% of the width) and the lanes' names
    // after it, that column holds no lane. The best of three columns 2% apart
    // at each: a live run's "now" line, 2 px wide and wherever the run has
    // got to, may cover one of them from top to bottom.
    auto lanes_near = [&](int percent) {
        int best = 0;
        for (const int p : {percent - 2, percent, percent + 2}) best = std::max(best, lanes_at(w * p / 100));
        return best;
    };
    const int lanes_right = lanes_near(75), lanes_left = lanes_near(35);
    const int lanes = std::min(lanes_right, lanes_left);
    long highlight = 0;
    for (long i = 0; i < static_cast<long>(w) * h; ++i)
        highlight += is(px + i * 3, tl::gui::palette::kCodeLine) || is(px + i * 3, tl::gui::palette::kAlertBg);
    std::printf("lanes in view: %d (at least %d wanted); thread-line highlight pixels: %ld (at least %ld wanted)\n",
                lanes, min_lanes, highlight, min_highlight);
    if (lanes < min_lanes) {
        // What the two columns hold instead, for the CI log: the commonest colours down each.
        for (const int x : {w * 35 / 100, w * 3 / 4}) {
            std::map<unsigned, int> count;
            for (int y = 0; y < h; ++y) {
                const unsigned char* p = px + (static_cast<long>(y) * w + x) * 3;
                ++count[(p[0] << 16) | (p[1] << 8) | p[2]];
            }
            std::vector<std::pair<int, unsigned>> top;
            for (const auto& [c, k] : count) top.push_back({k, c});
            std::sort(top.rbegin(), top.rend());
            std::printf("column x=%d: %d lanes; commonest colours (rgb: pixels):", x, lanes_at(x));
            for (size_t i = 0; i < top.size() && i < 6; ++i) std::printf(" %06x: %d", top[i].second, top[i].first);
            std::printf("\n");
        }
        result = fail("only " + std::to_string(lanes) + " lanes in view (" + std::to_string(lanes_left) +
                      " near 35% of the width, " + std::to_string(lanes_right) + " near 75%)");
    }
    if (highlight < min_highlight) result = fail("no line a thread is on is in view in the code pane");
    stbi_image_free(px);
    return result;
}
