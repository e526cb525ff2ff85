#include "stop_signal.h"

#include <algorithm>  // std::min
#include <atomic>     // std::atomic
#include <csignal>    // SIGINT, SIGTERM, sigaction
#include <thread>     // std::this_thread::sleep_for

namespace liqmap::cli {

namespace {

// Lock-free, so setting it is async-signal-safe.
std::atomic<bool> g_stopRequested{false};
static_assert(std::atomic<bool>::is_always_lock_free);

struct sigaction g_previousInt {};
struct sigaction g_previousTerm {};

extern "C" void onStopSignal(int /*signal*/) { g_stopRequested.store(true); }

}  // namespace

StopSignal::StopSignal() {
    g_stopRequested.store(false);
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    // Interrupted system calls resume (a frame being written is not cut short); the waits poll
    // the flag instead of relying on the interruption.
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &g_previousInt);
    sigaction(SIGTERM, &action, &g_previousTerm);
}

StopSignal::~StopSignal() {
    sigaction(SIGINT, &g_previousInt, nullptr);
    sigaction(SIGTERM, &g_previousTerm, nullptr);
}

bool StopSignal::requested() const { return g_stopRequested.load(); }

bool StopSignal::waitUntil(std::chrono::steady_clock::time_point deadline) const {
    constexpr auto kPoll = std::chrono::milliseconds(20);
    while (!requested()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            break;
        }
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(kPoll, deadline - now));
    }
    return requested();
}

}  // namespace liqmap::cli
