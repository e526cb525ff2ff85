#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <cstddef>      // std::size_t
#include <functional>   // std::function
#include <memory>       // std::unique_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "demo/frame_encoder.h"  // EncodedFrame
#include "demo/rest_api.h"       // RestAnswer
#include "transport/self_signed_certificate.h"

namespace liqmap::exchange::demo {

/// What the server asks of the market. Both run on the server thread, one at a time.
struct DemoServerCallbacks {
    /// Answers one HTTPS request.
    std::function<RestAnswer(std::string_view method, std::string_view target)> answer;
    /// Appends the payloads the market produced since the last call. Returns true while the
    /// market is still behind its clock, so the next turn comes at once rather than after the
    /// turn period.
    std::function<bool(std::vector<EncodedFrame>& frames)> advance;
};

/// The server's rhythm and limits; the defaults are Binance's (tests shorten them).
struct DemoServerOptions {
    /// How often the market is asked to advance.
    std::chrono::milliseconds turnPeriod{50};
    /// Binance pings every 3 minutes …
    std::chrono::milliseconds pingPeriod{std::chrono::minutes(3)};
    /// … and drops a connection that sent nothing, not even a pong, for 10 minutes.
    std::chrono::milliseconds silentClientTimeout{std::chrono::minutes(10)};
    /// A connection with more than this waiting to be written is a client that does not keep up.
    std::size_t maxQueuedBytes = 16u << 20;
};

/// The demo exchange's network side (the only Beast translation unit of the demo): a TLS
/// listener on 127.0.0.1 whose one port serves HTTPS REST requests (keep-alive) and WebSocket
/// upgrades on the routed /market paths, like Binance's. One io_context on one thread; every
/// connection lives on it, so each connection's handlers are serialised (an implicit strand).
///
/// Every turn period it asks the market to advance, then hands each payload to every
/// connection subscribed to one of its streams: the text is shared, wrapped once per stream for
/// combined connections. Each connection writes one frame at a time from its own queue; a client
/// that lets more than 16 MiB pile up is disconnected, with the reason on stderr, instead of
/// growing the server's memory. The server pings every connection every 3 minutes as Binance does
/// and drops one that sent nothing (not even a pong) for 10 minutes; client pings are answered.
/// Errors end the one connection they happen on.
class DemoServer {
public:
    /// Binds 127.0.0.1:`port` (0 = a free one). Throws std::runtime_error when it cannot listen
    /// (the port is taken) or the certificate is unusable.
    DemoServer(const detail::SelfSignedCertificate& certificate, unsigned short port,
               std::string_view symbol, DemoServerCallbacks callbacks,
               DemoServerOptions options = {});
    /// stop().
    ~DemoServer();
    DemoServer(const DemoServer&) = delete;
    DemoServer& operator=(const DemoServer&) = delete;

    /// Starts the server thread: accepting, and the market's turns.
    void start();
    /// Closes every connection (a WebSocket close frame, bounded to a second), stops the turns
    /// and joins the thread. Idempotent; must not run on the server thread.
    void stop();

    unsigned short port() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace liqmap::exchange::demo
