#include "gui/screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>  // implementation in libstb (linked through pkg-config imgui)

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace tl::gui {

std::string check_writable(const std::string& path) {
    if (path.empty()) return "--screenshot needs a file name";
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    if (existed && std::filesystem::is_directory(path, ec)) return "cannot write screenshot '" + path + "': it is a directory";
    std::FILE* f = std::fopen(path.c_str(), "ab");
    if (!f) return "cannot write screenshot '" + path + "': " + std::strerror(errno);
    std::fclose(f);
    if (!existed) std::filesystem::remove(path, ec);
    return {};
}

std::string save_screenshot(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0) return "cannot take a screenshot of an empty window";
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (glGetError() != GL_NO_ERROR) return "cannot read the window's pixels (glReadPixels failed)";
    // OpenGL's rows go bottom-up; PNG's top-down.
    const size_t stride = static_cast<size_t>(width) * 3;
    std::vector<unsigned char> row(stride);
    for (int y = 0; y < height / 2; ++y) {
        unsigned char* a = pixels.data() + stride * static_cast<size_t>(y);
        unsigned char* b = pixels.data() + stride * static_cast<size_t>(height - 1 - y);
        std::memcpy(row.data(), a, stride);
        std::memcpy(a, b, stride);
        std::memcpy(b, row.data(), stride);
    }
    if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), static_cast<int>(stride)))
        return "cannot write screenshot '" + path + "'";
    return {};
}

}  // namespace tl::gui
