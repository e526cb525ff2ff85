#pragma once

#include <chrono>      // std::chrono::milliseconds
#include <cstddef>     // std::size_t
#include <functional>  // std::function
#include <memory>      // std::shared_ptr
#include <string>      // std::string
#include <vector>      // std::vector

#include "liqmap/core/instrument.h"
#include "liqmap/core/skip_counts.h"
#include "liqmap/exchange/connection_status.h"
#include "liqmap/exchange/endpoints.h"
#include "liqmap/exchange/feed_pipeline.h"
#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/recording.h"
#include "liqmap/exchange/tls_settings.h"
#include "liqmap/exchange/venue.h"
#include "liqmap/exchange/websocket_session.h"

namespace liqmap::exchange {

struct FeedOptions {
    Venue venue = Venue::Binance;
    /// The venue's own symbol: BTCUSDT, BTC-USDT-SWAP, BTC.
    std::string symbol;
    Endpoints endpoints;
    TlsSettings tls;
    /// History to load before going live, ending now; zero loads none.
    std::chrono::milliseconds lookback{std::chrono::hours(24 * 30)};
    Backoff backoff;
    /// Wall clock in ms (tests may fix it so requested windows are exact).
    std::function<core::TimestampMs()> clock;
    /// Changes each stream before it connects; tests shorten the venue's heartbeat and stale
    /// times with it. Empty in real use.
    std::function<void(StreamSpec& stream)> adjustStream;
};

/// Where a feed is in its life.
enum class FeedPhase : std::uint8_t { Idle, LoadingHistory, Live, Stopped };

std::string_view toString(FeedPhase phase);

/// A copy of everything the status bar shows about one feed.
struct FeedStatus {
    Venue venue = Venue::Binance;
    std::string symbol;
    FeedPhase phase = FeedPhase::Idle;
    std::size_t requestsDone = 0;  ///< REST requests answered (pages included)
    std::size_t requestsFailed = 0;
    std::string lastRestError;
    std::vector<ConnectionStatus> connections;  ///< one per WebSocket stream
    PipelineCounts counts;
    core::SkipCounts skipped;  ///< what the adapter could not use
    /// False for Hyperliquid, which publishes no liquidations (the map's status says so).
    bool hasLiquidationFeed = true;

    /// Text frames received over all the feed's connections.
    std::uint64_t messages() const;
    /// When the newest of them arrived (wall clock, ms); 0 before any.
    core::TimestampMs lastMessageMs() const;
};

/// One venue and symbol, live: loads the instrument list, margin tiers and history over REST
/// (pages followed, rate limits honoured), hands the instrument to onReady, delivers the
/// history sorted by time, then opens the venue's WebSocket streams and polls what has no
/// stream. Events and status come from the network thread; the callbacks must not block.
/// Stopping (or destroying) tears everything down cleanly; it must not happen on the network
/// thread.
class LiveFeed {
public:
    struct Callbacks {
        /// Once, before any event: the contract as the venue describes it.
        std::function<void(const core::Instrument& instrument)> onReady;
        /// Events for the feed's symbol, history first (sorted), then live.
        FeedPipeline::Sink onEvents;
    };

    /// `recorder` (optional) receives every REST body and frame; it must outlive the feed.
    LiveFeed(NetworkThread& network, FeedOptions options, Callbacks callbacks,
             RecordingWriter* recorder = nullptr);
    ~LiveFeed();
    LiveFeed(const LiveFeed&) = delete;
    LiveFeed& operator=(const LiveFeed&) = delete;

    void start();
    void stop();
    /// Thread-safe.
    FeedStatus status() const;

    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

}  // namespace liqmap::exchange
