#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

namespace liqmap::test {

/// What a child process wrote and how it ended.
struct ProcessResult {
    int exitCode = -1;  ///< exit status, or -1 if it was killed by a signal
    std::string out;
    std::string err;
};

/// Runs `program` with `args`, feeding `input` on standard input, and collects both output
/// streams (read together, so a chatty child cannot deadlock on a full pipe).
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input = {});

}  // namespace liqmap::test
