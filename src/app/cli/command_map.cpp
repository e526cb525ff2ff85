// liqmap-cli map --events FILE: the liquidation map built from a file of normalized events.

#include <array>     // std::array
#include <cstdio>    // std::fwrite, std::fprintf
#include <memory>    // std::unique_ptr
#include <optional>  // std::optional
#include <string>    // std::string

#include "arguments.h"
#include "commands.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"
#include "liqmap/core/estimator.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/map_format.h"
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

// Everything the user asked for, checked before the (possibly large) file is read.
struct MapRequest {
    std::string eventsPath;
    std::optional<std::string> exchange;
    std::optional<std::string> symbol;
    core::MapOptions mapOptions;
    std::optional<core::LeverageMix> leverageMix;
    std::optional<double> mmr;
    core::TimestampMs lookbackMs = core::EstimatorConfig{}.lookbackMs;
    OutputFormat format = OutputFormat::Csv;
};

MapRequest parseRequest(std::span<const std::string_view> args) {
    const Arguments arguments(args, {"events", "exchange", "symbol", "bins", "range", "leverage",
                                     "mmr", "lookback", "format"});
    MapRequest request;
    request.eventsPath = std::string(arguments.requiredText("events"));
    if (const auto exchange = arguments.text("exchange")) {
        core::defaultInstrument(*exchange, "check");  // rejects an unknown venue now
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
        request.leverageMix = core::LeverageMix::parse(*spec);
    }
    request.mmr = arguments.number("mmr");
    if (request.mmr) {
        // The same check makeEstimator meets later, made before the file is read.
        core::defaultInstrument("binance", "check").withFlatMaintenance(*request.mmr);
    }
    if (const auto lookback = arguments.text("lookback")) {
        request.lookbackMs = core::parseLookback(*lookback);
    }
    if (const auto format = arguments.text("format")) {
        request.format = parseFormat(*format);
    }
    return request;
}

std::unique_ptr<core::Estimator> makeEstimator(const MapRequest& request,
                                               const core::EventRecord& first) {
    core::Instrument instrument = core::defaultInstrument(first.exchange, first.symbol);
    if (request.mmr) {
        instrument = instrument.withFlatMaintenance(*request.mmr);
    }
    core::EstimatorConfig config;
    config.lookbackMs = request.lookbackMs;
    // The default mix is fitted to the venue's cap; a mix the user typed is taken as given and
    // rejected if the venue does not allow it.
    config.leverageMix = request.leverageMix
                             ? *request.leverageMix
                             : core::LeverageMix::defaultMix().cappedAt(instrument.maxLeverage());
    return std::make_unique<core::Estimator>(std::move(instrument), std::move(config));
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

}  // namespace

int runMap(std::span<const std::string_view> args) {
    const MapRequest request = parseRequest(args);
    const std::string content = readTextFile(request.eventsPath);

    std::unique_ptr<core::Estimator> estimator;
    std::string exchange = request.exchange.value_or("");
    std::string symbol = request.symbol.value_or("");
    SkipReport skips;
    core::EventRecord record;
    std::size_t lineNumber = 0;
    std::size_t start = 0;
    while (start < content.size()) {
        std::size_t end = content.find('\n', start);
        if (end == std::string::npos) {
            end = content.size();  // a last line without newline (a truncated file) still counts
        }
        std::string_view line(content.data() + start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
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
            estimator = makeEstimator(request, record);
        }
        if (const auto reason = estimator->apply(record.event)) {
            skips.add(*reason, lineNumber, "");
        }
    }

    if (skips.total() > 0) {
        std::fprintf(stderr, "liqmap-cli map: %s\n", skips.summary(lineNumber).c_str());
    }
    if (!estimator || !estimator->currentPrice()) {
        std::fprintf(stderr, "liqmap-cli map: no usable price in %s, so there is no map\n",
                     request.eventsPath.c_str());
        return 1;
    }

    const core::LiquidationMap map = core::LiquidationMap::build(
        estimator->book(), *estimator->currentPrice(), request.mapOptions);
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
    return 0;
}

}  // namespace liqmap::cli
