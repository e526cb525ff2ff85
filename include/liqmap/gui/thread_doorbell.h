#pragma once

#include <QObject>

class QSocketNotifier;

namespace liqmap::gui {

/// A payload-free doorbell from any thread to the GUI thread. ring() writes one byte to a pipe;
/// a QSocketNotifier on the owner's thread drains the pipe and emits rung() once for however
/// many rings came before. The data itself waits in the caller's own mutex-guarded slot, so
/// nothing crosses threads through Qt's event queue: a queued call carries its functor through
/// a queue whose locks ThreadSanitizer cannot see, while a pipe's write → read and a std::mutex
/// are synchronisation it understands (STYLE.md "Threads": ring a doorbell, drain once).
class ThreadDoorbell : public QObject {
    Q_OBJECT

public:
    /// Throws std::runtime_error when the pipe cannot be made (out of file descriptors).
    explicit ThreadDoorbell(QObject* parent = nullptr);
    ~ThreadDoorbell() override;
    ThreadDoorbell(const ThreadDoorbell&) = delete;
    ThreadDoorbell& operator=(const ThreadDoorbell&) = delete;

    /// Thread-safe and non-blocking: when the pipe is full, the GUI has a ring pending already.
    void ring();

Q_SIGNALS:
    /// On the owner's thread, after one or more ring()s.
    void rung();

private:
    void drain();

    int m_readFd = -1;
    int m_writeFd = -1;
    QSocketNotifier* m_notifier = nullptr;
};

}  // namespace liqmap::gui
