#include "liqmap/core/text_chart.h"

#include <algorithm>         // std::max, std::min, std::clamp
#include <array>             // std::array
#include <cmath>             // std::abs, std::ceil, std::floor, std::log10, std::lround, std::pow
#include <cstdint>           // std::uint8_t
#include <cstdio>            // std::snprintf
#include <initializer_list>  // std::initializer_list
#include <optional>          // std::optional
#include <string_view>       // std::string_view
#include <utility>           // std::pair
#include <vector>            // std::vector

#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

// The notional labels are at most five characters (formatCompactNotional), then a space and
// the axis: a fixed gutter keeps the plot in place from one refreshed frame to the next.
constexpr int kLabelWidth = 5;
constexpr int kGutter = kLabelWidth + 2;
constexpr int kMaxPriceLabels = 6;
// Between two price labels; grouped labels ("58 000") need more than one space to stay apart.
constexpr int kLabelGap = 3;

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kPriceLine = "┆";
// Eighth blocks, one to eight eighths of a cell.
constexpr std::array<std::string_view, 8> kEighths = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

// Without colour the two sides must differ by shape, and stay readable in any log or font.
constexpr char kLongGlyph = '#';
constexpr char kShortGlyph = '=';

std::string plainNumber(double value, int decimals) {
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
    return buffer.data();
}

// "60012.34" with `decimals`, the integer part grouped by thousands when it has five digits
// or more ("60 012.3", but "3012.45"), as prices are read aloud.
std::string groupedNumber(double value, int decimals) {
    std::string plain = plainNumber(value, decimals);
    const std::size_t start = plain.starts_with('-') ? 1 : 0;
    const std::size_t point = std::min(plain.find('.'), plain.size());
    const std::size_t digits = point - start;
    if (digits < 5) {
        return plain;
    }
    std::string out = plain.substr(0, start);
    for (std::size_t i = start; i < point; ++i) {
        if (i > start && (point - i) % 3 == 0) {
            out += ' ';
        }
        out += plain[i];
    }
    out.append(plain, point);
    return out;
}

// Six significant digits: 60 012.3, 3012.45, 150.123, 0.0722187.
int priceDecimals(double price) {
    return std::clamp(5 - static_cast<int>(std::floor(std::log10(price))), 0, 10);
}

