#include "liqmap/core/map_format.h"

#include <algorithm>  // std::max, std::clamp
#include <array>      // std::array
#include <cmath>      // std::log10, std::ceil, std::abs, std::lround
#include <cstdio>     // std::snprintf

#include "json_writer.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

void appendTierLabel(std::string& out, std::string_view side, double leverage) {
    out += side;
    out += '_';
    appendNumber(out, leverage);
    out += 'x';
}

void appendNumberArray(std::string& out, std::size_t count, auto valueAt) {
    out += '[';
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) {
            out += ',';
        }
        appendNumber(out, valueAt(i));
    }
    out += ']';
}

void appendJsonNumberField(std::string& out, std::string_view key, double value) {
    out += '"';
    out += key;
    out += "\":";
    appendNumber(out, value);
    out += ',';
}

}  // namespace

std::string formatMapCsv(const LiquidationMap& map) {
    std::string out = "price_low,price_high,long_notional,short_notional";
    for (const double leverage : map.leverages()) {
        out += ',';
        appendTierLabel(out, "long", leverage);
        out += ',';
        appendTierLabel(out, "short", leverage);
    }
    out += '\n';
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        appendNumber(out, map.binLow(bin));
        out += ',';
        appendNumber(out, map.binHigh(bin));
        out += ',';
        appendNumber(out, map.longNotional(bin));
        out += ',';
        appendNumber(out, map.shortNotional(bin));
        for (std::size_t tier = 0; tier < map.tierCount(); ++tier) {
            out += ',';
            appendNumber(out, map.longNotional(bin, tier));
            out += ',';
            appendNumber(out, map.shortNotional(bin, tier));
        }
        out += '\n';
    }
    return out;
}

std::string formatMapJson(const LiquidationMap& map, const MapCaption& caption) {
    std::string out = "{\"exchange\":";
    appendJsonString(out, caption.exchange);
    out += ",\"symbol\":";
    appendJsonString(out, caption.symbol);
    out += ',';
    appendJsonNumberField(out, "price", map.currentPrice());
    appendJsonNumberField(out, "price_low", map.priceLow());
    appendJsonNumberField(out, "price_high", map.priceHigh());
    out += "\"leverages\":";
    appendNumberArray(out, map.tierCount(), [&](std::size_t t) { return map.leverages()[t]; });
    out += ',';
    appendJsonNumberField(out, "total_long", map.totalLong());
    appendJsonNumberField(out, "total_short", map.totalShort());
    appendJsonNumberField(out, "outside_long", map.outsideLong());
    appendJsonNumberField(out, "outside_short", map.outsideShort());
    out += "\"bins\":[";
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        out += bin == 0 ? "{" : ",{";
        appendJsonNumberField(out, "price_low", map.binLow(bin));
        appendJsonNumberField(out, "price_high", map.binHigh(bin));
        appendJsonNumberField(out, "long_notional", map.longNotional(bin));
        appendJsonNumberField(out, "short_notional", map.shortNotional(bin));
        out += "\"long_by_tier\":";
        appendNumberArray(out, map.tierCount(),
                          [&](std::size_t t) { return map.longNotional(bin, t); });
        out += ",\"short_by_tier\":";
        appendNumberArray(out, map.tierCount(),
                          [&](std::size_t t) { return map.shortNotional(bin, t); });
        out += ',';
        appendJsonNumberField(out, "cumulative_long", map.cumulativeLong(bin));
        out += "\"cumulative_short\":";
        appendNumber(out, map.cumulativeShort(bin));
        out += '}';
    }
    out += "]}\n";
    return out;
}

