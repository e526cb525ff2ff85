// liqmap-cli map: the liquidation map from a file of normalized events (--events), from a
// recording (--replay), or from live exchanges (--exchange X --symbol S; "all" for every venue).

#include <array>     // std::array
#include <chrono>    // std::chrono::milliseconds
#include <cstdio>    // std::fwrite, std::fprintf
#include <memory>    // std::unique_ptr
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "arguments.h"
#include "commands.h"
#include "estimator_set.h"
#include "liqmap/core/combined_map.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"
#include "liqmap/core/estimator.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/line_reader.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/map_format.h"
#include "liqmap/exchange/recording_replay.h"
#include "live_run.h"
#include "text_file.h"

namespace liqmap::cli {

namespace {

enum class OutputFormat { Csv, Json, Table };

OutputFormat parseFormat(std::string_view text) {
    if (text == "csv") {
        return OutputFormat::Csv;
    }
    if (text == "json") {
        return OutputFormat::Json;
    }
    if (text == "table") {
        return OutputFormat::Table;
    }
    throw UsageError("--format: expected csv, json or table, got '" + std::string(text) + "'");
}

enum class Source { Events, Replay, Live };

// Everything the user asked for, checked before any file is read or connection made.
struct MapRequest {
    Source source = Source::Events;
    std::string path;  // --events or --replay
    std::optional<std::string> exchange;
    std::optional<std::string> symbol;
    core::MapOptions mapOptions;
    EstimatorSettings estimator;
    OutputFormat format = OutputFormat::Csv;
    // Live only.
    std::optional<FeedSelection> feeds;
    double seconds = 10;
    std::optional<std::string> recordPath;
};

MapRequest parseRequest(std::span<const std::string_view> args) {
    const Arguments arguments(
        args, {"events", "replay", "exchange", "symbol", "bins", "range", "leverage", "mmr",
               "lookback", "format", "seconds", "record", "rest-url", "ws-url", "ca-file"});
    MapRequest request;
    if (arguments.has("events") && arguments.has("replay")) {
        throw UsageError("give --events or --replay, not both");
    }
    if (const auto events = arguments.text("events")) {
        request.source = Source::Events;
        request.path = std::string(*events);
    } else if (const auto replay = arguments.text("replay")) {
        request.source = Source::Replay;
        request.path = std::string(*replay);
    } else if (arguments.has("exchange") && arguments.has("symbol")) {
        request.source = Source::Live;
    } else {
        throw UsageError("give --events FILE, --replay FILE, or --exchange X --symbol S");
    }
    const bool live = request.source == Source::Live;
    for (const std::string_view liveOnly : {"seconds", "record", "rest-url", "ws-url", "ca-file"}) {
        if (!live && arguments.has(liveOnly)) {
            throw UsageError("--" + std::string(liveOnly) +
                             " is for live maps (--exchange X --symbol S)");
        }
    }
    if (const auto exchange = arguments.text("exchange")) {
        if (request.source == Source::Events) {
            core::defaultInstrument(*exchange, "check");  // rejects an unknown venue now
        }
        request.exchange = std::string(*exchange);
    }
    if (const auto symbol = arguments.text("symbol")) {
        request.symbol = std::string(*symbol);
    }
    request.mapOptions.bins = arguments.wholeNumber("bins").value_or(request.mapOptions.bins);
    if (const auto percent = arguments.number("range")) {
        request.mapOptions.range = *percent / 100;
    }
    request.mapOptions.validate();
    if (const auto spec = arguments.text("leverage")) {
        request.estimator.leverageMix = core::LeverageMix::parse(*spec);
    }
    request.estimator.mmr = arguments.number("mmr");
    if (request.estimator.mmr) {
        // The same check makeEstimator meets later, made before any input is read.
        core::defaultInstrument("binance", "check").withFlatMaintenance(*request.estimator.mmr);
    }
    if (const auto lookback = arguments.text("lookback")) {
        request.estimator.lookbackMs = core::parseLookback(*lookback);
    }
    if (const auto format = arguments.text("format")) {
        request.format = parseFormat(*format);
    }
    if (live) {
        request.feeds =
            selectFeeds(arguments, std::chrono::milliseconds(request.estimator.lookbackMs));
        if (const auto seconds = arguments.number("seconds")) {
            if (!(*seconds >= 0 && *seconds <= 7 * 24 * 3600)) {
                throw UsageError("--seconds: expected 0 to 604800");
            }
            request.seconds = *seconds;
        }
        if (const auto record = arguments.text("record")) {
            request.recordPath = std::string(*record);
        }
    }
    return request;
}

// Skips counted per reason, with the first line each reason was seen on.
// Skips counted per reason, with the first line each reason was seen on.
class SkipReport {
public:
    void add(core::SkipReason reason, std::size_t line, std::string_view field) {
        const auto index = static_cast<std::size_t>(reason);
        if (m_counts.count(reason) == 0) {
            m_firstLine[index] = line;
            m_firstField[index] = std::string(field);
        }
        m_counts.add(reason);
    }

