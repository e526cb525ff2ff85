#include "bench_data.h"

#include <utility>  // std::move

#include "liqmap/core/default_instruments.h"
#include "support/synthetic_market.h"

namespace liqmap::bench {

namespace {

std::vector<std::string> toLines(const std::vector<core::EventRecord>& records) {
    std::vector<std::string> lines;
    lines.reserve(records.size());
    for (const core::EventRecord& record : records) {
        std::string line;
        core::appendEventLine(record, line);
        lines.push_back(std::move(line));
    }
    return lines;
}

synthetic::MarketOptions mixedOptions(int days) {
    synthetic::MarketOptions options;
    options.seed = 7;
    options.days = days;
    options.liquidations = true;
    options.marks = true;
    return options;
}

}  // namespace

const std::vector<core::EventRecord>& thirtyDayRecords() {
    static const std::vector<core::EventRecord> records = [] {
        synthetic::MarketOptions options;
        options.seed = 42;
        options.days = 30;
        return synthetic::generateMarket(options);
    }();
    return records;
}

const std::vector<core::MarketEvent>& thirtyDayEvents() {
    static const std::vector<core::MarketEvent> events = synthetic::eventsOf(thirtyDayRecords());
    return events;
}

const std::vector<core::MarketEvent>& mixedEvents() {
    static const std::vector<core::MarketEvent> events =
        synthetic::eventsOf(synthetic::generateMarket(mixedOptions(7)));
    return events;
}

const std::vector<std::string>& mixedLines() {
    static const std::vector<std::string> lines =
        toLines(synthetic::generateMarket(mixedOptions(1)));
    return lines;
}

const std::vector<std::string>& thirtyDayLines() {
    static const std::vector<std::string> lines = toLines(thirtyDayRecords());
    return lines;
}

core::Estimator makeBinanceEstimator() {
    core::Instrument instrument = core::defaultInstrument("binance", "BTCUSDT");
    core::EstimatorConfig config;
    config.leverageMix = core::LeverageMix::defaultMix().cappedAt(instrument.maxLeverage());
    return {std::move(instrument), std::move(config)};
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string text;
    std::size_t size = 0;
    for (const std::string& line : lines) {
        size += line.size() + 1;
    }
    text.reserve(size);
    for (const std::string& line : lines) {
        text += line;
        text += '\n';
    }
    return text;
}

}  // namespace liqmap::bench
