// liqmap-cli map: the liquidation map from a file of normalized events (--events), from a
// recording (--replay), or from live exchanges (--exchange X --symbol S; "all" for every venue;
// "demo" for the simulated exchange, in-process), printed once or redrawn as a live text chart.

#include <algorithm>  // std::max
#include <array>      // std::array
#include <chrono>     // std::chrono::milliseconds
#include <cstdio>     // std::fwrite, std::fprintf, std::fflush
#include <memory>     // std::unique_ptr
#include <optional>   // std::optional
#include <string>     // std::string
#include <vector>     // std::vector

#include "arguments.h"
#include "commands.h"
#include "demo_arguments.h"
#include "liqmap/core/combined_map.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"
#include "liqmap/core/estimator.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/line_reader.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/map_format.h"
#include "liqmap/core/text_chart.h"
#include "liqmap/exchange/estimator_set.h"
#include "liqmap/exchange/recording_replay.h"
#include "live_run.h"
#include "model_arguments.h"
#include "stop_signal.h"
#include "terminal.h"
#include "text_file.h"
#include "text_frame.h"

namespace liqmap::cli {

namespace {

enum class OutputFormat { Csv, Json, Table, Text };

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
    if (text == "text") {
        return OutputFormat::Text;
    }
    throw UsageError(
        std::string("--format: expected csv, json, table or text, got '").append(text).append("'"));
}

// --refresh: from a tenth of a second to an hour.
constexpr double kMinRefreshSeconds = 0.1;
constexpr double kMaxRefreshSeconds = 3600;

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
    // Without --bins the text chart gets one bin per column of the terminal.
    bool binsGiven = false;
    // Live only.
    std::optional<FeedSelection> feeds;
    // Live time; nullopt runs until SIGINT or SIGTERM (with --refresh).
    std::optional<double> seconds = 10;
    std::optional<std::string> recordPath;
    // Redraw the text chart this often (seconds).
    std::optional<double> refresh;
};

std::chrono::milliseconds toMilliseconds(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

MapRequest parseRequest(std::span<const std::string_view> args) {
    const Arguments arguments(
        args, {"events",   "replay",        "exchange", "symbol",       "bins",    "range",
               "leverage", "mmr",           "lookback", "format",       "seconds", "record",
               "rest-url", "ws-url",        "ca-file",  "refresh",      "seed",    "regime",
               "speed",    "history-hours", "turnover", "initial-share"});
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
    } else if (arguments.has("exchange") &&
               (arguments.has("symbol") || arguments.text("exchange") == "demo")) {
        request.source = Source::Live;
    } else {
        throw UsageError("give --events FILE, --replay FILE, or --exchange X --symbol S");
    }
    const bool live = request.source == Source::Live;
    const bool demo = live && arguments.text("exchange") == "demo";
    if (!demo) {
        rejectDemoOptions(arguments);
    }
    for (const std::string_view liveOnly :
         {"seconds", "record", "rest-url", "ws-url", "ca-file", "refresh"}) {
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
    request.binsGiven = arguments.has("bins");
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
    {
        core::EstimatorConfig model;
        readModelArguments(arguments, model);
        request.estimator.turnoverHalfLifeMs = model.turnoverHalfLifeMs;
        request.estimator.initialOpenInterestShare = model.initialOpenInterestShare;
    }
    if (const auto lookback = arguments.text("lookback")) {
        request.estimator.lookbackMs = core::parseLookback(*lookback);
    }
    if (const auto format = arguments.text("format")) {
        request.format = parseFormat(*format);
    }
    if (const auto refresh = arguments.number("refresh")) {
        if (!(*refresh >= kMinRefreshSeconds && *refresh <= kMaxRefreshSeconds)) {
            throw UsageError("--refresh: expected 0.1 to 3600 seconds");
        }
        if (arguments.has("format") && request.format != OutputFormat::Text) {
            throw UsageError("--refresh redraws the text chart: give --format text or no --format");
        }
        request.refresh = *refresh;
        request.format = OutputFormat::Text;
    }
    // The demo's plain command is the live text map, redrawn every second until interrupted.
    if (demo && !arguments.has("seconds") && !arguments.has("format") &&
        !arguments.has("refresh")) {
        request.format = OutputFormat::Text;
        request.refresh = 1;
    }
    if (request.format == OutputFormat::Text && !request.binsGiven) {
        request.mapOptions.bins = core::textChartBinsForWidth(Terminal::detect().width);
    }
    if (live) {
        request.feeds =
            selectFeeds(arguments, std::chrono::milliseconds(request.estimator.lookbackMs));
        if (const auto seconds = arguments.number("seconds")) {
            if (!(*seconds >= 0 && *seconds <= 7 * 24 * 3600)) {
                throw UsageError("--seconds: expected 0 to 604800");
            }
            request.seconds = *seconds;
        } else if (request.refresh) {
            request.seconds.reset();
        }
        if (const auto record = arguments.text("record")) {
            request.recordPath = std::string(*record);
        }
    }
    return request;
}

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

// The heading and the chart, fitted to the terminal.
std::string textMap(const core::LiquidationMap& map, const Terminal& terminal,
                    std::string_view exchange, std::string_view symbol,
                    core::TimestampMs marketTimeMs, int statusLines) {
    std::string out = textMapTitle(exchange, symbol, marketTimeMs, terminal.width);
    out += '\n';
    out += core::renderTextChart(
        map, {terminal.width, chartHeightFor(terminal, 1 + statusLines), terminal.colour});
    return out;
}

void printMap(const core::LiquidationMap& map, const MapRequest& request, std::string_view exchange,
              std::string_view symbol, core::TimestampMs marketTimeMs) {
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
        case OutputFormat::Text:
            output = textMap(map, Terminal::detect(), exchange, symbol, marketTimeMs, 0);
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
             request, exchange, symbol, estimator->latestTimestamp());
    return 0;
}

