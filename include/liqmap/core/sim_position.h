#pragma once

#include <cstdint>  // std::uint64_t, std::int64_t, std::uint8_t

#include "liqmap/core/market_event.h"  // Side, TimestampMs

namespace liqmap::core {

/// Why a simulated trader opened a position (docs/accuracy.md, "The simulated market").
enum class TraderKind : std::uint8_t {
    TrendFollower,  ///< goes with the recent move
    DipBuyer,       ///< buys after a fall from the recent high
    RangeTrader,    ///< buys near the bottom of the recent range, sells near its top
    Noise,          ///< either side at random
};

/// Positions are counted in lots of 0.001 coin (Binance BTCUSDT's step size), so that open
/// interest and the sum of positions are equal exactly, not to rounding.
inline constexpr double kSimLotSize = 0.001;
inline constexpr double kSimLotsPerCoin = 1000;

/// Coins in `lots`, by division: 3002037 lots give exactly the double nearest 3002.037, which
/// prints as "3002.037" (multiplying by 0.001 would give 3002.0370000000003).
inline double coinsOfLots(std::int64_t lots) { return static_cast<double>(lots) / kSimLotsPerCoin; }

/// One open isolated-margin position of a simulated trader.
struct SimPosition {
    std::uint64_t id = 0;
    Side side = Side::Long;
    TraderKind kind = TraderKind::Noise;
    double entry = 0;
    std::int64_t lots = 0;
    double leverage = 0;
    /// Index into the true leverage mix's tiers of the leverage this trader drew; `leverage` is
    /// lower when the maintenance bracket of the position's notional allows less.
    std::uint8_t mixTier = 0;
    /// By the instrument's formula with the maintenance tier of this position's notional.
    double liquidationPrice = 0;
    TimestampMs openedMs = 0;
    /// When the trader closes it, unless it is liquidated first.
    TimestampMs closeAtMs = 0;

    double qty() const { return coinsOfLots(lots); }
    /// Notional at entry, the unit every liquidation map counts in.
    double entryNotional() const { return qty() * entry; }
};

/// One forced close in the simulated market: the full tape, not the venue's sampled feed.
struct SimLiquidation {
    TimestampMs ts = 0;
    Side side = Side::Long;
    double liquidationPrice = 0;  ///< the position's own liquidation price
    double fillPrice = 0;         ///< the mark price of the tick that closed it
    double qty = 0;               ///< coins
    double entryNotional = 0;     ///< qty · entry
    double leverage = 0;
};

}  // namespace liqmap::core
