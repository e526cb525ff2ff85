#include "liqmap/exchange/estimator_set.h"

#include <algorithm>  // std::sort
#include <utility>    // std::move, std::pair

#include "liqmap/exchange/venue.h"

namespace liqmap::exchange {

std::unique_ptr<core::Estimator> makeEstimator(const EstimatorSettings& settings,
                                               core::Instrument instrument) {
    if (settings.mmr) {
        instrument = instrument.withFlatMaintenance(*settings.mmr);
    }
    core::EstimatorConfig config;
    config.lookbackMs = settings.lookbackMs;
    config.turnoverHalfLifeMs = settings.turnoverHalfLifeMs;
    config.initialOpenInterestShare = settings.initialOpenInterestShare;
    config.leverageMix = settings.leverageMix
                             ? *settings.leverageMix
                             : core::LeverageMix::defaultMix().cappedAt(instrument.maxLeverage());
    return std::make_unique<core::Estimator>(std::move(instrument), std::move(config));
}

EstimatorSet::Feed& EstimatorSet::feedFor(std::string_view exchange, std::string_view symbol) {
    for (Feed& feed : m_feeds) {
        if (feed.exchange == exchange && feed.symbol == symbol) {
            return feed;
        }
    }
    m_feeds.push_back({std::string(exchange), std::string(symbol), nullptr, 0});
    return m_feeds.back();
}

void EstimatorSet::ready(std::string_view exchange, std::string_view symbol,
                         const core::Instrument& instrument) {
    const std::lock_guard lock(m_mutex);
    Feed& feed = feedFor(exchange, symbol);
    if (!feed.estimator) {
        feed.estimator = makeEstimator(m_settings, instrument);
    }
}

void EstimatorSet::apply(std::string_view exchange, std::string_view symbol,
                         std::span<const core::EventRecord> events) {
    const std::lock_guard lock(m_mutex);
    Feed& feed = feedFor(exchange, symbol);
    if (!feed.estimator) {
        feed.eventsBeforeReady += events.size();
        return;
    }
    for (const core::EventRecord& record : events) {
        feed.estimator->apply(record.event);
    }
}

std::vector<const EstimatorSet::Feed*> EstimatorSet::feeds() const {
    const auto rank = [](const Feed& feed) {
        const auto venue = parseVenue(feed.exchange);
        return venue ? static_cast<int>(*venue) : static_cast<int>(kAllVenues.size());
    };
    std::vector<const Feed*> ordered;
    for (const Feed& feed : m_feeds) {
        ordered.push_back(&feed);
    }
    std::sort(ordered.begin(), ordered.end(), [&](const Feed* a, const Feed* b) {
        return std::pair(rank(*a), a->symbol) < std::pair(rank(*b), b->symbol);
    });
    return ordered;
}

std::optional<double> EstimatorSet::referencePrice() const {
    for (const Feed* feed : feeds()) {
        if (feed->estimator && feed->estimator->currentPrice()) {
            return feed->estimator->currentPrice();
        }
    }
    return std::nullopt;
}

void EstimatorSet::read(const std::function<void(const EstimatorSet& set)>& reader) const {
    const std::lock_guard lock(m_mutex);
    reader(*this);
}

}  // namespace liqmap::exchange