// Each feed's map, cut around the set's reference price with `options`; a feed without one
// says why in `notes` ("binance BTCUSDT: no price received"). Read under the set's lock when
// feeds may still be running.
std::vector<core::CombinedMap::Source> feedMaps(const EstimatorSet& estimators,
                                                const core::MapOptions& options,
                                                std::vector<std::string>* notes) {
    const auto note = [notes](const EstimatorSet::Feed& feed, std::string_view text) {
        if (notes != nullptr) {
            notes->push_back(feed.exchange + " " + feed.symbol + std::string(text));
        }
    };
    std::vector<core::CombinedMap::Source> sources;
    const std::optional<double> price = estimators.referencePrice();
    for (const EstimatorSet::Feed* entry : estimators.feeds()) {
        const EstimatorSet::Feed& feed = *entry;
        if (feed.estimator == nullptr) {
            note(feed, " never finished loading its history");
            continue;
        }
        const core::SkipCounts& skipped = feed.estimator->skipped();
        if (skipped.total() > 0) {
            note(feed, ": the estimator skipped " + skipped.summary());
        }
        if (!price || !feed.estimator->currentPrice()) {
            note(feed, ": no price received");
            continue;
        }
        sources.push_back({feed.exchange, feed.symbol,
                           core::LiquidationMap::build(feed.estimator->book(), *price, options)});
    }
    return sources;
}

// Exchange time of the newest event any feed applied; 0 before the first.
core::TimestampMs newestEvent(const EstimatorSet& estimators) {
    core::TimestampMs newest = 0;
    for (const EstimatorSet::Feed* feed : estimators.feeds()) {
        if (feed->estimator != nullptr) {
            newest = std::max(newest, feed->estimator->latestTimestamp());
        }
    }
    return newest;
}

