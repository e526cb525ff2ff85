#include "text_frame.h"

#include <algorithm>  // std::clamp, std::max
#include <array>      // std::array
#include <chrono>     // std::chrono::system_clock
#include <cstdio>     // std::snprintf
#include <ctime>      // gmtime_r, std::strftime, std::time_t

namespace liqmap::cli {

namespace {

// 1234567 → "1 234 567", as the chart groups prices.
std::string groupedCount(std::uint64_t count) {
    const std::string digits = std::to_string(count);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ' ';
        }
        out += digits[i];
    }
    return out;
}

// Terminal columns of UTF-8 text (every character used here is one column wide).
int columnsOf(std::string_view text) {
    int columns = 0;
    for (const char c : text) {
        columns += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return columns;
}

// `text` cut to `width` columns, ending in "…" when cut.
std::string cutToColumns(const std::string& text, int width) {
    if (columnsOf(text) <= width || width < 1) {
        return text;
    }
    std::size_t end = 0;
    for (int columns = 0; end < text.size(); ++end) {
        const bool starts = (static_cast<unsigned char>(text[end]) & 0xC0U) != 0x80U;
        if (starts && ++columns == width) {
            break;  // the last column is for the ellipsis
        }
    }
    return text.substr(0, end) + "…";
}

}  // namespace

std::string textMapTitle(std::string_view exchange, std::string_view symbol,
                         core::TimestampMs marketTimeMs, int width) {
    std::string name(exchange);
    name.append(" ").append(symbol);
    std::string time;
    if (marketTimeMs > 0) {
        const auto seconds = static_cast<std::time_t>(marketTimeMs / 1000);
        std::tm utc{};
        std::array<char, 32> text{};
        if (gmtime_r(&seconds, &utc) != nullptr &&
            std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M:%S UTC", &utc) > 0) {
            time = text.data();
        }
    }
    // The longest of these that fits.
    std::string full = name + " · estimated liquidation map";
    std::string timed = name;
    if (!time.empty()) {
        full.append(" · market time ").append(time);
        timed.append(" · ").append(time);
    }
    for (const std::string* title : {&full, &timed}) {
        if (columnsOf(*title) <= width) {
            return *title;
        }
    }
    return name;
}

std::string feedStatusLine(std::string_view label, const exchange::FeedStatus& status,
                           core::TimestampMs nowMs, int width) {
    const std::uint64_t messages = status.messages();
    const core::TimestampMs lastMessageMs = status.lastMessageMs();
    std::string age;
    if (lastMessageMs > 0) {
        const double seconds =
            static_cast<double>(std::max<core::TimestampMs>(0, nowMs - lastMessageMs)) / 1000;
        std::array<char, 32> text{};
        std::snprintf(text.data(), text.size(), seconds < 10 ? "%.1f s" : "%.0f s", seconds);
        age = text.data();
    }
    std::string problems;
    for (const exchange::ConnectionStatus& connection : status.connections) {
        if (connection.state == exchange::ConnectionState::Live) {
            continue;
        }
        problems.append(" · ").append(connection.name).append(" ");
        problems.append(exchange::toString(connection.state));
        if (!connection.error.empty()) {
            problems.append(" (").append(connection.error).append(")");
        }
    }
    if (!status.lastRestError.empty() && status.phase != exchange::FeedPhase::Live) {
        problems.append(" · REST: ").append(status.lastRestError);
    }
    const std::string skipped = groupedCount(status.skipped.total()) + " skipped";

    std::string full(label);
    full.append(" ").append(status.symbol).append(": ").append(exchange::toString(status.phase));
    full.append(" · ")
        .append(groupedCount(messages))
        .append(messages == 1 ? " message" : " messages");
    if (!age.empty()) {
        full.append(" · last ").append(age).append(" ago");
    }
    full.append(" · ").append(skipped).append(problems);
    if (columnsOf(full) <= width) {
        return full;
    }
    // Narrow terminals: the title names the symbol; a line that still wraps would scroll the
    // redrawn frame, so it is cut.
    std::string brief(label);
    brief.append(": ").append(exchange::toString(status.phase));
    brief.append(" · ").append(groupedCount(messages)).append(" msgs");
    if (!age.empty()) {
        brief.append(" · ").append(age).append(" ago");
    }
    brief.append(" · ").append(skipped).append(problems);
    return cutToColumns(brief, width);
}

int chartHeightFor(const Terminal& terminal, int otherLines) {
    constexpr int kRows = 16;
    if (terminal.height <= 0) {
        return kRows;
    }
    // The chart's own axis, labels, legend and totals, and the line the cursor rests on.
    constexpr int kChartExtras = 4 + 1;
    return std::clamp(terminal.height - otherLines - kChartExtras, 4, kRows);
}

core::TimestampMs wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace liqmap::cli
