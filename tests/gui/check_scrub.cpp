// Checks a screenshot for the scrubber's cursor on the timeline (issue 9,
// going back in time): `cursor` asks for a vertical line of its colour
// across the lanes (a column of at least MIN_RUN pixels, default 60) and,
// when given, to the left of X_BEFORE (the cursor is before the run's end);
// `no-cursor` for none of that colour at all (a run shown live).
//   check_scrub FILE.png WIDTH HEIGHT cursor [MIN_RUN [X_BEFORE]]
//   check_scrub FILE.png WIDTH HEIGHT no-cursor
#include <stb_image.h>  // implementation in libstb

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gui/colors.hpp"

namespace {

int fail(const std::string& msg) {
    std::fprintf(stderr, "check_scrub: %s\n", msg.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) return fail("usage: check_scrub FILE.png WIDTH HEIGHT cursor|no-cursor [MIN_RUN [X_BEFORE]]");
    const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
    const std::string want = argv[4];
    if (want != "cursor" && want != "no-cursor") return fail("not cursor or no-cursor: '" + want + "'");
    const int min_run = argc > 5 ? std::atoi(argv[5]) : 60;
    const int x_before = argc > 6 ? std::atoi(argv[6]) : want_w;
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px) return fail(std::string("cannot decode ") + argv[1] + ": " + stbi_failure_reason());
    if (w != want_w || h != want_h) {
        stbi_image_free(px);
        return fail("size " + std::to_string(w) + "x" + std::to_string(h));
    }
    const ImU32 c = tl::gui::palette::kScrubCursor;
    const int r = int(c & 0xFF), g = int((c >> 8) & 0xFF), b = int((c >> 16) & 0xFF);
    long total = 0;
    int best_run = 0, best_x = -1;
    for (int x = 0; x < w; ++x) {
        int run = 0;
        for (int y = 0; y < h; ++y) {
            const unsigned char* p = px + (long(y) * w + x) * 3;
            if (p[0] == r && p[1] == g && p[2] == b) {
                ++total;
                if (++run > best_run) {
                    best_run = run;
                    best_x = x;
                }
            } else {
                run = 0;
            }
        }
    }
    stbi_image_free(px);
    std::printf("cursor pixels %ld, longest column %d at x = %d\n", total, best_run, best_x);
    if (want == "no-cursor") return total == 0 ? 0 : fail(std::to_string(total) + " cursor pixels in a live view");
    if (best_run < min_run) return fail("no cursor line: the longest column is " + std::to_string(best_run) + " px");
    if (best_x >= x_before) return fail("the cursor is at x = " + std::to_string(best_x) + ", not before " + std::to_string(x_before));
    return 0;
}
