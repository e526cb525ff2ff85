#include "liqmap/gui/map_engine.h"

#include <algorithm>           // std::any_of
#include <atomic>              // std::atomic
#include <condition_variable>  // std::condition_variable
#include <deque>               // std::deque
#include <mutex>               // std::mutex, std::lock_guard, std::unique_lock
#include <optional>            // std::optional
#include <stdexcept>           // std::invalid_argument
#include <thread>              // std::thread
#include <utility>             // std::move, std::pair
#include <variant>             // std::get_if

#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/venue.h"

namespace liqmap::gui {

namespace {

constexpr const char* kDemoSymbol = "BTCUSDT";
// Realized liquidations marked on the axis: the last hour of exchange time, at most this many.
constexpr std::size_t kMaxRealizedMarks = 500;
constexpr core::TimestampMs kRealizedWindowMs = core::kHourMs;
constexpr core::TimestampMs kMinuteMs = 60'000;

std::chrono::steady_clock::rep steadyNow() {
    return std::chrono::steady_clock::now().time_since_epoch().count();
}

std::vector<std::pair<exchange::Venue, std::string>> venuesOf(const EngineOptions& options) {
    if (options.exchange == "demo") {
        return {{exchange::Venue::Binance, kDemoSymbol}};
    }
    if (options.symbol.empty()) {
        throw std::invalid_argument("no symbol for " + options.exchange);
    }
    auto venues = exchange::venueSymbols(options.exchange, options.symbol);
    if (!venues) {
        throw std::invalid_argument("unknown exchange '" + options.exchange + "'");
    }
    return std::move(*venues);
}

}  // namespace

core::TimestampMs heatmapIntervalMs(std::chrono::milliseconds span, std::size_t columns) {
    if (columns == 0) {
        throw std::invalid_argument("heatmap columns must be at least 1");
    }
    const auto count = static_cast<core::TimestampMs>(columns);
    const core::TimestampMs perColumn =
        (std::max<core::TimestampMs>(span.count(), 0) + count - 1) / count;
    const core::TimestampMs minutes = (perColumn + kMinuteMs - 1) / kMinuteMs;
    return std::max<core::TimestampMs>(minutes, 1) * kMinuteMs;
}

std::string displayName(const std::string& exchange) {
    if (exchange == "all") {
        return "All";
    }
    if (exchange == "demo") {
        return "Demo";
    }
    if (const auto venue = exchange::parseVenue(exchange)) {
        switch (*venue) {
            case exchange::Venue::Binance:
                return "Binance";
            case exchange::Venue::Bybit:
                return "Bybit";
            case exchange::Venue::Okx:
                return "OKX";
            case exchange::Venue::Hyperliquid:
                return "Hyperliquid";
        }
    }
    return exchange;
}

struct MapEngine::Impl {
    Impl(EngineOptions engineOptions, Sink snapshotSink)
        : options(std::move(engineOptions)),
          sink(std::move(snapshotSink)),
          venues(venuesOf(options)),
          estimators(options.estimator),
          heatmap(options.heatmapColumns) {}

    void run();
    void startFeeds();
    void stopFeeds();
    void publish(FeedState state, double progress, std::string message);
    std::vector<exchange::FeedStatus> statuses() const;
    /// The maps of every feed cut around the reference price, the hours of open-interest
    /// history the thinnest of them rests on and the lowest leverage cap among them; a null
    /// map before any feed has a price.
    struct BuiltMap {
        std::shared_ptr<const core::CombinedMap> map;
        double coverageHours = 0;
        double maxLeverage = 0;
    };
    BuiltMap buildMap() const;
    /// Applies a feed's events, in pieces that end where a heatmap column ends, so history
    /// that arrives as one batch still gives one column per interval. Network thread.
    void applyEvents(const std::string& name, const std::string& symbol,
                     std::span<const core::EventRecord> events);
    void addHeatmapColumn(core::TimestampMs columnStart);
    void noteEvents(std::span<const core::EventRecord> events);
    // Stopping: true when the engine was asked to stop while waiting `interval`.
    bool waitFor(std::chrono::milliseconds interval);

    EngineOptions options;
    Sink sink;
    std::vector<std::pair<exchange::Venue, std::string>> venues;
    exchange::EstimatorSet estimators;

