#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <functional>   // std::function
#include <memory>       // std::shared_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/market_event.h"  // core::TimestampMs
#include "liqmap/exchange/connection_status.h"
#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/stream_spec.h"
#include "liqmap/exchange/tls_settings.h"

namespace liqmap::exchange {

/// Reconnect delays: initial, doubling up to max, each multiplied by a random factor in
/// [1 − jitter, 1 + jitter] so many clients do not reconnect in step.
struct Backoff {
    std::chrono::milliseconds initial{std::chrono::milliseconds(500)};
    std::chrono::milliseconds max{std::chrono::seconds(30)};
    double jitter = 0.2;
};

struct WebSocketOptions {
    StreamSpec stream;
    TlsSettings tls;
    Backoff backoff;
    /// Resolve + TCP + TLS + WebSocket handshake must finish within this.
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(10)};
    /// Larger frames fail the connection with a clear error (and a reconnect).
    std::size_t maxFrameBytes = 16u << 20;
};

/// One TLS WebSocket connection that stays up: connect (SNI, peer and host-name verification),
/// send the subscribe messages, keep the heartbeat, detect a stale feed, reconnect with jittered
/// exponential backoff and resubscribe, rotate before the venue's lifetime limit, close cleanly
/// on stop(). Everything runs on the network thread under the session's own strand; one write is
/// outstanding at a time, the rest wait in a queue. Callbacks run on the network thread and must
/// not block.
class WebSocketSession {
public:
    struct Callbacks {
        /// Every text frame, with its receive time (wall clock, ms).
        std::function<void(std::string_view frame, core::TimestampMs receiveMs)> onFrame;
        /// Every state change (optional).
        std::function<void(const ConnectionStatus& status)> onStatus;
    };

    /// Throws core::ConfigError("url", …) for a URL that is not wss://host[:port]/path, and
    /// names the field for an unreadable tls.extraCaPem, a client heartbeat without message or
    /// interval, or a non-positive staleAfter, connectTimeout, maxFrameBytes or backoff.
    WebSocketSession(NetworkThread& network, WebSocketOptions options, Callbacks callbacks);
    /// Stops (as stop()) and waits until the connection is closed and no callback runs any more.
    /// Must not run on the network thread (e.g. inside a callback): it waits for that thread.
    ~WebSocketSession();
    WebSocketSession(const WebSocketSession&) = delete;
    WebSocketSession& operator=(const WebSocketSession&) = delete;

    void start();
    /// Sends a close frame (bounded wait), cancels timers; no reconnect follows. Idempotent;
    /// returns at once, the destructor waits.
    void stop();
    /// Queues a text message for the current connection (dropped if not connected).
    void send(std::string text);
    /// Thread-safe copy of the current status.
    ConnectionStatus status() const;

    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

}  // namespace liqmap::exchange
