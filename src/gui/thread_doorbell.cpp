#include "liqmap/gui/thread_doorbell.h"

#include <fcntl.h>   // O_CLOEXEC, O_NONBLOCK
#include <unistd.h>  // pipe2, read, write, close

#include <QSocketNotifier>
#include <array>      // std::array
#include <cerrno>     // errno
#include <cstring>    // std::strerror
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string

namespace liqmap::gui {

ThreadDoorbell::ThreadDoorbell(QObject* parent) : QObject(parent) {
    std::array<int, 2> fds{-1, -1};
    if (::pipe2(fds.data(), O_NONBLOCK | O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("doorbell pipe: ") + std::strerror(errno));
    }
    m_readFd = fds[0];
    m_writeFd = fds[1];
    m_notifier = new QSocketNotifier(m_readFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ThreadDoorbell::drain);
}

ThreadDoorbell::~ThreadDoorbell() {
    delete m_notifier;  // before its descriptor closes
    ::close(m_readFd);
    ::close(m_writeFd);
}

void ThreadDoorbell::ring() {
    const char byte = 1;
    // EAGAIN: the pipe is full of rings the GUI has not drained yet, one more adds nothing.
    [[maybe_unused]] const auto written = ::write(m_writeFd, &byte, 1);
}

void ThreadDoorbell::drain() {
    std::array<char, 256> bytes{};
    while (::read(m_readFd, bytes.data(), bytes.size()) > 0) {
    }
    Q_EMIT rung();
}

}  // namespace liqmap::gui