    // The demo exchange outlives the feeds that talk to it (stopFeeds stops them first).
    std::unique_ptr<exchange::DemoExchange> demo;
    std::unique_ptr<exchange::NetworkThread> network;
    mutable std::mutex feedsMutex;  // guards `feeds` for status() from other threads
    std::vector<std::unique_ptr<exchange::LiveFeed>> feeds;

    std::atomic<bool> dirty{false};
    std::mutex estimatorErrorMutex;
    std::string estimatorError;  // why a feed's estimator could not be made
    // steady_clock ticks when the oldest event not yet in a snapshot arrived; 0 when none.
    std::atomic<std::chrono::steady_clock::rep> firstNewEventAt{0};

    core::TimestampMs heatmapInterval = kMinuteMs;
    std::optional<core::TimestampMs> columnStart;  // the column the newest event falls in
    std::mutex heatmapMutex;
    core::Heatmap heatmap;
    bool heatmapChanged = false;
    std::shared_ptr<const core::Heatmap> publishedHeatmap;
    std::mutex realizedMutex;
    std::deque<RealizedMark> realized;

    std::mutex stopMutex;
    std::condition_variable stopSignal;
    bool stopping = false;
    std::thread worker;
    std::uint64_t version = 0;
};

MapEngine::MapEngine(EngineOptions options, Sink sink)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(sink))) {}

MapEngine::~MapEngine() { stop(); }

void MapEngine::start() {
    if (!m_impl->worker.joinable()) {
        m_impl->worker = std::thread([impl = m_impl.get()] { impl->run(); });
    }
}

void MapEngine::stop() {
    {
        const std::lock_guard lock(m_impl->stopMutex);
        m_impl->stopping = true;
    }
    m_impl->stopSignal.notify_all();
    if (m_impl->worker.joinable()) {
        m_impl->worker.join();
    }
}

std::vector<exchange::FeedStatus> MapEngine::status() const { return m_impl->statuses(); }

std::vector<exchange::FeedStatus> MapEngine::Impl::statuses() const {
    const std::lock_guard lock(feedsMutex);
    std::vector<exchange::FeedStatus> all;
    for (const auto& feed : feeds) {
        all.push_back(feed->status());
    }
    return all;
}

bool MapEngine::Impl::waitFor(std::chrono::milliseconds interval) {
    std::unique_lock lock(stopMutex);
    return stopSignal.wait_for(lock, interval, [this] { return stopping; });
}

void MapEngine::Impl::noteEvents(std::span<const core::EventRecord> events) {
    bool any = false;
    for (const core::EventRecord& record : events) {
        if (const auto* liquidation = std::get_if<core::Liquidation>(&record.event)) {
            const std::lock_guard lock(realizedMutex);
            realized.push_back(
                {liquidation->ts, liquidation->side, liquidation->price, liquidation->notional});
            while (!realized.empty() &&
                   (realized.size() > kMaxRealizedMarks ||
                    realized.front().ts < liquidation->ts - kRealizedWindowMs)) {
                realized.pop_front();
            }
        }
        any = true;
    }
    if (any) {
        std::chrono::steady_clock::rep none = 0;
        firstNewEventAt.compare_exchange_strong(none, steadyNow());
        dirty = true;
    }
}

void MapEngine::Impl::applyEvents(const std::string& name, const std::string& symbol,
                                  std::span<const core::EventRecord> events) {
    std::size_t begin = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const core::TimestampMs ts = core::timestampOf(events[i].event);
        const core::TimestampMs start = ts - ts % heatmapInterval;
        if (!columnStart) {
            columnStart = start;
        } else if (start > *columnStart) {
            // The column ends here: its map is the state before this event.
            estimators.apply(name, symbol, events.subspan(begin, i - begin));
            begin = i;
            addHeatmapColumn(*columnStart);
            columnStart = start;
        }
    }
    estimators.apply(name, symbol, events.subspan(begin));
}

void MapEngine::Impl::addHeatmapColumn(core::TimestampMs start) {
    const std::shared_ptr<const core::CombinedMap> map = buildMap().map;
    if (!map) {
        return;
    }
    const std::lock_guard lock(heatmapMutex);
    heatmapChanged = heatmap.append(start, map->total()) || heatmapChanged;
}

