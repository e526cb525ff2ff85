#include "support/process.h"

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace liqmap::test {

namespace {

void closeIfOpen(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

// Starts `program` with its standard streams on three new pipes; the parent's ends come back
// in `toChild`, `fromOut` and `fromErr`.
pid_t spawn(const std::string& program, const std::vector<std::string>& args, int& toChild,
            int& fromOut, int& fromErr) {
    int input[2];
    int output[2];
    int error[2];
    if (::pipe(input) != 0 || ::pipe(output) != 0 || ::pipe(error) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], 0);
    posix_spawn_file_actions_adddup2(&actions, output[1], 1);
    posix_spawn_file_actions_adddup2(&actions, error[1], 2);
    for (int fd : {input[0], input[1], output[0], output[1], error[0], error[1]}) {
        posix_spawn_file_actions_addclose(&actions, fd);
    }

    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);

    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(input[0]);
    ::close(output[1]);
    ::close(error[1]);
    if (spawned != 0) {
        ::close(input[1]);
        ::close(output[0]);
        ::close(error[0]);
        throw std::runtime_error("cannot start " + program);
    }
    toChild = input[1];
    fromOut = output[0];
    fromErr = error[0];
    return pid;
}

int exitCodeOf(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input) {
    int writeFd = -1;
    int outFd = -1;
    int errFd = -1;
    const pid_t pid = spawn(program, args, writeFd, outFd, errFd);

    // A child that exits without reading its input must not kill the test with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    ProcessResult result;
    std::size_t written = 0;
    if (input.empty()) {
        closeIfOpen(writeFd);
    }
    std::array<char, 65536> buffer{};
    while (outFd >= 0 || errFd >= 0) {
        std::array<pollfd, 3> fds{};
        nfds_t count = 0;
        for (int fd : {outFd, errFd}) {
            if (fd >= 0) {
                fds[count++] = {fd, POLLIN, 0};
            }
        }
        if (writeFd >= 0) {
            fds[count++] = {writeFd, POLLOUT, 0};
        }
        if (::poll(fds.data(), count, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (nfds_t i = 0; i < count; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            if (fds[i].fd == writeFd) {
                const ssize_t n = ::write(writeFd, input.data() + written, input.size() - written);
                if (n <= 0 || (written += static_cast<std::size_t>(n)) == input.size()) {
                    closeIfOpen(writeFd);
                }
                continue;
            }
            const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
            if (n <= 0) {
                closeIfOpen(fds[i].fd == outFd ? outFd : errFd);
            } else {
                (fds[i].fd == outFd ? result.out : result.err)
                    .append(buffer.data(), static_cast<std::size_t>(n));
            }
        }
    }
    closeIfOpen(writeFd);

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exitCode = exitCodeOf(status);
    return result;
}

BackgroundProcess::BackgroundProcess(const std::string& program,
                                     const std::vector<std::string>& args) {
    int writeFd = -1;
    m_pid = spawn(program, args, writeFd, m_outFd, m_errFd);
    closeIfOpen(writeFd);
}

BackgroundProcess::~BackgroundProcess() {
    closeIfOpen(m_outFd);
    closeIfOpen(m_errFd);
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

bool BackgroundProcess::readSome(std::chrono::milliseconds timeout) {
    std::array<pollfd, 2> fds{};
    nfds_t count = 0;
    for (int fd : {m_outFd, m_errFd}) {
        if (fd >= 0) {
            fds[count++] = {fd, POLLIN, 0};
        }
    }
    if (count == 0) {
        return false;
    }
    if (::poll(fds.data(), count, static_cast<int>(timeout.count())) <= 0) {
        return true;
    }
    std::array<char, 65536> buffer{};
    for (nfds_t i = 0; i < count; ++i) {
        if (fds[i].revents == 0) {
            continue;
        }
        const bool isOut = fds[i].fd == m_outFd;
        const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
        if (n <= 0) {
            closeIfOpen(isOut ? m_outFd : m_errFd);
        } else {
            (isOut ? m_result.out : m_result.err)
                .append(buffer.data(), static_cast<std::size_t>(n));
        }
    }
    return m_outFd >= 0 || m_errFd >= 0;
}

bool BackgroundProcess::waitForOutput(const std::string& text, std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    while (m_result.out.find(text) == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || !readSome(left)) {
            return m_result.out.find(text) != std::string::npos;
        }
    }
    return true;
}

void BackgroundProcess::signal(int signal) {
    if (m_pid > 0) {
        ::kill(m_pid, signal);
    }
}

ProcessResult BackgroundProcess::wait(std::chrono::milliseconds timeout,
                                      std::chrono::milliseconds* elapsed) {
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    const auto deadline = started + timeout;
    while (
        Clock::now() < deadline &&
        readSome(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()))) {
    }
    // Its output closed, the child may still be on its way out.
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(m_pid, &status, WNOHANG)) == 0 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const bool timedOut = done != m_pid;
    if (timedOut) {
        ::kill(m_pid, SIGKILL);
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    m_pid = -1;
    if (elapsed != nullptr) {
        *elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    }
    ProcessResult result = std::move(m_result);
    result.exitCode = timedOut ? -1 : exitCodeOf(status);
    return result;
}

}  // namespace liqmap::test
