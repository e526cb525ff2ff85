// The doorbell that hands background results to the GUI thread: rings from other threads wake
// the owner's thread, many rings before it runs give one rung(), and a later ring wakes it again.
#include "liqmap/gui/thread_doorbell.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>  // std::atomic
#include <thread>  // std::thread

namespace liqmap::gui {

class ThreadDoorbellTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ringsFromAnotherThreadWakeTheOwnersThreadOnce() {
        ThreadDoorbell doorbell;
        std::atomic<QThread*> wokenOn{nullptr};
        connect(&doorbell, &ThreadDoorbell::rung, this,
                [&wokenOn] { wokenOn = QThread::currentThread(); });
        QSignalSpy rung(&doorbell, &ThreadDoorbell::rung);
        // 1 000 rings before the event loop runs: the pipe holds them (or is full, which adds
        // nothing), and draining it gives one rung().
        std::thread ringer([&doorbell] {
            for (int i = 0; i < 1000; ++i) {
                doorbell.ring();
            }
        });
        ringer.join();
        QCOMPARE(rung.count(), 0);  // nothing before the owner's event loop runs
        QTRY_COMPARE_WITH_TIMEOUT(rung.count(), 1, 5000);
        QCOMPARE(wokenOn.load(), QThread::currentThread());
        QTest::qWait(50);
        QCOMPARE(rung.count(), 1);  // drained: no second wake for the same rings

        doorbell.ring();
        QTRY_COMPARE_WITH_TIMEOUT(rung.count(), 2, 5000);
    }

    void aFullPipeNeitherBlocksNorLosesTheWake() {
        ThreadDoorbell doorbell;
        QSignalSpy rung(&doorbell, &ThreadDoorbell::rung);
        // A pipe holds 64 KiB on Linux; 200 000 one-byte rings fill it, and ring() must return.
        for (int i = 0; i < 200'000; ++i) {
            doorbell.ring();
        }
        QTRY_VERIFY_WITH_TIMEOUT(rung.count() >= 1, 5000);
        const int afterDrain = static_cast<int>(rung.count());
        QTest::qWait(50);
        QCOMPARE(static_cast<int>(rung.count()), afterDrain);
    }
};

}  // namespace liqmap::gui

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    liqmap::gui::ThreadDoorbellTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "thread_doorbell_test.moc"
