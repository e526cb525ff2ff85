#include "demo/market_streams.h"

#include "demo/binance_wire.h"  // errorBody

namespace liqmap::exchange::demo {

namespace {

constexpr std::string_view kRawPath = "/market/ws";
constexpr std::string_view kRawPrefix = "/market/ws/";
constexpr std::string_view kCombinedPath = "/market/stream";
// markPrice without @1s updates every 3 s (PROTOCOLS.md §1.3).
constexpr core::TimestampMs kSlowMarkMs = 3000;

std::size_t indexOf(StreamId id) { return static_cast<std::size_t>(id); }

std::string lowercase(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return lower;
}

/// Adds every '/'-separated stream of `list` to `streams`; the first unknown one is refused.
std::optional<TargetRefusal> addStreams(const MarketStreams& catalogue, std::string_view list,
                                        StreamSet& streams) {
    while (!list.empty()) {
        const std::size_t slash = list.find('/');
        const std::string_view name = list.substr(0, slash);
        if (!name.empty()) {
            const std::optional<StreamId> id = catalogue.parse(name);
            if (!id) {
                std::string message = "Invalid request: unknown stream '";
                message += name;
                message += "'";
                return TargetRefusal{400, errorBody(2, message)};
            }
            streams.set(indexOf(*id));
        }
        if (slash == std::string_view::npos) {
            break;
        }
        list.remove_prefix(slash + 1);
    }
    return std::nullopt;
}

}  // namespace

MarketStreams::MarketStreams(std::string_view symbol) {
    const std::string lower = lowercase(symbol);
    m_names[indexOf(StreamId::ForceOrder)] = lower + "@forceOrder";
    m_names[indexOf(StreamId::AllForceOrders)] = "!forceOrder@arr";
    m_names[indexOf(StreamId::MarkPrice1s)] = lower + "@markPrice@1s";
    m_names[indexOf(StreamId::MarkPrice3s)] = lower + "@markPrice";
    m_names[indexOf(StreamId::AggTrade)] = lower + "@aggTrade";
    m_names[indexOf(StreamId::Kline1m)] = lower + "@kline_1m";
}

std::optional<StreamId> MarketStreams::parse(std::string_view name) const {
    // The symbol part is matched in any case (clients differ); the stream type exactly.
    const std::size_t at = name.find('@');
    std::string normalized = lowercase(name.substr(0, at));
    if (at != std::string_view::npos) {
        normalized += name.substr(at);
    }
    for (std::size_t i = 0; i < kStreamCount; ++i) {
        if (m_names[i] == name || m_names[i] == normalized) {
            return static_cast<StreamId>(i);
        }
    }
    return std::nullopt;
}

std::variant<StreamTarget, TargetRefusal> MarketStreams::target(std::string_view target) const {
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    StreamTarget result;
    std::optional<TargetRefusal> refusal;
    if (path == kRawPath) {
        return result;
    }
    if (path.starts_with(kRawPrefix)) {
        refusal = addStreams(*this, path.substr(kRawPrefix.size()), result.streams);
    } else if (path == kCombinedPath) {
        result.combined = true;
        // streams=a/b/c; other parameters are ignored, as Binance does.
        std::string_view rest = query;
        while (!rest.empty() && !refusal) {
            const std::size_t amp = rest.find('&');
            const std::string_view pair = rest.substr(0, amp);
            if (pair.starts_with("streams=")) {
                refusal = addStreams(*this, pair.substr(8), result.streams);
            }
            if (amp == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(amp + 1);
        }
    } else {
        std::string message = "Path ";
        message += path;
        message += " is not a market stream endpoint";
        return TargetRefusal{404, errorBody(-1, message)};
    }
    if (refusal) {
        return *refusal;
    }
    return result;
}

StreamSet MarketStreams::streamsOf(FrameKind kind, core::TimestampMs ts) {
    StreamSet streams;
    switch (kind) {
        case FrameKind::AggTrade:
            streams.set(indexOf(StreamId::AggTrade));
            break;
        case FrameKind::MarkPrice:
            streams.set(indexOf(StreamId::MarkPrice1s));
            if (ts % kSlowMarkMs == 0) {
                streams.set(indexOf(StreamId::MarkPrice3s));
            }
            break;
        case FrameKind::Kline:
            streams.set(indexOf(StreamId::Kline1m));
            break;
        case FrameKind::ForceOrder:
            streams.set(indexOf(StreamId::ForceOrder));
            streams.set(indexOf(StreamId::AllForceOrders));
            break;
    }
    return streams;
}

}  // namespace liqmap::exchange::demo
