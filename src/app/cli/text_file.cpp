#include "text_file.h"

#include <array>    // std::array
#include <cerrno>   // errno
#include <cstdio>   // std::fopen, std::fread
#include <cstring>  // std::strerror
#include <memory>   // std::unique_ptr

#include "arguments.h"  // UsageError

namespace liqmap::cli {

namespace {

struct FileCloser {
    void operator()(std::FILE* file) const {
        if (file != stdin) {
            std::fclose(file);
        }
    }
};

}  // namespace

std::string readTextFile(const std::string& path) {
    std::unique_ptr<std::FILE, FileCloser> file(path == "-" ? stdin
                                                            : std::fopen(path.c_str(), "rb"));
    if (!file) {
        throw UsageError("cannot read " + path + ": " + std::strerror(errno));
    }
    // One large read: the event files are tens of megabytes at most and parsing wants them whole.
    std::string content;
    if (file.get() != stdin && std::fseek(file.get(), 0, SEEK_END) == 0) {
        const long size = std::ftell(file.get());
        if (size > 0) {
            content.reserve(static_cast<std::size_t>(size));
        }
        std::rewind(file.get());
    }
    std::array<char, 1 << 16> buffer{};
    std::size_t count = 0;
    while ((count = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
        content.append(buffer.data(), count);
    }
    if (std::ferror(file.get()) != 0) {
        throw UsageError("cannot read " + path + ": " + std::strerror(errno));
    }
    return content;
}

}  // namespace liqmap::cli
