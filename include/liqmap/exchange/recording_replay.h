#pragma once

#include <cstddef>      // std::size_t
#include <functional>   // std::function
#include <memory>       // std::unique_ptr
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"
#include "liqmap/core/instrument.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/feed_pipeline.h"

namespace liqmap::exchange {

/// What a replay read.
struct ReplaySummary {
    std::size_t lines = 0;
    std::size_t badLines = 0;  ///< lines that are not recording lines (not the truncated last)
    std::size_t firstBadLine = 0;
    std::string firstBadLineError;
    /// The file ended inside a line: the recorder was killed mid-write. Tolerated.
    bool truncatedLastLine = false;
};

/// Runs a recording through the same adapters and pipelines a live feed uses, as fast as it
/// can, so the events (and the map built from them) are the ones the live run produced. One
/// pipeline per exchange and symbol in the file, made when its first line appears.
class RecordingReplay {
public:
    struct Callbacks {
        /// When a feed's history is complete: the instrument its registry describes (exactly
        /// when the live feed called its onReady).
        std::function<void(Venue venue, const std::string& symbol,
                           const core::Instrument& instrument)>
            onReady;
        std::function<void(Venue venue, const std::string& symbol,
                           std::span<const core::EventRecord> events)>
            onEvents;
    };

    explicit RecordingReplay(Callbacks callbacks);
    ~RecordingReplay();

    /// Replays every line of `content` (a whole recording file).
    ReplaySummary replay(std::string_view content);

    /// The pipelines, for their counters (adapter skips, other symbols, errors).
    std::vector<const FeedPipeline*> pipelines() const;

private:
    struct Feed;
    Feed& feedFor(Venue venue, const std::string& symbol);

    Callbacks m_callbacks;
    std::vector<std::unique_ptr<Feed>> m_feeds;
};

}  // namespace liqmap::exchange