    // "skipped 3 of 120 lines: 2 malformed_json (first at line 5), 1 wrong_type (line 9: price)"
    std::string summary(std::size_t lines) const {
        std::string text = "skipped " + std::to_string(m_counts.total()) + " of " +
                           std::to_string(lines) + " lines:";
        bool firstReason = true;
        for (std::size_t i = 0; i < core::kSkipReasonCount; ++i) {
            const auto reason = static_cast<core::SkipReason>(i);
            if (m_counts.count(reason) == 0) {
                continue;
            }
            text += firstReason ? " " : ", ";
            firstReason = false;
            text += std::to_string(m_counts.count(reason)) + " " +
                    std::string(core::toString(reason)) + " (first at line " +
                    std::to_string(m_firstLine[i]);
            if (!m_firstField[i].empty()) {
                text += ": " + m_firstField[i];
            }
            text += ')';
        }
        return text;
    }

    std::uint64_t total() const { return m_counts.total(); }

private:
    core::SkipCounts m_counts;
    std::array<std::size_t, core::kSkipReasonCount> m_firstLine{};
    std::array<std::string, core::kSkipReasonCount> m_firstField{};
};

void printMap(const core::LiquidationMap& map, const MapRequest& request, std::string_view exchange,
              std::string_view symbol) {
    const core::MapCaption caption{exchange, symbol};
    std::string output;
    switch (request.format) {
        case OutputFormat::Csv:
            output = core::formatMapCsv(map);
            break;
        case OutputFormat::Json:
            output = core::formatMapJson(map, caption);
            break;
        case OutputFormat::Table:
            output = core::formatMapTable(map, caption);
            break;
    }
    std::fwrite(output.data(), 1, output.size(), stdout);
}

int mapFromEvents(const MapRequest& request) {
    const std::string content = readTextFile(request.path);

    std::unique_ptr<core::Estimator> estimator;
    std::string exchange = request.exchange.value_or("");
    std::string symbol = request.symbol.value_or("");
    SkipReport skips;
    core::EventRecord record;
    core::LineReader reader(content);
    // A last line without newline (a truncated file) still counts.
    for (std::string_view line; reader.next(line);) {
        const std::size_t lineNumber = reader.number();
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            continue;  // blank lines are layout, not data
        }
        const core::EventParseStatus status = core::parseEventLine(line, record);
        if (!status.ok) {
            skips.add(status.reason, lineNumber, status.field);
            continue;
        }
        // The first usable event fixes the instrument unless --exchange / --symbol did.
        if (exchange.empty()) {
            exchange = record.exchange;
        }
        if (symbol.empty()) {
            symbol = record.symbol;
        }
        if (record.exchange != exchange || record.symbol != symbol) {
            skips.add(core::SkipReason::OtherInstrument, lineNumber,
                      record.exchange + ":" + record.symbol);
            continue;
        }
        if (!estimator) {
            estimator = makeEstimator(request.estimator,
                                      core::defaultInstrument(record.exchange, record.symbol));
        }
        if (const auto reason = estimator->apply(record.event)) {
            skips.add(*reason, lineNumber, "");
        }
    }

