#pragma once

#include <optional>  // std::optional

namespace liqmap::exchange::bybit {

/// What liqmap keeps of one symbol's `tickers` stream. Bybit's deltas carry only the fields that
/// changed (PROTOCOLS.md §2.3), so the mark price, index, funding and open interest of a delta
/// are the last values seen. nullopt = never sent since the last snapshot, or sent as "" (n/a,
/// e.g. the funding rate of a dated future).
struct TickerState {
    std::optional<double> markPrice;
    std::optional<double> indexPrice;
    std::optional<double> fundingRate;
    std::optional<double> openInterest;             ///< both sides since 2026-06
    std::optional<double> openInterestValue;        ///< quote currency
    std::optional<double> singleOpenInterest;       ///< one side (added 2026-06)
    std::optional<double> singleOpenInterestValue;  ///< quote currency
};

}  // namespace liqmap::exchange::bybit
