#include "liqmap/core/evaluation_format.h"

#include <array>        // std::array
#include <chrono>       // std::chrono::sys_days, year_month_day, hh_mm_ss
#include <cmath>        // std::round
#include <cstdio>       // std::snprintf
#include <optional>     // std::optional
#include <string_view>  // std::string_view
#include <utility>      // std::pair

#include "json_writer.h"
#include "liqmap/core/leverage_mix.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

/// "5x 46.1 %, 10x 7.3 %, …" for a mix written by LeverageMix::toString (the JSON keeps the
/// exact weights; a reader of the table wants to see the shape).
std::string readableMix(const std::string& spec) {
    std::string out;
    const LeverageMix mix = LeverageMix::parse(spec);
    for (const LeverageTier& tier : mix.tiers()) {
        if (!out.empty()) {
            out += ", ";
        }
        std::array<char, 48> text{};
        std::snprintf(text.data(), text.size(), "%gx %.1f %%", tier.leverage, tier.weight * 100);
        out += text.data();
    }
    return out;
}

constexpr std::string_view kMissing = "–";

// ---- JSON ----------------------------------------------------------------------------------

void appendKey(std::string& out, std::string_view key) {
    out += '"';
    out += key;
    out += "\":";
}

void appendOptional(std::string& out, const std::optional<double>& value) {
    if (value) {
        appendNumber(out, *value);
    } else {
        out += "null";
    }
}

void appendSide(std::string& out, const SideAccuracy& side, const CaptureTally& tally) {
    out += '{';
    appendKey(out, "wasserstein");
    appendOptional(out, side.wasserstein);
    out += ',';
    appendKey(out, "correlation");
    appendOptional(out, side.correlation);
    out += ',';
    appendKey(out, "notional_ratio");
    appendOptional(out, side.notionalRatio);
    out += ',';
    appendKey(out, "capture");
    appendOptional(out, side.capture);
    out += ',';
    appendKey(out, "captured");
    appendNumber(out, tally.captured);
    out += ',';
    appendKey(out, "realized");
    appendNumber(out, tally.realized);
    out += '}';
}

void appendAccuracy(std::string& out, const MapAccuracy& accuracy, const CaptureTallies& tallies) {
    out += '{';
    appendKey(out, "long");
    appendSide(out, accuracy.longs, tallies.longs);
    out += ',';
    appendKey(out, "short");
    appendSide(out, accuracy.shorts, tallies.shorts);
    out += '}';
}

void appendCheckpoint(std::string& out, const CheckpointResult& checkpoint) {
    out += '{';
    appendKey(out, "ts");
    appendInteger(out, checkpoint.ts);
    out += ',';
    appendKey(out, "price");
    appendNumber(out, checkpoint.price);
    out += ',';
    appendKey(out, "open_interest");
    appendNumber(out, checkpoint.openInterest);
    out += ',';
    appendKey(out, "model");
    appendAccuracy(out, checkpoint.model, checkpoint.modelCapture);
    out += ',';
    appendKey(out, "baseline");
    appendAccuracy(out, checkpoint.baseline, checkpoint.baselineCapture);
    out += '}';
}

// ---- Table ---------------------------------------------------------------------------------

std::string fixed(double value, int decimals) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
    return buffer.data();
}

std::string metricText(const std::optional<double>& value, int decimals, double scale = 1) {
    return value ? fixed(*value * scale, decimals) : std::string(kMissing);
}

// Right-aligns `text` in `width` columns, counting characters rather than bytes so that "–"
// (three bytes of UTF-8) lines up with the numbers.
void appendRight(std::string& out, std::string_view text, std::size_t width) {
    std::size_t columns = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++columns;
        }
    }
    if (columns < width) {
        out.append(width - columns, ' ');
    }
    out += text;
}

void appendLeft(std::string& out, std::string_view text, std::size_t width) {
    out += text;
    if (text.size() < width) {
        out.append(width - text.size(), ' ');
    }
}

constexpr std::size_t kNameWidth = 10;
constexpr std::size_t kSideWidth = 6;
constexpr std::size_t kMetricWidth = 15;

void appendColumnHeads(std::string& out) {
    appendLeft(out, "", kNameWidth);
    appendLeft(out, "side", kSideWidth);
    appendRight(out, "wasserstein %", kMetricWidth);
    appendRight(out, "correlation", kMetricWidth);
    appendRight(out, "notional ratio", kMetricWidth);
    appendRight(out, "capture %", kMetricWidth);
    out += '\n';
}

void appendRows(std::string& out, std::string_view name, const MapAccuracy& accuracy) {
    for (const Side side : {Side::Long, Side::Short}) {
        const SideAccuracy& metrics = accuracy.side(side);
        appendLeft(out, name, kNameWidth);
        appendLeft(out, toString(side), kSideWidth);
        appendRight(out, metricText(metrics.wasserstein, 3), kMetricWidth);
        appendRight(out, metricText(metrics.correlation, 3), kMetricWidth);
        appendRight(out, metricText(metrics.notionalRatio, 3), kMetricWidth);
        appendRight(out, metricText(metrics.capture, 1, 100), kMetricWidth);
        out += '\n';
    }
}

// "2026-01-02 06:00:00 UTC"
std::string utcText(TimestampMs ts) {
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds(ts)};
    const sys_days day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss clock(floor<seconds>(time - day));
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u %02lld:%02lld:%02lld UTC",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<long long>(clock.hours().count()),
                  static_cast<long long>(clock.minutes().count()),
                  static_cast<long long>(clock.seconds().count()));
    return buffer.data();
}