// Columns a string takes in a terminal: every UTF-8 sequence here is one column wide.
int columnsOf(std::string_view text) {
    int columns = 0;
    for (const char c : text) {
        columns += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return columns;
}

// Which bins each chart column shows. The current price sits on a bin edge (the map is
// symmetric around it); bins are merged outwards from there, `perColumn` at a time, so no
// column mixes bins from both sides of the price, and a group is `groupWidth` columns wide when
// there are fewer bins than columns.
struct Layout {
    std::size_t split = 0;      // first bin right of the price line
    std::size_t perColumn = 1;  // bins merged into one group
    int groupWidth = 1;         // screen columns per group
    int leftGroups = 0;
    int rightGroups = 0;
    int offset = 0;  // blank plot columns before the first group (centring)

    int lineColumn() const { return offset + leftGroups * groupWidth; }

    // Bins [first, last) of the group at plot column `column`; nullopt for the line and the
    // margins.
    std::optional<std::pair<std::size_t, std::size_t>> binsAt(int column,
                                                              std::size_t binCount) const {
        const int line = lineColumn();
        if (column < offset || column == line) {
            return std::nullopt;
        }
        if (column < line) {
            const auto fromLine = static_cast<std::size_t>((line - 1 - column) / groupWidth);
            const std::size_t last = split - fromLine * perColumn;
            return std::pair(last - std::min(last, perColumn), last);
        }
        const int group = (column - line - 1) / groupWidth;
        if (group >= rightGroups) {
            return std::nullopt;
        }
        const std::size_t first = split + static_cast<std::size_t>(group) * perColumn;
        return std::pair(first, std::min(binCount, first + perColumn));
    }

    // The plot column drawing `price`, or nullopt outside the bins.
    std::optional<int> columnOf(const LiquidationMap& map, double price) const {
        const double bin = (price - map.priceLow()) / map.binWidth();
        const double fromLine =
            (bin - static_cast<double>(split)) / static_cast<double>(perColumn) * groupWidth;
        const int line = lineColumn();
        const int column = fromLine < 0 ? line + static_cast<int>(std::floor(fromLine))
                                        : line + 1 + static_cast<int>(std::floor(fromLine));
        const int first = offset;
        const int last = line + rightGroups * groupWidth;
        if (column < first || column > last || column == line) {
            return std::nullopt;
        }
        return column;
    }
};

Layout layoutFor(const LiquidationMap& map, int plotWidth) {
    Layout layout;
    const std::size_t bins = map.binCount();
    const double position = (map.currentPrice() - map.priceLow()) / map.binWidth();
    layout.split =
        static_cast<std::size_t>(std::clamp(std::lround(position), 0L, static_cast<long>(bins)));
    const auto groupsOf = [&](std::size_t perColumn) {
        return std::pair(static_cast<int>((layout.split + perColumn - 1) / perColumn),
                         static_cast<int>((bins - layout.split + perColumn - 1) / perColumn));
    };
    const int dataWidth = plotWidth - 1;  // one column for the price line
    while (true) {
        const auto [left, right] = groupsOf(layout.perColumn);
        if (left + right <= dataWidth) {
            layout.leftGroups = left;
            layout.rightGroups = right;
            break;
        }
        ++layout.perColumn;
    }
    if (layout.perColumn == 1) {
        layout.groupWidth = std::max(1, dataWidth / static_cast<int>(bins));
    }
    const int used = (layout.leftGroups + layout.rightGroups) * layout.groupWidth + 1;
    layout.offset = (plotWidth - used) / 2;
    return layout;
}

// The price axis: the finest round step (1, 2, 2.5, 4 or 5 × 10^k) whose labels (at most six)
// fit under their ticks without touching; where grouped labels ("58 000") are too wide, plain
// ones ("58000") closer together.
struct Tick {
    int column = 0;      // plot column
    int labelStart = 0;  // screen column
    std::string label;
};

std::optional<std::vector<Tick>> ticksWithStep(const LiquidationMap& map, const Layout& layout,
                                               int width, double step, int decimals, bool grouped) {
    const auto firstIndex = static_cast<long long>(std::ceil(map.priceLow() / step));
    const auto lastIndex = static_cast<long long>(std::floor(map.priceHigh() / step));
    // Grouped labels have spaces inside, so they need more room between them.
    const int gap = grouped ? kLabelGap : kLabelGap - 1;
    std::vector<Tick> ticks;
    int freeFrom = 0;  // first screen column a label may use
    for (long long index = firstIndex; index <= lastIndex; ++index) {
        const double price = static_cast<double>(index) * step;
        const auto column = layout.columnOf(map, price);
        if (!column) {
            continue;
        }
        std::string label = grouped ? groupedNumber(price, decimals) : plainNumber(price, decimals);
        const int labelWidth = columnsOf(label);
        // Centred under the tick, or pushed in from the chart's edges.
        const int start = std::clamp(kGutter + *column - labelWidth / 2, 0, width - labelWidth);
        if (start < freeFrom) {
            return std::nullopt;
        }
        freeFrom = start + labelWidth + gap;
        ticks.push_back({*column, start, std::move(label)});
    }
    if (ticks.empty()) {
        return std::nullopt;
    }
    return ticks;
}

std::vector<Tick> priceTicks(const LiquidationMap& map, const Layout& layout, int width) {
    const double span = map.priceHigh() - map.priceLow();
    const int firstExponent = static_cast<int>(std::floor(std::log10(span))) - 3;
    for (int exponent = firstExponent; exponent <= firstExponent + 5; ++exponent) {
        for (const double mantissa : {1.0, 2.0, 2.5, 4.0, 5.0}) {
            const double step = mantissa * std::pow(10.0, exponent);
            if (std::floor(map.priceHigh() / step) - std::ceil(map.priceLow() / step) + 1 >
                kMaxPriceLabels) {
                continue;
            }
            const int decimals = std::max(0, -exponent + (mantissa == 2.5 ? 1 : 0));
            for (const bool grouped : {true, false}) {
                if (auto ticks = ticksWithStep(map, layout, width, step, decimals, grouped)) {
                    return std::move(*ticks);
                }
            }
        }
    }
    return {};
}

// One cell of the plot.
enum class Mark : std::uint8_t { Blank, Long, Short, Line };
struct Cell {
    Mark mark = Mark::Blank;
    int eighths = 8;  // of a Long or Short cell
};

// Appends a row of cells, colouring runs of one side, without trailing blanks.
void appendCells(std::string& out, const std::vector<Cell>& cells, bool colour) {
    std::size_t end = cells.size();
    while (end > 0 && cells[end - 1].mark == Mark::Blank) {
        --end;
    }
    Mark painted = Mark::Blank;
    for (std::size_t i = 0; i < end; ++i) {
        const Cell& cell = cells[i];
        if (colour) {
            const Mark wanted =
                cell.mark == Mark::Long || cell.mark == Mark::Short ? cell.mark : Mark::Blank;
            if (wanted != painted) {
                out += wanted == Mark::Long ? kRed : wanted == Mark::Short ? kGreen : kReset;
                painted = wanted;
            }
        }
        switch (cell.mark) {
            case Mark::Blank:
                out += ' ';
                break;
            case Mark::Line:
                out += kPriceLine;
                break;
            case Mark::Long:
            case Mark::Short:
                if (colour) {
                    out += kEighths[static_cast<std::size_t>(cell.eighths - 1)];
                } else {
                    out += cell.mark == Mark::Long ? kLongGlyph : kShortGlyph;
                }
                break;
        }
    }
    if (painted != Mark::Blank) {
        out += kReset;
    }
}

std::string rightAligned(std::string_view text, int width) {
    std::string out(static_cast<std::size_t>(std::max(0, width - columnsOf(text))), ' ');
    out += text;
    return out;
}

// The first of `variants` that fits in `width` columns, else the last (shortest) one.
std::string_view firstThatFits(std::initializer_list<std::string_view> variants, int width) {
    for (const std::string_view variant : variants) {
        if (columnsOf(variant) <= width) {
            return variant;
        }
    }
    return *(variants.end() - 1);
}

// The legend, in the longest form that fits: the side names (the colour key, or with their
// glyph), the current price between arrows pointing at each side, and the reminder.
std::string legendLine(const LiquidationMap& map, int width, bool colour) {
    struct Variant {
        std::string longs;
        std::string middle;
        std::string shorts;
        std::string_view tail;
    };
    const auto key = [colour](std::string_view words, std::string_view glyph) {
        std::string text(words);
        if (!colour) {
            text.append(" (").append(glyph).append(")");
        }
        return text;
    };
    const std::string price = groupedNumber(map.currentPrice(), priceDecimals(map.currentPrice()));
    std::string arrows(" ◀ ");
    arrows.append(price).append(" ▶ ");
    std::string labelled(" ◀ price ");
    labelled.append(price).append(" ▶ ");
    const std::array<Variant, 4> variants{{
        {key("long liquidations", "#"), labelled, key("short liquidations", "="),
         " · estimated, not a prediction"},
        {key("long liquidations", "#"), labelled, key("short liquidations", "="), ""},
        {key("longs", "#"), arrows, key("shorts", "="), ""},
        {colour ? "L" : "#", arrows, colour ? "S" : "=", ""},
    }};
    const Variant* chosen = &variants.back();
    for (const Variant& variant : variants) {
        if (columnsOf(variant.longs) + columnsOf(variant.middle) + columnsOf(variant.shorts) +
                columnsOf(variant.tail) <=
            width) {
            chosen = &variant;
            break;
        }
    }
    std::string line;
    if (colour) {
        line.append(kRed).append(chosen->longs).append(kReset);
        line.append(chosen->middle);
        line.append(kGreen).append(chosen->shorts).append(kReset);
    } else {
        line.append(chosen->longs).append(chosen->middle).append(chosen->shorts);
    }
    line.append(chosen->tail);
    line += '\n';
    return line;
}

// The notional in range per side, and beyond it, in the longest form that fits.
std::string totalsLine(const LiquidationMap& map, int width) {
    const std::string longs = formatCompactNotional(map.totalLong());
    const std::string shorts = formatCompactNotional(map.totalShort());
    std::string full("in range: longs ");
    full.append(longs).append(", shorts ").append(shorts);
    full.append(" · beyond: longs ").append(formatCompactNotional(map.outsideLong()));
    full.append(", shorts ").append(formatCompactNotional(map.outsideShort()));
    std::string brief("longs ");
    brief.append(longs).append(" · shorts ").append(shorts);
    std::string tiny("L ");
    tiny.append(longs).append(" · S ").append(shorts);
    std::string line(firstThatFits({full, brief, tiny}, width));
    line += '\n';
    return line;
}

}  // namespace