std::string formatCombinedMapJson(const CombinedMap& map, const MapCaption& caption) {
    std::string out = formatMapJson(map.total(), caption);
    out.resize(out.size() - 2);  // "}\n": the object goes on
    out += ",\"sources\":[";
    bool first = true;
    for (const CombinedMap::Source& source : map.sources()) {
        out += first ? "{" : ",{";
        first = false;
        out += "\"exchange\":";
        appendJsonString(out, source.exchange);
        out += ",\"symbol\":";
        appendJsonString(out, source.symbol);
        out += ',';
        appendJsonNumberField(out, "total_long", source.map.totalLong());
        appendJsonNumberField(out, "total_short", source.map.totalShort());
        out += "\"long_notional\":";
        appendNumberArray(out, source.map.binCount(),
                          [&](std::size_t bin) { return source.map.longNotional(bin); });
        out += ",\"short_notional\":";
        appendNumberArray(out, source.map.binCount(),
                          [&](std::size_t bin) { return source.map.shortNotional(bin); });
        out += '}';
    }
    out += "]}\n";
    return out;
}

namespace {

std::string fixed(double value, int decimals) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
    return buffer.data();
}

std::string bar(double value, double largest, int width, char glyph) {
    if (!(largest > 0) || !(value > 0)) {
        return {};
    }
    // At least one glyph for any non-zero bin, so small clusters stay visible.
    const long length = std::max(1L, std::lround(value / largest * width));
    // Not braces: {count, glyph} would be an initializer list of two characters.
    return std::string(static_cast<std::size_t>(length),
                       glyph);  // NOLINT(modernize-return-braced-init-list)
}

}  // namespace

std::string formatMapTable(const LiquidationMap& map, const MapCaption& caption) {
    constexpr int kBarWidth = 22;
    // Enough decimals that neighbouring bin edges print differently.
    const int decimals =
        std::clamp(static_cast<int>(std::ceil(-std::log10(map.binWidth()))) + 1, 0, 10);
    double largest = 0;
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        largest = std::max({largest, map.longNotional(bin), map.shortNotional(bin)});
    }

    std::string out;
    out += "Estimated liquidation map, ";
    out += caption.exchange;
    out += ' ';
    out += caption.symbol;
    out += " (a risk map from estimates, not a prediction)\n";
    out += "price " + fixed(map.currentPrice(), decimals) + ", range " +
           fixed(map.priceLow(), decimals) + " to " + fixed(map.priceHigh(), decimals) + ", " +
           std::to_string(map.binCount()) + " bins; tiers";
    for (const double leverage : map.leverages()) {
        out += ' ';
        out += formatNumber(leverage);
        out += 'x';
    }
    out += "\n# = longs liquidated if price falls to the bin, * = shorts if it rises to it\n\n";

    std::array<char, 256> line{};
    std::snprintf(line.data(), line.size(), "%25s  %8s %-*s %8s\n", "price bin", "longs", kBarWidth,
                  "", "shorts");
    out += line.data();
    bool dividerDone = false;
    for (std::size_t bin = map.binCount(); bin-- > 0;) {
        if (!dividerDone && map.binHigh(bin) <= map.currentPrice()) {
            out += "  ------------ current price " + fixed(map.currentPrice(), decimals) +
                   " ------------\n";
            dividerDone = true;
        }
        const double longs = map.longNotional(bin);
        const double shorts = map.shortNotional(bin);
        const std::string range =
            fixed(map.binLow(bin), decimals) + " - " + fixed(map.binHigh(bin), decimals);
        std::snprintf(line.data(), line.size(), "%25s  %8s %-*s %8s %s", range.c_str(),
                      longs > 0 ? formatCompactNotional(longs).c_str() : "", kBarWidth,
                      bar(longs, largest, kBarWidth, '#').c_str(),
                      shorts > 0 ? formatCompactNotional(shorts).c_str() : "",
                      bar(shorts, largest, kBarWidth, '*').c_str());
        std::string_view row(line.data());
        row.remove_suffix(row.size() - (row.find_last_not_of(' ') + 1));  // no trailing blanks
        out += row;
        out += '\n';
    }
    out += "\nin range: longs " + formatCompactNotional(map.totalLong()) + ", shorts " +
           formatCompactNotional(map.totalShort()) + "; beyond the range: longs " +
           formatCompactNotional(map.outsideLong()) + ", shorts " +
           formatCompactNotional(map.outsideShort()) + "\n";
    return out;
}

}  // namespace liqmap::core
