#pragma once

#include <array>        // std::array
#include <bitset>       // std::bitset
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <variant>      // std::variant

#include "demo/frame_encoder.h"  // FrameKind
#include "liqmap/core/market_event.h"

namespace liqmap::exchange::demo {

/// The market streams the demo exchange serves for its one symbol (PROTOCOLS.md §1.3).
enum class StreamId : std::uint8_t {
    ForceOrder,      ///< <symbol>@forceOrder
    AllForceOrders,  ///< !forceOrder@arr (the only symbol's orders, the same frames)
    MarkPrice1s,     ///< <symbol>@markPrice@1s
    MarkPrice3s,     ///< <symbol>@markPrice (every third second)
    AggTrade,        ///< <symbol>@aggTrade
    Kline1m,         ///< <symbol>@kline_1m
};
inline constexpr std::size_t kStreamCount = 6;
using StreamSet = std::bitset<kStreamCount>;

/// What a WebSocket upgrade asks for: the streams named in its path or query, and whether
/// frames come wrapped as {"stream","data"} (/stream) or bare (/ws).
struct StreamTarget {
    StreamSet streams;
    bool combined = false;
};

/// Why an upgrade target is refused: an HTTP status and a Binance error body.
struct TargetRefusal {
    unsigned status = 404;
    std::string body;
};

/// Stream names and upgrade targets of the routed /market base: `/market/ws`,
/// `/market/ws/<stream>/<stream>…` and `/market/stream?streams=<stream>/<stream>…`. Stream names
/// take the symbol in lowercase, as Binance documents.
class MarketStreams {
public:
    explicit MarketStreams(std::string_view symbol);

    /// The stream a name means, or nullopt for anything this exchange does not serve.
    std::optional<StreamId> parse(std::string_view name) const;
    /// "btcusdt@aggTrade", "!forceOrder@arr", ….
    const std::string& name(StreamId id) const { return m_names[static_cast<std::size_t>(id)]; }

    /// The streams and framing of an upgrade request's target, or why it is refused: 404 for a
    /// path outside /market/ws and /market/stream, 400 naming the first unknown stream.
    std::variant<StreamTarget, TargetRefusal> target(std::string_view target) const;

    /// The streams a frame belongs to: a mark price goes to markPrice@1s every second and to
    /// markPrice on every third, a forced order to both liquidation streams.
    static StreamSet streamsOf(FrameKind kind, core::TimestampMs ts);

private:
    std::array<std::string, kStreamCount> m_names;
};

}  // namespace liqmap::exchange::demo
