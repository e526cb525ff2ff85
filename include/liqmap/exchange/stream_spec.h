#pragma once

#include <chrono>  // std::chrono::milliseconds
#include <string>  // std::string
#include <vector>  // std::vector

namespace liqmap::exchange {

/// How a venue keeps a quiet connection alive (PROTOCOLS.md §6.10).
struct HeartbeatRule {
    enum class Kind {
        /// The server sends WebSocket pings and the client answers with pongs (Binance). The
        /// session answers them at the protocol level; nothing is sent on a timer.
        ServerPing,
        /// Send `message` every `interval`, whatever else is happening (Bybit `{"op":"ping"}`
        /// every 20 s).
        ClientEvery,
        /// Send `message` after `interval` without any received frame (OKX text `ping` after
        /// 25 s, Hyperliquid `{"method":"ping"}` after 20 s).
        ClientWhenIdle,
    };
    Kind kind = Kind::ServerPing;
    std::string message;
    std::chrono::milliseconds interval{0};
};

/// One WebSocket connection a feed needs: where, what to subscribe to, how to keep it alive.
struct StreamSpec {
    /// Short name, unique within the venue ("market", "public", "business", "linear", "ws");
    /// recordings tag every frame with it.
    std::string name;
    /// Full URL, "wss://host[:port]/path[?query]".
    std::string url;
    /// Text messages sent, in order, after every (re)connect.
    std::vector<std::string> subscribeMessages;
    HeartbeatRule heartbeat;
    /// No frame (data, pong or ping) for this long: the feed is stale and is reconnected.
    std::chrono::milliseconds staleAfter{std::chrono::seconds(60)};
    /// Planned reconnect before the venue's own connection lifetime ends (Binance drops at
    /// 24 h); zero means never.
    std::chrono::milliseconds rotateAfter{0};
};

}  // namespace liqmap::exchange
