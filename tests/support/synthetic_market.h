#pragma once

#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include "liqmap/core/event_codec.h"   // EventRecord
#include "liqmap/core/market_event.h"  // TimestampMs, kMinuteMs

namespace liqmap::synthetic {

/// What the synthetic market generates. The defaults are a BTCUSDT-like perpetual on Binance.
struct MarketOptions {
    std::uint64_t seed = 1;
    int days = 30;
    /// Open time of the first candle; must be a multiple of `candleIntervalMs`.
    core::TimestampMs startMs = 1'704'067'200'000;  // 2024-01-01 00:00 UTC
    double startPrice = 42'000;
    core::TimestampMs candleIntervalMs = core::kMinuteMs;
    /// Must be a multiple of `candleIntervalMs`.
    core::TimestampMs openInterestStepMs = 5 * core::kMinuteMs;
    /// Base units (BTC); the level open interest reverts to.
    double startOpenInterest = 80'000;
    /// Reported liquidations on large one-candle moves.
    bool liquidations = false;
    /// A mark price at the end of every sub-step (every 3 s for one-minute candles).
    bool marks = false;
    std::string exchange = "binance";
    std::string symbol = "BTCUSDT";

    /// Throws std::invalid_argument naming the field when an option is unusable.
    void validate() const;
};

/// Price sub-steps per candle: candle OHLC are taken from them, marks are sampled at their ends.
inline constexpr int kSubStepsPerCandle = 20;

/// Generates normalized events, deterministically: the same options give the same events, bit for
/// bit, on every platform with IEEE doubles and a correctly rounded libm (no <random>
/// distributions, whose output differs between standard libraries).
///
/// Model: the log price is a random walk of kSubStepsPerCandle normal sub-steps per candle whose
/// volatility switches between calm, normal and stressed regimes, with rare jumps; prices are
/// rounded to a 0.1 tick before the candle is formed, so every candle is consistent
/// (low ≤ open, close ≤ high). Open interest is a mean-reverting random walk in log space,
/// sampled every `openInterestStepMs`, that drops after large moves (deleveraging). Liquidations
/// (`side` = the position side liquidated, price kind "average") come in bursts on large
/// one-candle moves: longs when the candle reached far below its open, shorts far above.
///
/// Order inside one candle interval: the open interest (when a step is due) at the interval start,
/// then the closed candle (ts = its open time), then marks and liquidations in timestamp order,
/// all inside the interval. Timestamps never decrease.
///
/// Each feature draws from its own random stream, so the price path and the open interest are the
/// same whether liquidations and marks are enabled or not. 30 days with the defaults give exactly
/// 43 200 candles and 8 640 open-interest points.
std::vector<core::EventRecord> generateMarket(const MarketOptions& options);

/// The events alone, for feeding an Estimator directly.
std::vector<core::MarketEvent> eventsOf(const std::vector<core::EventRecord>& records);

}  // namespace liqmap::synthetic
