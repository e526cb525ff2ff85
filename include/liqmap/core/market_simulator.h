#pragma once

#include <cstddef>     // std::size_t
#include <cstdint>     // std::int64_t
#include <functional>  // std::function
#include <memory>      // std::unique_ptr
#include <vector>      // std::vector

#include "liqmap/core/instrument.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/market_event.h"
#include "liqmap/core/sim_position.h"
#include "liqmap/core/simulator_config.h"

namespace liqmap::core {

/// A seeded agent-based perpetual-futures market (ARCHITECTURE.md "Built-in simulated
/// exchange"; the model is described in docs/accuracy.md). Traders of several kinds open
/// isolated positions with the configuration's true leverage mix, close them over time, and are
/// force-closed when the mark price reaches their liquidation price (the instrument's formula and
/// maintenance tiers). A market maker takes the other side of every imbalance, so open interest
/// is exactly the sum of all long positions and of all short positions. The price is a random
/// walk with volatility regimes and jumps, plus the impact of forced orders (cascades).
///
/// It yields what an exchange publishes — trades, mark price, 1-minute candles, open interest,
/// liquidation orders sampled like Binance (the latest per second) — and the ground truth: every
/// open position, every forced close and the true liquidation map. Deterministic: equal
/// configurations give identical output. No I/O, no clock, not thread-safe.
class MarketSimulator {
public:
    /// One tick of market time; the mark price is published once per tick.
    static constexpr TimestampMs kTickMs = 1000;

    /// Throws ConfigError from SimulatorConfig::validate().
    explicit MarketSimulator(SimulatorConfig config);
    ~MarketSimulator();
    MarketSimulator(MarketSimulator&&) noexcept;
    MarketSimulator& operator=(MarketSimulator&&) noexcept;

    const SimulatorConfig& config() const;
    /// The simulated contract: Binance BTCUSDT's formula and maintenance brackets, under the
    /// exchange name "binance" and the symbol "BTCUSDT".
    const Instrument& instrument() const;

    /// Advances the market by one tick and appends what the exchange published during it, in
    /// time order: trades (if enabled), then the mark price, the sampled liquidation (at most one
    /// per tick), the candle of the current minute (unclosed each tick, closed at its last tick)
    /// and open interest at each period boundary. `forcedCloses`, when given, receives every
    /// forced close of the tick.
    void step(std::vector<MarketEvent>& published,
              std::vector<SimLiquidation>* forcedCloses = nullptr);
    /// Steps until now() ≥ `ts`.
    void advanceTo(TimestampMs ts, std::vector<MarketEvent>& published,
                   std::vector<SimLiquidation>* forcedCloses = nullptr);

    /// The end of the last tick (startMs before the first).
    TimestampMs now() const;
    double markPrice() const;

    /// Open interest in lots: equals longLots() and shortLots() after every step.
    std::int64_t openInterestLots() const;
    /// Every long position's lots, the market maker's included.
    std::int64_t longLots() const;
    std::int64_t shortLots() const;
    double openInterest() const { return coinsOfLots(openInterestLots()); }

    /// The traders' open positions (the market maker's inventory is not a leveraged position).
    std::size_t positionCount() const;
    void forEachPosition(const std::function<void(const SimPosition&)>& visit) const;

    /// The true liquidation map of the traders' open positions around `currentPrice`, with one
    /// tier per leverage of the true mix.
    LiquidationMap trueMap(double currentPrice, const MapOptions& options) const;

    struct State;

private:
    std::unique_ptr<State> m_state;
};

}  // namespace liqmap::core
