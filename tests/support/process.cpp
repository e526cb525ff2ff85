#include "support/process.h"

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <stdexcept>

extern char** environ;

namespace liqmap::test {

namespace {

void closeIfOpen(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

}  // namespace

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input) {
    int toChild[2];
    int fromChildOut[2];
    int fromChildErr[2];
    if (::pipe(toChild) != 0 || ::pipe(fromChildOut) != 0 || ::pipe(fromChildErr) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, toChild[0], 0);
    posix_spawn_file_actions_adddup2(&actions, fromChildOut[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fromChildErr[1], 2);
    for (int fd : {toChild[0], toChild[1], fromChildOut[0], fromChildOut[1], fromChildErr[0],
                   fromChildErr[1]}) {
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
    ::close(toChild[0]);
    ::close(fromChildOut[1]);
    ::close(fromChildErr[1]);
    if (spawned != 0) {
        ::close(toChild[1]);
        ::close(fromChildOut[0]);
        ::close(fromChildErr[0]);
        throw std::runtime_error("cannot start " + program);
    }

    // A child that exits without reading its input must not kill the test with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    ProcessResult result;
    int writeFd = toChild[1];
    int outFd = fromChildOut[0];
    int errFd = fromChildErr[0];
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
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace liqmap::test
