#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <climits>      // INT_MAX
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
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

/// WebSocket opcodes (RFC 6455 section 5.2), for frames written with sendRaw().
enum class WsOpcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

/// How closeEachConnection() ends the connections: as an exchange that closes every
/// connection shortly after it is established.
struct ConnectionChurn {
    /// A connection is ended once it has received this many text messages (its subscriptions).
    std::size_t afterMessages = 1;
    /// Sent on the connection once it has its messages, just before it is ended (e.g. one
    /// market frame naming the connection number), so a test can see that every connection
    /// carried data.
    std::function<std::string(int connection)> lastFrame;
    /// Only connections numbered up to this are ended; later ones get their lastFrame and stay
    /// open, which gives a test a quiet point to measure at.
    int throughConnection = INT_MAX;
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
    /// Writes `bytes` straight into the newest connection's TLS stream, past the WebSocket
    /// framing (build them with webSocketFrame()), in TLS writes of at most `chunkBytes` each
    /// (0 = one write), so the client receives them a few bytes per TLS record. Ordered with
    /// send(), sendPing() and close().
    void sendRaw(std::string bytes, std::size_t chunkBytes = 0);
    /// One text message as fragments: a text frame with FIN=0 holding parts[0], continuation
    /// frames for the rest, the last with FIN=1; written as sendRaw(…, chunkBytes).
    void sendFragments(const std::vector<std::string>& parts, std::size_t chunkBytes = 0);
    /// Writes only the first `sentBytes` bytes of a text frame carrying `payload` (header
    /// included, so a cut may fall inside the header) on the newest connection, then, once they
    /// are written, closes its socket abruptly as drop() does.
    void dropMidFrame(std::string_view payload, std::size_t sentBytes);
    /// Ends every WebSocket connection as `churn` says once it has received
    /// churn.afterMessages text messages: sends churn.lastFrame, then a close frame (code 1000)
    /// on odd-numbered connections or an abrupt drop (as drop()) on even ones. A later call
    /// replaces the plan; it applies to connections reaching their message count afterwards.
    void closeEachConnection(ConnectionChurn churn);
    /// WebSocket connections whose socket is still open (a connection's socket is closed as
    /// soon as its reading ends).
    int openWebSockets() const;
    /// Waits until exactly `count` WebSocket sockets are open.
    bool waitForOpenWebSockets(int count, std::chrono::milliseconds timeout) const;
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
    /// Forgets what was recorded so far: upgrade requests, unread messages and pongs, HTTP
    /// requests (the counters stay). A long test calls it before measuring memory, so the
    /// measurement sees the client and not this record growing.
    void forgetRecords();
    /// While set, new TCP connections are accepted but the TLS handshake never starts (a
    /// server that hangs): the client's connect timeout has to end the wait.
    void stallHandshakes(bool stall);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

/// The bytes of one unmasked (server to client) WebSocket frame: FIN bit and opcode, the
/// payload length in its shortest form (7 bits, or 126 + 16 bits, or 127 + 64 bits), payload.
std::string webSocketFrame(WsOpcode opcode, bool fin, std::string_view payload);

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