void appendRealized(std::string& out, const CaptureTallies& tallies) {
    out += "longs ";
    out += formatCompactNotional(tallies.longs.realized);
    out += ", shorts ";
    out += formatCompactNotional(tallies.shorts.realized);
}

std::string hoursText(double hours) {
    std::string text = formatNumber(hours);
    text += " h";
    return text;
}

}  // namespace

std::string formatEvaluationJson(const EvaluationReport& report) {
    const EvaluationOptions& options = report.options;
    std::string out = "{";
    appendKey(out, "seed");
    out += std::to_string(options.seed);
    out += ',';
    appendKey(out, "regime");
    appendJsonString(out, toString(options.regime));
    out += ',';
    appendKey(out, "hours");
    appendNumber(out, options.hours);
    out += ',';
    appendKey(out, "warmup_hours");
    appendNumber(out, options.warmupHours);
    out += ',';
    appendKey(out, "horizon_hours");
    appendNumber(out, options.horizon());
    out += ',';
    appendKey(out, "checkpoint_count");
    appendInteger(out, options.checkpoints);
    out += ',';
    appendKey(out, "bins");
    appendInteger(out, options.map.bins);
    out += ',';
    appendKey(out, "range_fraction");
    appendNumber(out, options.map.range);
    out += ',';
    appendKey(out, "true_mix");
    appendJsonString(out, report.trueLeverageMix);
    out += ',';
    appendKey(out, "model_mix");
    appendJsonString(out, report.modelLeverageMix);
    out += ',';
    appendKey(out, "baseline_leverages");
    out += '[';
    for (std::size_t i = 0; i < report.baselineLeverages.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendNumber(out, report.baselineLeverages[i]);
    }
    out += "],";
    appendKey(out, "window_start");
    appendInteger(out, report.windowStartMs);
    out += ',';
    appendKey(out, "skipped_events");
    out += std::to_string(report.skippedEvents);
    out += ',';
    appendKey(out, "model");
    appendAccuracy(out, report.model, report.modelCapture);
    out += ',';
    appendKey(out, "baseline");
    appendAccuracy(out, report.baseline, report.baselineCapture);
    out += ',';
    appendKey(out, "end");
    appendCheckpoint(out, report.end());
    out += ',';
    appendKey(out, "checkpoints");
    out += '[';
    for (std::size_t i = 0; i < report.checkpoints.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendCheckpoint(out, report.checkpoints[i]);
    }
    out += "]}\n";
    return out;
}

std::string formatEvaluationTable(const EvaluationReport& report) {
    const EvaluationOptions& options = report.options;
    std::string out = "liqmap eval: seed ";
    out += std::to_string(options.seed);
    out += ", regime ";
    out += toString(options.regime);
    out += ", ";
    out += hoursText(options.hours);
    out += " watched after ";
    out += hoursText(options.warmupHours);
    out += " of warm-up, capture horizon ";
    out += hoursText(options.horizon());
    out += ", ";
    out += std::to_string(options.checkpoints);
    out += options.checkpoints == 1 ? " checkpoint\n" : " checkpoints\n";
    out += "true mix (simulator): ";
    out += readableMix(report.trueLeverageMix);
    out += "\nmodel mix:            ";
    out += readableMix(report.modelLeverageMix);
    out += "\nbaseline:             entries at the price, equal weights over";
    for (const double leverage : report.baselineLeverages) {
        out += ' ';
        out += formatNumber(leverage);
        out += 'x';
    }
    out += "\nmap:                  ";
    out += std::to_string(options.map.bins);
    out += " bins over +/-";
    out += formatNumber(options.map.range * 100);
    out += " % of the price\n";
    if (report.skippedEvents > 0) {
        out += "the estimator skipped ";
        out += std::to_string(report.skippedEvents);
        out += " events\n";
    }

    out += "\nsummary (means over the checkpoints; capture pooled over their horizons: ";
    appendRealized(out, report.modelCapture);
    out += " liquidated)\n";
    appendColumnHeads(out);
    appendRows(out, "model", report.model);
    appendRows(out, "baseline", report.baseline);

    for (std::size_t i = 0; i < report.checkpoints.size(); ++i) {
        const CheckpointResult& checkpoint = report.checkpoints[i];
        out += "\ncheckpoint ";
        out += std::to_string(i + 1);
        out += " of ";
        out += std::to_string(report.checkpoints.size());
        out += ": ";
        out += utcText(checkpoint.ts);
        out += " (+";
        out += hoursText(static_cast<double>(checkpoint.ts - report.windowStartMs) / kHourMs);
        out += "), price ";
        out += formatNumber(checkpoint.price);
        out += ", open interest ";
        // Open interest is a whole number of 0.001 lots; print it so, not as 10730.934000000001.
        out += formatNumber(std::round(checkpoint.openInterest * 1000) / 1000);
        out += "\nliquidated in the next ";
        out += hoursText(options.horizon());
        out += ": ";
        appendRealized(out, checkpoint.modelCapture);
        out += '\n';
        appendColumnHeads(out);
        appendRows(out, "model", checkpoint.model);
        appendRows(out, "baseline", checkpoint.baseline);
    }
    return out;
}

}  // namespace liqmap::core
