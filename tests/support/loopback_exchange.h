#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <cstddef>      // std::size_t
#include <functional>   // std::function
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "support/test_certificate.h"

namespace liqmap::test {

/// One HTTP request as the loopback server received it.
struct HttpRequestInfo {
    std::string method;
    std::string target;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    /// The TCP connection it came on (1 = first accepted), to check keep-alive.
    int connection = 0;

    /// The value of header `name` (case-insensitive), empty when absent.
    std::string header(std::string_view name) const;
};

/// What the scripted HTTP handler answers.
struct HttpReply {
    int status = 200;
    /// Extra headers, e.g. {"Retry-After", "1"}.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// Close the TCP connection right after the response, without announcing it (as a server
    /// whose keep-alive idle timer fired): the client finds out on its next request.
    bool closeAfter = false;
    /// Send "Connection: close" and close after the response (the polite way).
    bool announceClose = false;
    /// Never answer; the connection stays open until the server stops (timeout tests).
    bool noAnswer = false;
};

/// A text message the server received over WebSocket.
struct WsMessage {
    /// Which WebSocket connection (1 = first upgraded one).
    int connection = 0;
    std::string text;
};

/// A scriptable TLS exchange on 127.0.0.1:<ephemeral port> with its own thread. One port serves
/// WebSocket upgrades and plain HTTPS requests (keep-alive) alike. Every member is thread-safe;
/// tests script it from the test thread. Traffic never leaves the loopback interface.
class LoopbackExchange {
public:
    /// Answers a message the way the exchange's server answers its application-level ping, or
    /// nothing.
    using AutoReply = std::function<std::optional<std::string>(std::string_view message)>;
    using HttpHandler = std::function<HttpReply(const HttpRequestInfo& request)>;

    /// Starts listening, serving `certificate` (default: a fresh one for 127.0.0.1 and
    /// localhost).
    explicit LoopbackExchange(TestCertificate certificate = makeTestCertificate());
    /// Closes every connection and joins the server thread.
    ~LoopbackExchange();
    LoopbackExchange(const LoopbackExchange&) = delete;
    LoopbackExchange& operator=(const LoopbackExchange&) = delete;

    /// "wss://127.0.0.1:P" (append the path).
    std::string webSocketBaseUrl() const;
    /// "https://127.0.0.1:P".
    std::string restBaseUrl() const;
    /// The served certificate, for TlsSettings::extraCaPem.
    const std::string& certificatePem() const;
    unsigned short port() const;

    // --- WebSocket -------------------------------------------------------------------------
    /// Waits until at least `count` WebSocket upgrades were accepted in total.
    bool waitForConnections(int count, std::chrono::milliseconds timeout) const;
    /// WebSocket upgrades accepted so far.
    int connectionCount() const;
    /// The upgrade request targets (path + query), in order.
    std::vector<std::string> upgradeTargets() const;
    /// The upgrade requests themselves (headers such as Host and User-Agent), in order.
    std::vector<HttpRequestInfo> upgradeRequests() const;
    /// The next text message received from a client, in arrival order; nothing on timeout.
    std::optional<WsMessage> waitForMessage(std::chrono::milliseconds timeout);
    /// Sends a text frame on the newest open connection.
    void send(std::string text);
    /// Sends a WebSocket ping frame (the Binance heartbeat) on the newest open connection.
    void sendPing(std::string payload);
    /// The payload of the next pong frame received; nothing on timeout.
    std::optional<std::string> waitForPong(std::chrono::milliseconds timeout);
    /// Called with every text message received; a returned text is sent back on that
    /// connection (unless silent).
    void setAutoReply(AutoReply reply);
    /// Closes the newest connection's socket abruptly: no close frame, no TLS close_notify.
    void drop();
    /// Sends a close frame (code 1000) on the newest connection.
    void close();
    /// While silent the server sends nothing at all on WebSocket connections: no frames, no
    /// auto replies, and (because it stops reading) no pongs or close answers either.
    void goSilent(bool silent);
    /// Writes bytes that are no valid WebSocket frame on the newest connection.
    void sendGarbage();
    /// Close frames received from clients so far.
    int clientCloses() const;
    bool waitForClientCloses(int count, std::chrono::milliseconds timeout) const;

    // --- HTTPS -----------------------------------------------------------------------------
    /// Answers every HTTP request (the default answers 404).
    void setHttpHandler(HttpHandler handler);
    /// Every HTTP request so far, in order.
    std::vector<HttpRequestInfo> requests() const;
    bool waitForRequests(std::size_t count, std::chrono::milliseconds timeout) const;
    /// TCP connections accepted so far (WebSocket and HTTP).
    int acceptedConnections() const;

    // --- Both ------------------------------------------------------------------------------
    /// While set, new TCP connections are accepted but the TLS handshake never starts (a
    /// server that hangs): the client's connect timeout has to end the wait.
    void stallHandshakes(bool stall);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

/// Bybit: {"op":"ping"} ⇒ {"success":true,"ret_msg":"pong",…,"op":"ping"}.
std::optional<std::string> answerBybitPing(std::string_view message);
/// OKX: text "ping" ⇒ text "pong".
std::optional<std::string> answerOkxPing(std::string_view message);
/// Hyperliquid: {"method":"ping"} ⇒ {"channel":"pong"}.
std::optional<std::string> answerHyperliquidPing(std::string_view message);

/// A wss:// URL on 127.0.0.1 where nothing listens (a port that was just freed): connections
/// are refused.
std::string refusedWebSocketUrl();
/// The same as https://.
std::string refusedRestUrl();

}  // namespace liqmap::test
