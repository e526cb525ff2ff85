#pragma once

#include <cstdint>      // std::uint64_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/market_event.h"  // core::TimestampMs

namespace liqmap::exchange {

/// Where a connection is in its life; the GUI's status bar shows it.
enum class ConnectionState : std::uint8_t {
    Idle,          ///< not started
    Connecting,    ///< resolving, TCP, TLS, WebSocket handshake, subscribing
    Live,          ///< subscribed and receiving
    Stale,         ///< nothing received for longer than the stream's staleAfter; reconnecting
    Reconnecting,  ///< waiting out the backoff; `reconnectAtMs` says until when
    Error,         ///< gave up (e.g. HTTP 418 ban); `error` says why
    Stopped,       ///< closed on request
};

/// Stable lowercase name: "connecting", "live", "reconnecting", ….
std::string_view toString(ConnectionState state);

/// A snapshot of one connection, safe to copy to another thread. Times are wall-clock
/// milliseconds since the epoch (system_clock), 0 when not yet known.
struct ConnectionStatus {
    std::string name;  ///< the stream's name ("market") or "rest"
    ConnectionState state = ConnectionState::Idle;
    std::uint64_t messages = 0;    ///< text frames received since start (all connections)
    std::uint64_t reconnects = 0;  ///< connections made after the first
    core::TimestampMs lastMessageMs = 0;
    core::TimestampMs reconnectAtMs = 0;
    /// Last failure, with its stage: "tls handshake: certificate verify failed".
    std::string error;
};

}  // namespace liqmap::exchange
