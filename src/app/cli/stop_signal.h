#pragma once

#include <chrono>  // std::chrono::steady_clock

namespace liqmap::cli {

/// While alive, SIGINT and SIGTERM no longer end the process: they set a flag that long-running
/// commands poll, so they stop their feeds or server cleanly and exit 0. The previous handlers
/// come back on destruction. One at a time.
class StopSignal {
public:
    StopSignal();
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    /// Whether SIGINT or SIGTERM arrived since construction.
    bool requested() const;

    /// Sleeps until `deadline` or a stop request, whichever comes first (polling, so a signal
    /// is noticed within a few tens of milliseconds); returns requested().
    bool waitUntil(std::chrono::steady_clock::time_point deadline) const;
};

}  // namespace liqmap::cli