void MapEngine::Impl::startFeeds() {
    const std::string label = options.exchange == "demo" ? "demo" : std::string();
    network = std::make_unique<exchange::NetworkThread>();
    std::vector<std::unique_ptr<exchange::LiveFeed>> made;
    for (const auto& entry : venues) {
        // Named copies, not structured bindings: the callbacks below capture them, which clang
        // 14 (the sanitizer presets' compiler) does not allow for bindings.
        const exchange::Venue venue = entry.first;
        const std::string symbol = entry.second;
        exchange::FeedOptions feed;
        feed.venue = venue;
        feed.symbol = symbol;
        feed.lookback = options.lookback;
        if (demo) {
            feed.lookback =
                std::min<std::chrono::milliseconds>(options.lookback, options.demo.history);
            feed.endpoints = demo->endpoints();
            feed.tls.extraCaPem = demo->certificatePem();
            // The market runs faster than the wall clock; its history ends at its own "now".
            feed.clock = [market = demo.get()] { return market->marketNow(); };
        } else {
            feed.endpoints = exchange::defaultEndpoints(venue);
        }
        if (options.adjustFeed) {
            options.adjustFeed(feed);
        }
        const std::string name = label.empty() ? std::string(exchange::toString(venue)) : label;
        exchange::LiveFeed::Callbacks callbacks;
        callbacks.onReady = [this, name, symbol](const core::Instrument& instrument) {
            try {
                estimators.ready(name, symbol, instrument);
            } catch (const std::exception& error) {
                // A mix the venue forbids (50x on a 40x market): the chart shows why, and the
                // feed's events are counted, not applied.
                const std::lock_guard lock(estimatorErrorMutex);
                estimatorError = displayName(options.exchange) + " " + symbol + ": " + error.what();
            }
            dirty = true;
        };
        callbacks.onEvents = [this, name, symbol](std::span<const core::EventRecord> events) {
            applyEvents(name, symbol, events);
            noteEvents(events);
        };
        made.push_back(std::make_unique<exchange::LiveFeed>(*network, feed, callbacks));
    }
    {
        const std::lock_guard lock(feedsMutex);
        feeds = std::move(made);
    }
    for (const auto& feed : feeds) {
        feed->start();
    }
}

void MapEngine::Impl::stopFeeds() {
    std::vector<std::unique_ptr<exchange::LiveFeed>> ending;
    {
        const std::lock_guard lock(feedsMutex);
        ending = std::move(feeds);
        feeds.clear();
    }
    for (const auto& feed : ending) {
        feed->stop();
    }
    ending.clear();
    network.reset();
    if (demo) {
        demo->stop();
        demo.reset();
    }
}

MapEngine::Impl::BuiltMap MapEngine::Impl::buildMap() const {
    std::vector<core::CombinedMap::Source> sources;
    core::TimestampMs coverageMs = 0;
    double maxLeverage = 0;
    estimators.read([&](const exchange::EstimatorSet& set) {
        const std::optional<double> price = set.referencePrice();
        if (!price) {
            return;
        }
        for (const exchange::EstimatorSet::Feed* feed : set.feeds()) {
            if (feed->estimator) {
                const core::TimestampMs covered = feed->estimator->openInterestCoverageMs();
                coverageMs = sources.empty() ? covered : std::min(coverageMs, covered);
                const double cap = feed->estimator->instrument().maxLeverage();
                maxLeverage = sources.empty() ? cap : std::min(maxLeverage, cap);
                sources.push_back(
                    {feed->exchange, feed->symbol,
                     core::LiquidationMap::build(feed->estimator->book(), *price, options.map)});
            }
        }
    });
    if (sources.empty()) {
        return {};
    }
    return {std::make_shared<const core::CombinedMap>(std::move(sources)),
            static_cast<double>(coverageMs) / static_cast<double>(core::kHourMs), maxLeverage};
}

