#pragma once

#include <functional>   // std::function
#include <memory>       // std::unique_ptr
#include <mutex>        // std::mutex
#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/estimator.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/leverage_mix.h"
#include "liqmap/core/liquidation_map.h"

namespace liqmap::exchange {

/// How the user wants estimators made (liqmap-cli: --leverage, --mmr, --lookback, --turnover,
/// --initial-share; the desktop app: its settings).
struct EstimatorSettings {
    std::optional<core::LeverageMix> leverageMix;
    std::optional<double> mmr;
    core::TimestampMs lookbackMs = core::EstimatorConfig{}.lookbackMs;
    core::TimestampMs turnoverHalfLifeMs = core::EstimatorConfig{}.turnoverHalfLifeMs;
    double initialOpenInterestShare = core::EstimatorConfig{}.initialOpenInterestShare;
};

/// The estimator for `instrument` under `settings`: the default leverage mix is fitted to the
/// venue's cap; a mix the user typed is taken as given (and rejected if the venue forbids it).
std::unique_ptr<core::Estimator> makeEstimator(const EstimatorSettings& settings,
                                               core::Instrument instrument);

/// One estimator per feed (exchange + symbol), fed from the network thread (live) or the
/// replay, read by the main thread during the run (read()) or when it is over. Thread-safe.
class EstimatorSet {
public:
    explicit EstimatorSet(EstimatorSettings settings) : m_settings(std::move(settings)) {}

    /// The feed's instrument is known: make its estimator (once).
    void ready(std::string_view exchange, std::string_view symbol,
               const core::Instrument& instrument);
    /// Applies events; events of a feed that is not ready are counted, not applied.
    void apply(std::string_view exchange, std::string_view symbol,
               std::span<const core::EventRecord> events);

    struct Feed {
        std::string exchange;
        std::string symbol;
        std::unique_ptr<core::Estimator> estimator;
        std::uint64_t eventsBeforeReady = 0;
    };
    /// Only once nothing feeds the set any more. In a fixed order — Binance, Bybit, OKX,
    /// Hyperliquid, then anything else, each by symbol — so sums and the reference price do not
    /// depend on which feed happened to load first.
    std::vector<const Feed*> feeds() const;

    /// The price every map is cut around: the first feed's with a price, in feeds() order;
    /// nullopt when none has one.
    std::optional<double> referencePrice() const;

    /// Calls `reader` with the set while no feed can change it, so feeds() and
    /// referencePrice() may be read while the network thread still feeds the set (the live
    /// text map). `reader` must not call ready() or apply().
    void read(const std::function<void(const EstimatorSet& set)>& reader) const;

private:
    Feed& feedFor(std::string_view exchange, std::string_view symbol);

    EstimatorSettings m_settings;
    mutable std::mutex m_mutex;
    std::vector<Feed> m_feeds;
};

}  // namespace liqmap::exchange
