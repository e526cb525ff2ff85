#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "demo/market_streams.h"

namespace liqmap::exchange::demo {

/// One WebSocket connection's streams and framing, changed by the client's live requests as
/// Binance documents them (PROTOCOLS.md §1.2): SUBSCRIBE and UNSUBSCRIBE (all streams of a
/// request or none), LIST_SUBSCRIPTIONS, SET_PROPERTY / GET_PROPERTY "combined". Every request
/// gets one reply; a bad one an error frame {"code":…,"msg":…} (code 0 unknown property, 1 bad
/// value type, 2 invalid request, 3 invalid JSON), and the connection stays up. Not thread-safe.
class StreamSubscriptions {
public:
    StreamSubscriptions(const MarketStreams& catalogue, const StreamTarget& initial);

    /// Handles one text message from the client and returns the reply to send.
    std::string handle(std::string_view message);

    bool wants(StreamId id) const { return m_streams.test(static_cast<std::size_t>(id)); }
    const StreamSet& streams() const { return m_streams; }
    /// Frames wrapped as {"stream","data"}.
    bool combined() const { return m_combined; }

private:
    const MarketStreams* m_catalogue;
    StreamSet m_streams;
    bool m_combined;
};

}  // namespace liqmap::exchange::demo
