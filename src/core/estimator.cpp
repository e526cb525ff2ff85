#include "liqmap/core/estimator.h"

#include <algorithm>  // std::max, std::min
#include <array>      // std::array
#include <cmath>      // std::exp2
#include <string>     // std::string
#include <utility>    // std::move

#include "liqmap/core/config_error.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

std::string tierField(std::size_t index) {
    std::string field = "leverage.tiers[";
    appendInteger(field, static_cast<std::int64_t>(index));
    field += ']';
    return field;
}

// Reduces each leverage tier to the two factors the cohort book needs, checking the mix against
// the instrument on the way: one maintenance tier applies, the one for a typical position.
std::vector<CohortTier> cohortTiersFor(const Instrument& instrument,
                                       const EstimatorConfig& config) {
    const MaintenanceTier& maintenance = instrument.tierFor(config.typicalPositionNotional);
    const auto& mix = config.leverageMix.tiers();
    std::vector<CohortTier> tiers;
    tiers.reserve(mix.size());
    for (std::size_t i = 0; i < mix.size(); ++i) {
        const double leverage = mix[i].leverage;
        if (leverage > instrument.maxLeverage()) {
            throw ConfigError(tierField(i), formatNumber(leverage) + "x is above " +
                                                instrument.symbol() + "'s maximum leverage " +
                                                formatNumber(instrument.maxLeverage()) + "x");
        }
        if (leverage > maintenance.maxLeverage) {
            throw ConfigError(tierField(i),
                              formatNumber(leverage) + "x is above the " +
                                  formatNumber(maintenance.maxLeverage) + "x allowed for a " +
                                  formatNumber(config.typicalPositionNotional) + " position");
        }
        // At entry 1 a position of the typical notional holds `typicalPositionNotional` coins,
        // so the maintenance amount enters as A / N and every formula becomes factor · entry.
        PositionTerms terms;
        terms.entry = 1;
        terms.leverage = leverage;
        terms.mmr = maintenance.mmr;
        terms.maintenanceAmount = maintenance.maintenanceAmount;
        terms.qty = config.typicalPositionNotional;
        terms.closeFeeRate = instrument.closeFeeRate();
        validatePositionTerms(instrument.formula(), terms);
        terms.side = Side::Long;
        const double longFactor = liquidationPrice(instrument.formula(), terms);
        terms.side = Side::Short;
        const double shortFactor = liquidationPrice(instrument.formula(), terms);
        if (!(longFactor > 0)) {
            throw ConfigError("instrument.tiers", "the maintenance amount puts the " +
                                                      formatNumber(leverage) +
                                                      "x long liquidation price at or below 0");
        }
        tiers.push_back({leverage, longFactor, shortFactor});
    }
    return tiers;
}

EstimatorConfig validated(EstimatorConfig config) {
    config.validate();
    return config;
}

}  // namespace

Estimator::Estimator(Instrument instrument, EstimatorConfig config)
    : m_instrument(std::move(instrument)),
      m_config(validated(std::move(config))),
      m_book(cohortTiersFor(m_instrument, m_config), m_config.entryBucketStep),
      m_priceGuard(m_config.maxPriceJump) {}

void Estimator::IntervalPrices::add(double lowPrice, double highPrice, double lastPrice) {
    if (empty()) {
        low = lowPrice;
        high = highPrice;
    } else {
        low = std::min(low, lowPrice);
        high = std::max(high, highPrice);
    }
    last = lastPrice;
}

std::optional<SkipReason> Estimator::apply(const MarketEvent& event) {
    const std::optional<SkipReason> skipped = std::visit(
        [this](const auto& e) -> std::optional<SkipReason> {
            if (const EventParseStatus status = validateEvent(e); !status.ok) {
                return status.reason;
            }
            return applyEvent(e);
        },
        event);
    if (skipped) {
        m_skipped.add(*skipped);
    } else {
        ++m_totals.eventsApplied;
    }
    return skipped;
}

void Estimator::advanceClock(TimestampMs ts) {
    if (ts <= m_latestTs) {
        return;
    }
    m_latestTs = ts;
    const SideAmounts expired = m_book.expireBefore(ts - m_config.lookbackMs);
    m_totals.expired += expired.longs + expired.shorts;
}

std::optional<SkipReason> Estimator::applyEvent(const Trade& trade) {
    return applyPrice(trade.ts, trade.price);
}

std::optional<SkipReason> Estimator::applyEvent(const MarkPrice& mark) {
    // Exchanges liquidate on the mark price, so a mark sweeps like a traded price.
    return applyPrice(mark.ts, mark.price);
}

std::optional<SkipReason> Estimator::applyPrice(TimestampMs ts, double price) {
    if (!m_priceGuard.accept(price)) {
        return SkipReason::ImplausiblePriceJump;
    }
    advanceClock(ts);
    observePrices(price, price, price);
    return std::nullopt;
}

std::optional<SkipReason> Estimator::applyEvent(const Candle& candle) {
    if (!m_priceGuard.acceptRange(candle.low, candle.high, candle.close)) {
        return SkipReason::ImplausiblePriceJump;
    }
    advanceClock(candle.ts);
    observePrices(candle.low, candle.high, candle.close);
    return std::nullopt;
}

void Estimator::observePrices(double low, double high, double last) {
    m_interval.add(low, high, last);
    sweep(low, high);
    m_currentPrice = last;
    if (m_pendingInitialOi > 0) {
        const double initial = m_pendingInitialOi;
        m_pendingInitialOi = 0;
        openPositions(m_latestTs, initial);
    }
}

