// The whole `liqmap-cli map --events FILE` process on the 30-day file (docs/performance.md,
// target ≤ 50 ms), with process start-up measured separately for comparison.

#include <benchmark/benchmark.h>
#include <fcntl.h>     // O_WRONLY, O_CREAT, O_TRUNC
#include <spawn.h>     // posix_spawn
#include <sys/wait.h>  // waitpid, WIFEXITED, WEXITSTATUS
#include <unistd.h>    // close, write, environ (g++ defines _GNU_SOURCE)

#include <cerrno>      // errno, EINTR
#include <cstdio>      // std::FILE, std::fopen, std::fwrite, std::remove
#include <cstdlib>     // mkstemp
#include <filesystem>  // std::filesystem::temp_directory_path
#include <fstream>     // std::ifstream
#include <iterator>    // std::istreambuf_iterator
#include <string>      // std::string
#include <vector>      // std::vector

#include "bench_data.h"

namespace liqmap::bench {

namespace {

// A temporary file holding `content`, removed at exit.
class TempFile {
public:
    explicit TempFile(const std::string& content) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "liqmap-bench-XXXXXX").string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) {
            return;
        }
        m_path = pattern;
        std::size_t written = 0;
        while (written < content.size()) {
            const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
            if (n <= 0) {
                m_path.clear();
                break;
            }
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    ~TempFile() {
        if (!m_path.empty()) {
            std::remove(m_path.c_str());
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    /// Empty when the file could not be written.
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

const TempFile& thirtyDayFile() {
    static const TempFile file(joinLines(thirtyDayLines()));
    return file;
}

// Runs the program with stdout to /dev/null and stderr to `stderrPath` (or /dev/null); returns
// its exit code, or -1 when it could not be started or did not exit normally.
int run(const std::vector<std::string>& argv, const char* stderrPath = "/dev/null") {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        return -1;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void runTimed(benchmark::State& state, const std::vector<std::string>& argv) {
    for (auto _ : state) {
        const int code = run(argv);
        if (code != 0) {
            state.SkipWithError(("exit code " + std::to_string(code) + " from " + argv[0]).c_str());
            break;
        }
    }
}

// The whole process: start-up, reading the 8 MB file, parsing, the estimator, the map, CSV out.
void BM_CliMap30DayFile(benchmark::State& state) {
    const TempFile& file = thirtyDayFile();
    if (file.path().empty()) {
        state.SkipWithError("cannot write the temporary events file");
        return;
    }
    const std::vector<std::string> argv = {LIQMAP_CLI_PATH, "map", "--events", file.path()};
    // Once untimed with stderr kept: a skipped line would make the timing meaningless.
    const TempFile errors("");
    if (run(argv, errors.path().c_str()) != 0) {
        state.SkipWithError("liqmap-cli map failed on the 30-day file");
        return;
    }
    std::ifstream errorStream(errors.path());
    const std::string errorText{std::istreambuf_iterator<char>(errorStream), {}};
    if (!errorText.empty()) {
        state.SkipWithError(("liqmap-cli map wrote to stderr: " + errorText).c_str());
        return;
    }
    runTimed(state, argv);
    state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(file.path())) / 1e6;
}
BENCHMARK(BM_CliMap30DayFile)->UseRealTime()->Unit(benchmark::kMillisecond);

// Start-up and exit alone: `liqmap-cli --help`.
void BM_CliStartup(benchmark::State& state) { runTimed(state, {LIQMAP_CLI_PATH, "--help"}); }
BENCHMARK(BM_CliStartup)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

}  // namespace liqmap::bench
