#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string_view>  // std::string_view
#include <variant>      // std::variant

namespace liqmap::core {

/// Milliseconds since the Unix epoch (UTC), as the exchange stamped the event.
using TimestampMs = std::int64_t;

inline constexpr TimestampMs kMinuteMs = 60'000;
inline constexpr TimestampMs kHourMs = 60 * kMinuteMs;
inline constexpr TimestampMs kDayMs = 24 * kHourMs;

/// Side of a position. For a liquidation it is the side of the position that was closed.
enum class Side : std::uint8_t { Long, Short };

/// Which side of a trade took liquidity.
enum class Aggressor : std::uint8_t { Buy, Sell };

/// What a reported liquidation price means; the venues disagree (see PROTOCOLS.md §6.3).
enum class PriceKind : std::uint8_t { Average, Bankruptcy, Order };

/// One public trade. Prices in quote currency, quantities in base units.
struct Trade {
    TimestampMs ts = 0;
    double price = 0;
    double qty = 0;
    Aggressor aggressor = Aggressor::Buy;

    friend bool operator==(const Trade&, const Trade&) = default;
};

/// Mark price update; index price and funding rate when the venue sends them.
struct MarkPrice {
    TimestampMs ts = 0;
    double price = 0;
    std::optional<double> index;
    std::optional<double> funding;

    friend bool operator==(const MarkPrice&, const MarkPrice&) = default;
};

/// Open interest of one side of the market (every contract has one long and one short holder).
struct OpenInterest {
    TimestampMs ts = 0;
    double qty = 0;
    std::optional<double> notional;

    friend bool operator==(const OpenInterest&, const OpenInterest&) = default;
};

/// OHLCV candle; `ts` is its open time. Unclosed candles are live updates of the current bar.
struct Candle {
    TimestampMs ts = 0;
    TimestampMs intervalMs = kMinuteMs;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;
    bool closed = true;

    friend bool operator==(const Candle&, const Candle&) = default;
};

/// A forced close the exchange reported.
struct Liquidation {
    TimestampMs ts = 0;
    Side side = Side::Long;
    double price = 0;
    double qty = 0;
    double notional = 0;
    PriceKind priceKind = PriceKind::Average;

    friend bool operator==(const Liquidation&, const Liquidation&) = default;
};

/// Everything an exchange adapter produces, normalized (ARCHITECTURE.md "Normalized market
/// events").
using MarketEvent = std::variant<Trade, MarkPrice, OpenInterest, Candle, Liquidation>;

/// The exchange timestamp of any event.
TimestampMs timestampOf(const MarketEvent& event);

std::string_view toString(Side side);
std::string_view toString(Aggressor aggressor);
std::string_view toString(PriceKind kind);
std::optional<Side> parseSide(std::string_view text);
std::optional<Aggressor> parseAggressor(std::string_view text);
std::optional<PriceKind> parsePriceKind(std::string_view text);

/// "1m", "5m", "1h", "1d", "1w", "1500ms" and the like (s, m, h, d, w, ms); nullopt for anything
/// else or a zero length.
std::optional<TimestampMs> parseInterval(std::string_view text);
/// The shortest of those spellings for `intervalMs` ("1m", "4h"); milliseconds as "<n>ms"
/// otherwise.
std::string formatInterval(TimestampMs intervalMs);

}  // namespace liqmap::core
