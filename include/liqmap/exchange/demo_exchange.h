#pragma once

#include <chrono>      // std::chrono::hours
#include <cstdint>     // std::uint64_t
#include <functional>  // std::function
#include <memory>      // std::unique_ptr
#include <string>      // std::string

#include "liqmap/core/market_event.h"   // core::TimestampMs
#include "liqmap/core/market_regime.h"  // core::MarketRegime
#include "liqmap/exchange/endpoints.h"

namespace liqmap::exchange {

struct DemoOptions {
    std::uint64_t seed = 1;
    core::MarketRegime regime = core::MarketRegime::Range;
    /// Market seconds per wall-clock second once live (1 = real time).
    double speed = 1;
    /// Market history generated before going live; its last tick is "now" at start().
    std::chrono::hours history{48};
    /// Loopback port to listen on; 0 picks a free one (see port()).
    unsigned short port = 0;
    /// Wall clock in ms; tests fix it. Empty means the system clock.
    std::function<core::TimestampMs()> clock;
};

/// The built-in simulated exchange (ARCHITECTURE.md "Built-in simulated exchange"): a
/// core::MarketSimulator served over TLS on 127.0.0.1 in Binance USDⓈ-M wire format — the REST
/// endpoints exchangeInfo, openInterest, openInterestHist, klines and premiumIndex, and the
/// WebSocket market streams (forceOrder, markPrice@1s, aggTrade, kline_1m) on /market/ws and
/// /market/stream — so the unchanged Binance adapter, estimator and GUI run on it offline.
/// History is generated at start(); then the market runs live at `speed`. It presents a fresh
/// self-signed certificate for 127.0.0.1 and localhost; clients trust certificatePem().
/// Runs on its own thread; every member is thread-safe.
class DemoExchange {
public:
    /// Throws ConfigError for a bad speed (not finite or ≤ 0, or above 10 000) or history
    /// (0 or above 30 days).
    explicit DemoExchange(DemoOptions options);
    ~DemoExchange();
    DemoExchange(const DemoExchange&) = delete;
    DemoExchange& operator=(const DemoExchange&) = delete;

    /// Generates the history, then listens. Throws std::runtime_error when the port is taken.
    void start();
    void stop();

    unsigned short port() const;
    /// https://127.0.0.1:<port> and wss://127.0.0.1:<port>, for FeedOptions::endpoints.
    Endpoints endpoints() const;
    /// The certificate the server presents, for TlsSettings::extraCaPem.
    const std::string& certificatePem() const;
    /// The market's current time: history end + speed · wall time since start(). Clients
    /// use it as their clock so the history they ask for ends where the live stream begins.
    core::TimestampMs marketNow() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace liqmap::exchange
