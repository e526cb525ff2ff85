#pragma once

#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional

#include "liqmap/core/cohort_book.h"
#include "liqmap/core/estimator_config.h"
#include "liqmap/core/instrument.h"
#include "liqmap/core/market_event.h"
#include "liqmap/core/price_guard.h"
#include "liqmap/core/skip_counts.h"

namespace liqmap::core {

/// Running totals of what the model did, in quote currency.
struct EstimatorTotals {
    double opened = 0;      ///< notional opened on each side
    double closed = 0;      ///< removed from each side by open-interest decreases
    double turnedOver = 0;  ///< closed by turnover (and reopened at current prices), both sides
    double expired = 0;     ///< dropped by the lookback, both sides
    double estimatedLongLiquidations = 0;   ///< long cohorts swept by price
    double estimatedShortLiquidations = 0;  ///< short cohorts swept by price
    double realizedLong = 0;  ///< reported long liquidations (as sampled by the venue)
    double realizedShort = 0;
    double consumedByRealized = 0;  ///< cohort notional those reports removed
    std::uint64_t eventsApplied = 0;
};

/// Turns a stream of normalized market events into an estimate of open leveraged positions
/// (ARCHITECTURE.md "Estimator model", explained for users in docs/estimator.md):
/// open-interest growth opens cohorts on both sides at the interval's prices, split over the
/// leverage mix; open-interest decline closes the same share of every cohort; prices reaching a
/// cohort's liquidation price liquidate it; reported liquidations consume nearby cohorts; the
/// lookback expires old ones. Not thread-safe: one owner applies events and reads results.
class Estimator {
public:
    /// Throws ConfigError naming the field when the configuration is invalid, a leverage is
    /// above the instrument's maximum ("leverage.tiers[i]"), or a tier's maintenance rate (plus
    /// close fee) is not below 1 / leverage ("mmr").
    Estimator(Instrument instrument, EstimatorConfig config);

    /// Applies one event, or skips it and says why (also counted in skipped()).
    std::optional<SkipReason> apply(const MarketEvent& event);

    const Instrument& instrument() const { return m_instrument; }
    const EstimatorConfig& config() const { return m_config; }
    const CohortBook& book() const { return m_book; }
    const EstimatorTotals& totals() const { return m_totals; }
    const SkipCounts& skipped() const { return m_skipped; }
    /// The latest accepted price of any kind (trade, mark, candle close); nullopt before one.
    std::optional<double> currentPrice() const { return m_currentPrice; }
    /// Exchange time of the newest event applied.
    TimestampMs latestTimestamp() const { return m_latestTs; }
    /// Milliseconds of open-interest history the cohorts rest on (capped at the lookback).
    TimestampMs openInterestCoverageMs() const;

private:
    /// High, low and last price seen since the last applied open-interest step.
    struct IntervalPrices {
        double high = 0;
        double low = 0;
        double last = 0;
        bool empty() const { return last == 0; }
        void add(double lowPrice, double highPrice, double lastPrice);
    };

    std::optional<SkipReason> applyEvent(const Trade& trade);
    std::optional<SkipReason> applyEvent(const MarkPrice& mark);
    std::optional<SkipReason> applyEvent(const Candle& candle);
    std::optional<SkipReason> applyEvent(const OpenInterest& oi);
    std::optional<SkipReason> applyEvent(const Liquidation& liquidation);
    std::optional<SkipReason> applyPrice(TimestampMs ts, double price);

    void advanceClock(TimestampMs ts);
    void observePrices(double low, double high, double last);
    void sweep(double low, double high);
    void openPositions(TimestampMs ts, double oiIncrease);
    /// Closes the share of every cohort that turned over in `elapsedMs`; returns that share.
    double turnOver(TimestampMs elapsedMs);

    Instrument m_instrument;
    EstimatorConfig m_config;
    CohortBook m_book;
    PriceGuard m_priceGuard;
    EstimatorTotals m_totals;
    SkipCounts m_skipped;
    std::optional<double> m_currentPrice;
    IntervalPrices m_interval;
    std::optional<double> m_referenceOi;  // open interest at the last applied step
    TimestampMs m_referenceOiTs = 0;
    std::optional<TimestampMs> m_firstOiTs;
    // The initial share of open interest still waiting for a price to be opened at.
    double m_pendingInitialOi = 0;
    TimestampMs m_latestTs = 0;
};

}  // namespace liqmap::core