void MapEngine::Impl::publish(FeedState state, double progress, std::string message) {
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = ++version;
    snapshot->exchange = displayName(options.exchange);
    snapshot->symbol = options.exchange == "demo" ? kDemoSymbol : options.symbol;
    snapshot->state = state;
    snapshot->progress = progress;
    snapshot->message = std::move(message);
    // Taken before the map is built: an event arriving meanwhile counts towards the next
    // snapshot, so the measured latency errs long, never short.
    if (const auto since = firstNewEventAt.exchange(0); since != 0) {
        snapshot->firstNewEventAt =
            std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(since));
    }
    BuiltMap built = buildMap();
    snapshot->map = std::move(built.map);
    snapshot->coverageHours = built.coverageHours;
    snapshot->maxLeverage = built.maxLeverage;
    if (snapshot->map && snapshot->coverageHours == 0 && snapshot->map->total().totalLong() == 0 &&
        snapshot->map->total().totalShort() == 0) {
        // A price but not one open-interest reading (a venue without OI history, a new listing):
        // an empty chart would look like "no leverage anywhere", so say what is missing.
        snapshot->map = nullptr;
        if (snapshot->state == FeedState::Live) {
            snapshot->message = "No open interest history for " + snapshot->symbol +
                                " yet: the map fills as live readings arrive";
        }
    }
    {
        const std::lock_guard lock(heatmapMutex);
        if (heatmapChanged) {
            publishedHeatmap = std::make_shared<const core::Heatmap>(heatmap);
            heatmapChanged = false;
        }
    }
    snapshot->heatmap = publishedHeatmap;
    {
        const std::lock_guard lock(realizedMutex);
        snapshot->realized.assign(realized.begin(), realized.end());
    }
    sink(std::move(snapshot));
}

void MapEngine::Impl::run() {
    const std::string name = displayName(options.exchange);
    publish(FeedState::Connecting, 0,
            options.exchange == "demo" ? "Starting the simulated exchange…"
                                       : "Connecting to " + name + "…");
    try {
        auto span = options.lookback;
        if (options.exchange == "demo") {
            span = std::min<std::chrono::milliseconds>(span, options.demo.history);
        }
        heatmapInterval = heatmapIntervalMs(span, options.heatmapColumns);
        if (options.exchange == "demo") {
            demo = std::make_unique<exchange::DemoExchange>(options.demo);
            demo->start();
        }
        startFeeds();
    } catch (const std::exception& error) {
        stopFeeds();
        publish(FeedState::Error, 0, error.what());
        waitFor(std::chrono::hours(24 * 365));  // nothing more to do until stopped
        return;
    }

    FeedState lastState = FeedState::Connecting;
    std::string lastMessage;
    while (!waitFor(options.publishInterval)) {
        // What the feeds say, reduced to one state for the chart.
        FeedState state = FeedState::Live;
        std::string message;
        for (const exchange::FeedStatus& feed : statuses()) {
            const bool failing = std::any_of(feed.connections.begin(), feed.connections.end(),
                                             [](const exchange::ConnectionStatus& c) {
                                                 return c.state == exchange::ConnectionState::Error;
                                             });
            if (failing || (feed.requestsFailed > 0 && feed.phase != exchange::FeedPhase::Live)) {
                state = FeedState::Error;
                message = feed.lastRestError;
                for (const auto& connection : feed.connections) {
                    if (!connection.error.empty()) {
                        message = connection.error;
                    }
                }
            } else if (state != FeedState::Error && feed.phase != exchange::FeedPhase::Live) {
                state = FeedState::LoadingHistory;
                message = "Loading history from " + name + "…";
            } else if (state == FeedState::Live &&
                       std::any_of(feed.connections.begin(), feed.connections.end(),
                                   [](const exchange::ConnectionStatus& c) {
                                       return c.state == exchange::ConnectionState::Stale ||
                                              c.state == exchange::ConnectionState::Reconnecting;
                                   })) {
                state = FeedState::Stale;
                message = name + " went quiet; reconnecting…";
            }
        }
        {
            const std::lock_guard lock(estimatorErrorMutex);
            if (!estimatorError.empty()) {
                state = FeedState::Error;
                message = estimatorError;
            }
        }
        const bool changed = dirty.exchange(false);
        if (changed || state != lastState || message != lastMessage) {
            publish(state, 0, message);
            lastState = state;
            lastMessage = message;
        }
    }
    stopFeeds();
}

}  // namespace liqmap::gui
