#pragma once

#include <cstdint>  // std::uint8_t

#include "liqmap/core/leverage_mix.h"
#include "liqmap/core/market_event.h"  // TimestampMs

namespace liqmap::core {

/// Where inside an interval the positions opened in it are assumed to have entered.
enum class EntryModel : std::uint8_t {
    TypicalPrice,  ///< all at (high + low + close) / 3 of the interval
    UniformRange,  ///< spread evenly over [low, high] of the interval
};

/// The estimator's assumptions. Every field is user-visible and documented in docs/estimator.md.
struct EstimatorConfig {
    LeverageMix leverageMix = LeverageMix::defaultMix();
    /// Positions opened longer ago than this expire from the map.
    TimestampMs lookbackMs = 30 * kDayMs;
    EntryModel entryModel = EntryModel::TypicalPrice;
    /// Number of equal slices of [low, high] for EntryModel::UniformRange.
    int uniformSlices = 5;
    /// Entry prices closer than this relative step share a cohort (1e-4 = 0.01 %).
    double entryBucketStep = 1e-4;
    /// Size of the position the maintenance tier is looked up for (quote currency).
    double typicalPositionNotional = 10'000;
    /// Open-interest changes are applied at most this often; faster updates are accumulated.
    TimestampMs minOpenInterestStepMs = kMinuteMs;
    /// Positions turn over even when open interest stands still: some close, others open as
    /// many. Every half-life, half of every cohort is closed and the same share of open interest
    /// is reopened at the prices of the moment. Zero turns this off.
    TimestampMs turnoverHalfLifeMs = 3 * kHourMs;
    /// The share of the first open-interest reading assumed to have been opened at the price of
    /// that moment (those positions are real but their entries are unknown). Zero leaves them
    /// out of the map, as docs/estimator.md describes.
    double initialOpenInterestShare = 1;
    /// Whether reported liquidations remove notional from nearby cohorts of the same side.
    bool consumeRealizedLiquidations = true;
    /// A reported liquidation removes up to this multiple of its notional: venues sample
    /// their feeds (Binance: one order per second), so a report stands for more than itself.
    double realizedScale = 1;
    /// How far (relative to the reported price) a reported liquidation may reach.
    double realizedWindow = 0.01;
    /// A price more than this factor away from the last accepted price is skipped as
    /// implausible, unless several in a row agree (a real regime change).
    double maxPriceJump = 4.0;

    /// Throws ConfigError naming the field for non-finite values, lookback ≤ 0, uniform slices
    /// outside [1, 64], entry bucket step outside (0, 0.01], typical notional ≤ 0, a negative
    /// open-interest step, a negative turnover half-life, an initial share outside [0, 1], realized
    /// window outside [0, 0.5], realized scale outside [0, 100] or a price-jump factor ≤ 1.
    void validate() const;
};

/// Parses "1d", "7d", "30d", "12h"; throws ConfigError("lookback", …) otherwise.
TimestampMs parseLookback(std::string_view text);

}  // namespace liqmap::core
