#pragma once

#include <sys/types.h>  // pid_t

#include <chrono>  // std::chrono::milliseconds
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

/// A child started in the background (standard input empty), for commands that run until
/// told to stop: the test reads its output as it comes, signals it, and waits for its end.
class BackgroundProcess {
public:
    BackgroundProcess(const std::string& program, const std::vector<std::string>& args);
    /// Kills (SIGKILL) and reaps the child if it is still running.
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    /// Reads output until standard output holds `text` (true) or `timeout` passes, or the
    /// child closes its output (false).
    bool waitForOutput(const std::string& text, std::chrono::milliseconds timeout);
    /// Standard output and error read so far.
    const std::string& out() const { return m_result.out; }
    const std::string& err() const { return m_result.err; }

    void signal(int signal);
    /// Reads the rest of the output and waits for the exit; after `timeout` the child is
    /// killed (exit code -1). `elapsed`, when given, receives how long the wait took.
    ProcessResult wait(std::chrono::milliseconds timeout,
                       std::chrono::milliseconds* elapsed = nullptr);

private:
    // Reads what is available within `timeout`; false once both streams are closed.
    bool readSome(std::chrono::milliseconds timeout);

    pid_t m_pid = -1;
    int m_outFd = -1;
    int m_errFd = -1;
    ProcessResult m_result;
};

}  // namespace liqmap::test