    if (skips.total() > 0) {
        std::fprintf(stderr, "liqmap-cli map: %s\n", skips.summary(reader.number()).c_str());
    }
    if (!estimator || !estimator->currentPrice()) {
        std::fprintf(stderr, "liqmap-cli map: no usable price in %s, so there is no map\n",
                     request.path.c_str());
        return 1;
    }
    printMap(core::LiquidationMap::build(estimator->book(), *estimator->currentPrice(),
                                         request.mapOptions),
             request, exchange, symbol);
    return 0;
}

// Several feeds (the "all" source) are cut around one price and added bin by bin; the JSON keeps
// each venue's own bins.
int printEstimatedMap(const EstimatorSet& estimators, const MapRequest& request,
                      std::string_view exchange, std::string_view symbol) {
    std::vector<core::CombinedMap::Source> sources;
    const std::optional<double> price = estimators.referencePrice();
    for (const EstimatorSet::Feed* entry : estimators.feeds()) {
        const EstimatorSet::Feed& feed = *entry;
        if (feed.estimator == nullptr) {
            std::fprintf(stderr, "liqmap-cli map: %s %s never finished loading its history\n",
                         feed.exchange.c_str(), feed.symbol.c_str());
            continue;
        }
        const core::SkipCounts& skipped = feed.estimator->skipped();
        if (skipped.total() > 0) {
            std::fprintf(stderr, "liqmap-cli map: %s %s: the estimator skipped %s\n",
                         feed.exchange.c_str(), feed.symbol.c_str(), skipped.summary().c_str());
        }
        if (!price || !feed.estimator->currentPrice()) {
            std::fprintf(stderr, "liqmap-cli map: %s %s: no price received\n",
                         feed.exchange.c_str(), feed.symbol.c_str());
            continue;
        }
        sources.push_back(
            {feed.exchange, feed.symbol,
             core::LiquidationMap::build(feed.estimator->book(), *price, request.mapOptions)});
    }
    if (sources.empty()) {
        std::fprintf(stderr, "liqmap-cli map: no usable price, so there is no map\n");
        return 1;
    }
    if (sources.size() == 1) {
        printMap(sources.front().map, request, exchange, symbol);
        return 0;
    }
    const core::CombinedMap combined(std::move(sources));
    if (request.format == OutputFormat::Json) {
        const std::string output =
            core::formatCombinedMapJson(combined, core::MapCaption{exchange, symbol});
        std::fwrite(output.data(), 1, output.size(), stdout);
        return 0;
    }
    printMap(combined.total(), request, exchange, symbol);
    return 0;
}

int mapFromReplay(const MapRequest& request) {
    const std::string content = readTextFile(request.path);
    EstimatorSet estimators(request.estimator);
    const auto wanted = [&](exchange::Venue venue, const std::string& symbol) {
        const std::string name(exchange::toString(venue));
        const bool all = !request.exchange || *request.exchange == "all";
        if (!all && *request.exchange != name) {
            return false;
        }
        return !request.symbol || *request.symbol == symbol ||
               (all && exchange::perpetualSymbol(venue, *request.symbol) == symbol);
    };
    exchange::RecordingReplay replay(
        {[&](exchange::Venue venue, const std::string& symbol, const core::Instrument& instrument) {
             if (wanted(venue, symbol)) {
                 estimators.ready(exchange::toString(venue), symbol, instrument);
             }
         },
         [&](exchange::Venue venue, const std::string& symbol,
             std::span<const core::EventRecord> events) {
             if (wanted(venue, symbol)) {
                 estimators.apply(exchange::toString(venue), symbol, events);
             }
         }});
    const exchange::ReplaySummary summary = replay.replay(content);
    if (summary.badLines > 0) {
        std::fprintf(stderr,
                     "liqmap-cli map: %zu of %zu lines of %s are not recording lines (first at "
                     "line %zu: %s)\n",
                     summary.badLines, summary.lines, request.path.c_str(), summary.firstBadLine,
                     summary.firstBadLineError.c_str());
    }
    if (summary.truncatedLastLine) {
        std::fprintf(stderr,
                     "liqmap-cli map: the last line of %s is cut short (the recorder stopped "
                     "mid-line); ignored\n",
                     request.path.c_str());
    }
    for (const exchange::FeedPipeline* pipeline : replay.pipelines()) {
        if (pipeline->adapter().skipped().total() > 0) {
            std::fprintf(stderr, "liqmap-cli map: %s %s: skipped %s\n",
                         std::string(exchange::toString(pipeline->adapter().venue())).c_str(),
                         pipeline->symbol().c_str(),
                         pipeline->adapter().skipped().summary().c_str());
        }
    }
    if (estimators.feeds().empty()) {
        std::fprintf(stderr, "liqmap-cli map: %s holds no feed%s whose history completed\n",
                     request.path.c_str(), request.exchange ? " of that exchange and symbol" : "");
        return 1;
    }
    const EstimatorSet::Feed& first = *estimators.feeds().front();
    if (estimators.feeds().size() == 1) {
        return printEstimatedMap(estimators, request, first.exchange, first.symbol);
    }
    // Several venues: the caption names the base asset, as a live "all" map does.
    std::string base = request.symbol.value_or(first.symbol);
    for (const exchange::FeedPipeline* pipeline : replay.pipelines()) {
        const exchange::InstrumentInfo* info = pipeline->adapter().registry().find(first.symbol);
        if (!request.symbol && toString(pipeline->adapter().venue()) == first.exchange &&
            info != nullptr && !info->baseAsset.empty()) {
            base = info->baseAsset;
        }
    }
    return printEstimatedMap(estimators, request, "all", base);
}

int mapFromLive(const MapRequest& request) {
    std::unique_ptr<exchange::RecordingWriter> recorder;
    if (request.recordPath) {
        try {
            recorder = std::make_unique<exchange::RecordingWriter>(*request.recordPath);
        } catch (const std::runtime_error& error) {
            throw UsageError(std::string("--record: ") + error.what());
        }
    }
    EstimatorSet estimators(request.estimator);
    const auto statuses = runFeeds(
        *request.feeds, std::chrono::milliseconds(static_cast<long long>(request.seconds * 1000)),
        std::chrono::minutes(5), estimators, recorder.get());
    printFeedSummary("map", statuses);
    return printEstimatedMap(estimators, request, request.feeds->exchange, request.feeds->symbol);
}

}  // namespace

int runMap(std::span<const std::string_view> args) {
    const MapRequest request = parseRequest(args);
    switch (request.source) {
        case Source::Events:
            return mapFromEvents(request);
        case Source::Replay:
            return mapFromReplay(request);
        case Source::Live:
            return mapFromLive(request);
    }
    return 2;
}

}  // namespace liqmap::cli