void Estimator::sweep(double low, double high) {
    m_totals.estimatedLongLiquidations += m_book.sweepLongs(low);
    m_totals.estimatedShortLiquidations += m_book.sweepShorts(high);
}

std::optional<SkipReason> Estimator::applyEvent(const OpenInterest& oi) {
    if (!m_referenceOi) {
        // The first reading is only a baseline: positions opened before it have unknown entry
        // prices and stay out of the map (docs/estimator.md, "Known biases").
        advanceClock(oi.ts);
        m_referenceOi = oi.qty;
        m_referenceOiTs = oi.ts;
        m_firstOiTs = oi.ts;
        // Optionally, a share of them is placed at the price of the moment (or the first price
        // that follows), as the best guess there is.
        const double initial = oi.qty * m_config.initialOpenInterestShare;
        m_interval = {};
        if (initial > 0 && m_currentPrice) {
            openPositions(oi.ts, initial);
        } else {
            m_pendingInitialOi = initial;
        }
        m_interval = {};
        return std::nullopt;
    }
    if (oi.ts < m_referenceOiTs) {
        return SkipReason::OutOfOrder;
    }
    advanceClock(oi.ts);
    if (oi.ts - m_referenceOiTs < m_config.minOpenInterestStepMs) {
        return std::nullopt;  // too soon: the next step measures the change from the reference
    }
    const double previous = *m_referenceOi;
    const double change = oi.qty - previous;
    const TimestampMs elapsed = oi.ts - m_referenceOiTs;
    m_referenceOi = oi.qty;
    m_referenceOiTs = oi.ts;
    if (change < 0) {
        // A fall in open interest closes that share of all positions — including the ones
        // opened before the first reading, which the book does not hold. Charging the whole
        // fall to the book instead would drain it (docs/estimator.md, "Closing").
        const SideAmounts closed = m_book.closeFraction(-change / previous);
        m_totals.closed += closed.longs + closed.shorts;
    }
    // Turnover: positions close and others open in their place even when open interest stands
    // still; what turned over is reopened at this interval's prices.
    const double reopened = turnOver(elapsed) * std::min(previous, oi.qty);
    const double opening = std::max(change, 0.0) + reopened;
    std::optional<SkipReason> outcome;
    if (opening > 0) {
        if (m_interval.empty() && !m_currentPrice) {
            outcome = SkipReason::NoPriceForOpening;
        } else {
            openPositions(oi.ts, opening);
        }
    }
    m_interval = {};
    return outcome;
}

double Estimator::turnOver(TimestampMs elapsedMs) {
    if (m_config.turnoverHalfLifeMs <= 0 || elapsedMs <= 0) {
        return 0;
    }
    const double share = 1 - std::exp2(-static_cast<double>(elapsedMs) /
                                       static_cast<double>(m_config.turnoverHalfLifeMs));
    const SideAmounts closed = m_book.closeFraction(share);
    m_totals.turnedOver += closed.longs + closed.shorts;
    return share;
}

void Estimator::openPositions(TimestampMs ts, double oiIncrease) {
    IntervalPrices prices = m_interval;
    if (prices.empty()) {
        prices.add(*m_currentPrice, *m_currentPrice, *m_currentPrice);
    }
    const auto& mix = m_config.leverageMix.tiers();
    std::array<double, LeverageMix::kMaxTiers> notional{};
    auto openAt = [&](double entry, double qty) {
        double sum = 0;
        for (std::size_t t = 0; t < mix.size(); ++t) {
            notional[t] = qty * entry * mix[t].weight;
            sum += notional[t];
        }
        m_book.open(ts, entry, std::span<const double>(notional.data(), mix.size()));
        m_totals.opened += 2 * sum;
    };
    if (m_config.entryModel == EntryModel::TypicalPrice) {
        openAt((prices.high + prices.low + prices.last) / 3, oiIncrease);
    } else {
        const int slices = m_config.uniformSlices;
        const double width = (prices.high - prices.low) / slices;
        for (int i = 0; i < slices; ++i) {
            openAt(prices.low + (i + 0.5) * width, oiIncrease / slices);
        }
    }
    // A cohort whose liquidation price the market already stands beyond cannot be open: price
    // it out now rather than leave it on the wrong side of the current price.
    sweep(*m_currentPrice, *m_currentPrice);
}

std::optional<SkipReason> Estimator::applyEvent(const Liquidation& liquidation) {
    if (!m_priceGuard.isPlausible(liquidation.price)) {
        return SkipReason::ImplausiblePriceJump;
    }
    advanceClock(liquidation.ts);
    const bool isLong = liquidation.side == Side::Long;
    (isLong ? m_totals.realizedLong : m_totals.realizedShort) += liquidation.notional;
    if (m_config.consumeRealizedLiquidations) {
        m_totals.consumedByRealized += m_book.consumeNear(
            liquidation.side, liquidation.price, liquidation.notional * m_config.realizedScale,
            m_config.realizedWindow);
    }
    return std::nullopt;
}

TimestampMs Estimator::openInterestCoverageMs() const {
    if (!m_firstOiTs) {
        return 0;
    }
    return std::min(m_latestTs - *m_firstOiTs, m_config.lookbackMs);
}

}  // namespace liqmap::core