int textChartBinsForWidth(int width) {
    const int dataWidth = width - kGutter - 1;
    return std::max(2, dataWidth / 2 * 2);
}

std::string renderTextChart(const LiquidationMap& map, const TextChartStyle& style) {
    if (style.width < kTextChartMinWidth) {
        std::string message("(the chart needs at least ");
        message.append(std::to_string(kTextChartMinWidth)).append(" columns; the terminal has ");
        message.append(std::to_string(style.width)).append(")\n");
        return message;
    }
    if (style.height < kTextChartMinHeight) {
        std::string message("(the chart needs at least ");
        message.append(std::to_string(kTextChartMinHeight)).append(" rows; got ");
        message.append(std::to_string(style.height)).append(")\n");
        return message;
    }
    const int plotWidth = style.width - kGutter;
    const Layout layout = layoutFor(map, plotWidth);

    // The long and short notional of every plot column; the tallest column sets the scale.
    std::vector<std::pair<double, double>> columns(static_cast<std::size_t>(plotWidth));
    double largest = 0;
    for (int column = 0; column < plotWidth; ++column) {
        const auto bins = layout.binsAt(column, map.binCount());
        if (!bins) {
            continue;
        }
        auto& [longs, shorts] = columns[static_cast<std::size_t>(column)];
        for (std::size_t bin = bins->first; bin < bins->second; ++bin) {
            longs += map.longNotional(bin);
            shorts += map.shortNotional(bin);
        }
        largest = std::max(largest, longs + shorts);
    }

    // Bar heights in eighths of a row: longs at the bottom, shorts stacked on them (around the
    // price a column can hold both). Without colour there are only whole rows.
    const int unit = style.colour ? 1 : 8;
    const auto eighthsOf = [&](double value) {
        if (!(value > 0) || !(largest > 0)) {
            return 0;
        }
        const long whole = std::lround(value / largest * style.height * 8 / unit);
        return static_cast<int>(std::max(1L, whole)) * unit;
    };
    std::vector<std::vector<Cell>> rows(static_cast<std::size_t>(style.height),
                                        std::vector<Cell>(static_cast<std::size_t>(plotWidth)));
    for (int column = 0; column < plotWidth; ++column) {
        const auto [longs, shorts] = columns[static_cast<std::size_t>(column)];
        int longTop = eighthsOf(longs);
        if (shorts > 0 && longTop % 8 != 0) {
            longTop += 8 - longTop % 8;  // a cell shows one side: the long part fills its cell
        }
        const int top = longTop + eighthsOf(shorts);
        for (int row = 0; row < style.height; ++row) {
            Cell& cell = rows[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
            const int bottom = row * 8;
            if (column == layout.lineColumn()) {
                cell.mark = Mark::Line;
            } else if (bottom < longTop) {
                cell = {Mark::Long, std::min(8, longTop - bottom)};
            } else if (bottom < top) {
                cell = {Mark::Short, std::min(8, top - bottom)};
            }
        }
    }

    std::string out;
    const std::string topLabel = formatCompactNotional(largest);
    const bool midLabel = style.height % 2 == 0 && style.height >= 4;
    for (int row = style.height - 1; row >= 0; --row) {
        std::string label;
        if (row == style.height - 1) {
            label = topLabel;
        } else if (midLabel && row == style.height / 2 - 1) {
            label = formatCompactNotional(largest / 2);
        }
        out += rightAligned(label, kLabelWidth);
        out += label.empty() ? " │" : " ┤";
        appendCells(out, rows[static_cast<std::size_t>(row)], style.colour);
        out += '\n';
    }

    const std::vector<Tick> ticks = priceTicks(map, layout, style.width);
    std::vector<std::string_view> axis(static_cast<std::size_t>(plotWidth), "─");
    axis[static_cast<std::size_t>(layout.lineColumn())] = "┴";
    for (const Tick& tick : ticks) {
        axis[static_cast<std::size_t>(tick.column)] = "┬";
    }
    out.append(kGutter - 1, ' ').append("└");
    for (const std::string_view piece : axis) {
        out += piece;
    }
    out += '\n';
    std::string labels;
    for (const Tick& tick : ticks) {
        labels.append(static_cast<std::size_t>(tick.labelStart - columnsOf(labels)), ' ');
        labels += tick.label;
    }
    out += labels + '\n';
    out += legendLine(map, style.width, style.colour);
    out += totalsLine(map, style.width);
    return out;
}

}  // namespace liqmap::core