// Several feeds (the "all" source) are cut around one price and added bin by bin; the JSON keeps
// each venue's own bins.
int printEstimatedMap(const EstimatorSet& estimators, const MapRequest& request,
                      std::string_view exchange, std::string_view symbol) {
    std::vector<std::string> notes;
    std::vector<core::CombinedMap::Source> sources =
        feedMaps(estimators, request.mapOptions, &notes);
    for (const std::string& note : notes) {
        std::fprintf(stderr, "liqmap-cli map: %s\n", note.c_str());
    }
    if (sources.empty()) {
        std::fprintf(stderr, "liqmap-cli map: no usable price, so there is no map\n");
        return 1;
    }
    const core::TimestampMs marketTimeMs = newestEvent(estimators);
    if (sources.size() == 1) {
        printMap(sources.front().map, request, exchange, symbol, marketTimeMs);
        return 0;
    }
    const core::CombinedMap combined(std::move(sources));
    if (request.format == OutputFormat::Json) {
        const std::string output =
            core::formatCombinedMapJson(combined, core::MapCaption{exchange, symbol});
        std::fwrite(output.data(), 1, output.size(), stdout);
        return 0;
    }
    printMap(combined.total(), request, exchange, symbol, marketTimeMs);
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

// "--- t+2s" between frames that are not drawn over each other.
std::string frameMark(std::chrono::milliseconds live) {
    std::string mark("--- t+");
    const double seconds = static_cast<double>(live.count()) / 1000;
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.1f", seconds);
    std::string_view number(text.data());
    if (number.ends_with(".0")) {
        number.remove_suffix(2);
    }
    mark.append(number).append("s\n");
    return mark;
}

// The live text map: a frame once the history has loaded, then every --refresh seconds, until
// --seconds or SIGINT/SIGTERM. On a terminal each frame replaces the last; otherwise frames
// follow each other, each after a "--- t+Ns" line. Interrupted, it prints nothing more.
int mapLiveRefreshing(const MapRequest& request, EstimatorSet& estimators,
                      exchange::RecordingWriter* recorder) {
    const FeedSelection& selection = *request.feeds;
    const StopSignal stop;
    if (Terminal::detect().interactive) {
        std::fprintf(stderr, "liqmap-cli map: loading the history of %s %s…\n",
                     selection.exchange.c_str(), selection.symbol.c_str());
    }
    bool firstFrame = true;
    bool lastFrameHadMap = false;
    RunPlan plan;
    if (request.seconds) {
        plan.liveFor = toMilliseconds(*request.seconds);
    }
    plan.refreshEvery = toMilliseconds(*request.refresh);
    plan.stop = &stop;
    plan.onRefresh = [&](std::chrono::milliseconds live,
                         const std::vector<exchange::FeedStatus>& statuses) {
        const Terminal terminal = Terminal::detect();
        core::MapOptions options = request.mapOptions;
        if (!request.binsGiven) {
            options.bins = core::textChartBinsForWidth(terminal.width);
        }
        std::optional<core::LiquidationMap> map;
        core::TimestampMs marketTimeMs = 0;
        estimators.read([&](const EstimatorSet& set) {
            std::vector<core::CombinedMap::Source> sources = feedMaps(set, options, nullptr);
            if (sources.size() == 1) {
                map = std::move(sources.front().map);
            } else if (!sources.empty()) {
                map = core::CombinedMap(std::move(sources)).total();
            }
            marketTimeMs = newestEvent(set);
        });
        lastFrameHadMap = map.has_value();

        std::string frame;
        if (terminal.interactive) {
            frame = "\x1b[H\x1b[2J";  // home, clear: the new frame replaces the last
        } else {
            if (!firstFrame) {
                frame += '\n';
            }
            frame += frameMark(live);
        }
        firstFrame = false;
        const int statusLines = static_cast<int>(statuses.size());
        if (map) {
            frame += textMap(*map, terminal, selection.exchange, selection.symbol, marketTimeMs,
                             statusLines);
        } else {
            frame +=
                textMapTitle(selection.exchange, selection.symbol, marketTimeMs, terminal.width);
            frame += "\n(no price yet: the map appears with the first one)\n";
        }
        const core::TimestampMs now = wallClockMs();
        for (const exchange::FeedStatus& status : statuses) {
            frame += feedStatusLine(selection.label(status.venue), status, now, terminal.width);
            frame += '\n';
        }
        std::fwrite(frame.data(), 1, frame.size(), stdout);
        std::fflush(stdout);
    };
    const RunResult run = runFeeds(selection, plan, estimators, recorder);
    if (run.interrupted) {
        return 0;
    }
    printFeedSummary("map", selection, run.statuses);
    std::vector<std::string> notes;
    estimators.read([&](const EstimatorSet& set) { feedMaps(set, request.mapOptions, &notes); });
    for (const std::string& note : notes) {
        std::fprintf(stderr, "liqmap-cli map: %s\n", note.c_str());
    }
    if (!lastFrameHadMap) {
        std::fprintf(stderr, "liqmap-cli map: no usable price, so there is no map\n");
        return 1;
    }
    return 0;
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
    if (request.refresh) {
        return mapLiveRefreshing(request, estimators, recorder.get());
    }
    RunPlan plan;
    plan.liveFor = toMilliseconds(request.seconds.value_or(0));
    const RunResult run = runFeeds(*request.feeds, plan, estimators, recorder.get());
    printFeedSummary("map", *request.feeds, run.statuses);
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
