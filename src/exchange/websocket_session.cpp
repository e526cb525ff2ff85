#include "liqmap/exchange/websocket_session.h"

#include <algorithm>                           // std::min, std::max, std::clamp
#include <boost/asio/associated_executor.hpp>  // boost::asio::get_associated_executor
#include <boost/asio/bind_executor.hpp>        // boost::asio::bind_executor
#include <boost/asio/ip/tcp.hpp>               // boost::asio::ip::tcp
#include <boost/asio/post.hpp>                 // boost::asio::post
#include <boost/asio/steady_timer.hpp>         // boost::asio::steady_timer
#include <boost/asio/strand.hpp>               // boost::asio::strand
#include <boost/beast/core.hpp>                // boost::beast::tcp_stream, flat_buffer
#include <boost/beast/ssl.hpp>        // boost::beast::ssl_stream (+ its websocket teardown)
#include <boost/beast/websocket.hpp>  // boost::beast::websocket::stream
#include <cassert>                    // assert
#include <chrono>                     // std::chrono::steady_clock, system_clock
#include <deque>                      // std::deque
#include <future>                     // std::promise
#include <mutex>                      // std::mutex, std::lock_guard
#include <optional>                   // std::optional
#include <random>                     // std::mt19937_64, std::uniform_real_distribution
#include <utility>                    // std::move

#include "liqmap/core/config_error.h"
#include "network_thread_impl.h"
#include "transport/tls_context.h"
#include "transport/url.h"

namespace liqmap::exchange {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using Strand = net::strand<net::io_context::executor_type>;

/// Beast's TLS stream under a session's WebSocket, with its own teardown (below).
class TlsStream : public beast::ssl_stream<beast::tcp_stream> {
public:
    using beast::ssl_stream<beast::tcp_stream>::ssl_stream;
};

/// Found by Beast (argument-dependent lookup) when it closes a WebSocket over a TlsStream: Beast's
/// own TLS teardown, whose outcome is then dropped. Beast fails a connection whose server broke
/// the protocol (invalid UTF-8 in a text message, a malformed frame) by sending a close frame and
/// tearing TLS down, and reports the teardown's error, if any, instead of the cause. A server
/// that answers our close frame, as it should, makes that error "application data after close
/// notify", which names nothing (found by transport_fault_test's InvalidUtf8 tests). The socket
/// is closed right after either way, so the teardown's outcome has nothing to tell.
template <class Handler>
void async_teardown(beast::role_type role, TlsStream& stream, Handler&& handler) {
    // Beast's handler completes on its own executor (the session's strand), as it would unwrapped.
    const auto executor = net::get_associated_executor(handler, stream.get_executor());
    beast::async_teardown(role, static_cast<beast::ssl_stream<beast::tcp_stream>&>(stream),
                          net::bind_executor(executor, [handler = std::forward<Handler>(handler)](
                                                           beast::error_code /*ignored*/) mutable {
                              std::move(handler)(beast::error_code{});
                          }));
}

using WsStream = websocket::stream<TlsStream>;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kUserAgent = "liqmap/0.1";
/// How long stop() (and a rotation) wait for the server's answer to our close frame.
constexpr milliseconds kCloseTimeout{1000};

core::TimestampMs wallClockMs() {
    return std::chrono::duration_cast<milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// "30 s" for whole seconds, "300 ms" otherwise: how the error texts name a duration.
std::string durationText(milliseconds duration) {
    if (duration.count() % 1000 == 0) {
        return std::to_string(duration.count() / 1000) + " s";
    }
    return std::to_string(duration.count()) + " ms";
}

/// One TCP + TLS + WebSocket connection. A session makes a fresh one for every (re)connect,
/// because a TLS stream cannot be reused after it failed or closed. Pending handlers hold it by
/// shared_ptr, so it outlives every operation started on it; a handler whose connection is no
/// longer the session's current one does nothing.
struct Connection {
    Connection(const Strand& strand, ssl::context& tls, std::uint64_t connectionNumber,
               std::size_t maxFrameBytes)
        : ws(strand, tls), buffer(maxFrameBytes), number(connectionNumber) {}

    WsStream ws;
    /// Holds one message; its maximum size is the frame limit (see onTlsHandshake).
    beast::flat_buffer buffer;
    /// Outgoing text messages; the front one is being written while `writing`.
    std::deque<std::string> queue;
    bool writing = false;
    /// The WebSocket handshake completed (a close frame can be sent).
    bool open = false;
    /// We are closing or have torn it down: errors from here on are expected, not failures.
    bool closing = false;
    /// The connect deadline closed the socket; the failing stage reports a timeout.
    bool timedOut = false;
    /// All subscribe messages written: the state is Live.
    bool live = false;
    /// Subscribe messages still in the queue or being written.
    std::size_t subscribesLeft = 0;
    std::uint64_t number;
};

/// What happens once a connection has been closed on purpose.
enum class AfterClose {
    Reconnect,     ///< stale: reconnect after the backoff delay
    ReconnectNow,  ///< planned rotation: reconnect at once
    Stop,          ///< stop(): state Stopped, nothing follows
};

}  // namespace

struct WebSocketSession::Impl : std::enable_shared_from_this<WebSocketSession::Impl> {
    Impl(detail::NetworkThreadImpl& network, WebSocketOptions options, Callbacks callbacks)
        : m_network(network),
          m_strand(net::make_strand(network.m_io)),
          m_options(std::move(options)),
          m_callbacks(std::move(callbacks)),
          m_url(detail::parseUrl(m_options.stream.url, "wss", true)),
          m_tls(detail::makeClientTlsContext(m_options.tls)),
          m_resolver(m_strand),
          m_connectTimer(m_strand),
          m_staleTimer(m_strand),
          m_heartbeatTimer(m_strand),
          m_rotateTimer(m_strand),
          m_reconnectTimer(m_strand),
          m_closeTimer(m_strand),
          m_nextDelay(m_options.backoff.initial),
          m_random(std::random_device{}()) {
        const HeartbeatRule& heartbeat = m_options.stream.heartbeat;
        if (heartbeat.kind != HeartbeatRule::Kind::ServerPing &&
            (heartbeat.interval.count() <= 0 || heartbeat.message.empty())) {
            throw core::ConfigError("heartbeat",
                                    "a client heartbeat needs a message and a positive interval");
        }
        if (m_options.stream.staleAfter.count() <= 0) {
            throw core::ConfigError("staleAfter", "must be positive");
        }
        if (m_options.connectTimeout.count() <= 0) {
            throw core::ConfigError("connectTimeout", "must be positive");
        }
        if (m_options.maxFrameBytes == 0) {
            throw core::ConfigError("maxFrameBytes", "must be positive");
        }
        if (m_options.backoff.initial.count() <= 0 ||
            m_options.backoff.max < m_options.backoff.initial) {
            throw core::ConfigError("backoff", "needs 0 < initial <= max");
        }
        m_status.name = m_options.stream.name;
    }

    ~Impl() {
        if (m_destroyed != nullptr) {
            m_destroyed->set_value();
        }
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Everything below runs on m_strand.

    void doStart() {
        if (m_started || m_stopping) {
            return;
        }
        m_started = true;
        connect();
    }

    void doStop() {
        if (m_stopping) {
            return;
        }
        m_stopping = true;
        m_reconnectTimer.cancel();
        const std::shared_ptr<Connection> conn = m_conn;
        if (!conn) {
            cancelConnectionTimers();
            m_resolver.cancel();
            setState(ConnectionState::Stopped);
            return;
        }
        if (conn->closing) {
            return;  // a stale or rotation close is in flight; it ends as Stopped now
        }
        closeGracefully(conn, kCloseTimeout, AfterClose::Stop);
    }

    void doSend(std::string text) {
        if (m_conn && m_conn->open && !m_conn->closing) {
            enqueue(m_conn, std::move(text));
        }
    }

    void connect() {
        if (m_stopping) {
            return;
        }
        ++m_connections;
        auto conn =
            std::make_shared<Connection>(m_strand, *m_tls, m_connections, m_options.maxFrameBytes);
        m_conn = conn;
        {
            const std::lock_guard lock(m_statusMutex);
            if (m_connections > 1) {
                ++m_status.reconnects;
            }
        }
        setState(ConnectionState::Connecting);

        // One deadline for resolve, TCP, TLS and the WebSocket handshake together.
        m_connectTimer.expires_after(m_options.connectTimeout);
        m_connectTimer.async_wait([self = shared_from_this(), conn](beast::error_code ec) {
            if (ec || conn != self->m_conn || conn->open) {
                return;
            }
            conn->timedOut = true;
            self->m_resolver.cancel();
            beast::get_lowest_layer(conn->ws).close();
        });

        m_resolver.async_resolve(
            m_url.host, m_url.port,
            [self = shared_from_this(), conn](beast::error_code ec,
                                              const tcp::resolver::results_type& results) {
                self->onResolve(conn, ec, results);
            });
    }

    void onResolve(const std::shared_ptr<Connection>& conn, beast::error_code ec,
                   const tcp::resolver::results_type& results) {
        if (ec) {
            return fail(conn, ec, "resolve");
        }
        beast::get_lowest_layer(conn->ws).async_connect(
            results, [self = shared_from_this(), conn](beast::error_code ec2,
                                                       const tcp::endpoint& /*endpoint*/) {
                self->onConnect(conn, ec2);
            });
    }

    void onConnect(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            return fail(conn, ec, "connect");
        }
        // Every write is a whole message the server waits for, and they come back to back (the
        // subscriptions): with Nagle's algorithm each one after the first waited for the ACK of
        // the one before, which a server delaying its ACKs held back 40 ms a message
        // (transport_fault_test measured the second subscription 40-64 ms after the first).
        // Failing to set it costs only that latency, so the connection goes on regardless.
        beast::error_code noDelayError;
        beast::get_lowest_layer(conn->ws).socket().set_option(tcp::no_delay(true), noDelayError);
        ec = detail::prepareClientStream(conn->ws.next_layer(), m_url);
        if (ec) {
            return fail(conn, ec, "tls setup");
        }
        conn->ws.next_layer().async_handshake(
            ssl::stream_base::client, [self = shared_from_this(), conn](beast::error_code ec2) {
                self->onTlsHandshake(conn, ec2);
            });
    }

    void onTlsHandshake(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            if (conn->timedOut) {
                return fail(conn, ec, "tls handshake");
            }
            return failWith(
                conn, "tls handshake: " +
                          detail::describeTlsFailure(ec, conn->ws.next_layer().native_handle()));
        }
        // Our own timers bound the handshake and the close; Beast's would only race them.
        conn->ws.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                            websocket::stream_base::none(), false});
        conn->ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
            request.set(beast::http::field::user_agent, kUserAgent);
        }));
        // The frame limit is the read buffer's maximum size, not Beast's read_message_max: on
        // message_too_big Beast sends close 1009 and tears TLS down itself, and when the server
        // answers that close, the read reports the teardown's "application data after close
        // notify" instead. A full buffer ends the read with buffer_overflow and nothing else,
        // so the error names the cause. 0 = no limit of Beast's own.
        conn->ws.read_message_max(0);
        // Beast answers a ping with a pong echoing its payload by itself while a read is
        // pending (Binance needs exactly that); here a ping or pong only counts as a sign of life.
        // Raw pointers: the callback lives inside the stream and runs inside our read, whose
        // handler already holds the session and the connection.
        conn->ws.control_callback(
            [this, raw = conn.get()](websocket::frame_type kind, beast::string_view /*payload*/) {
                if (kind != websocket::frame_type::close && raw == m_conn.get()) {
                    m_lastReceive = SteadyClock::now();
                }
            });
        conn->ws.async_handshake(m_url.hostHeader(), m_url.target,
                                 [self = shared_from_this(), conn](beast::error_code ec2) {
                                     self->onWebSocketHandshake(conn, ec2);
                                 });
    }

    void onWebSocketHandshake(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            return fail(conn, ec, "websocket handshake");
        }
        if (conn != m_conn || conn->closing) {
            return;
        }
        conn->open = true;
        m_connectTimer.cancel();
        m_lastReceive = SteadyClock::now();
        armStale(conn);
        read(conn);
        // Subscriptions never survive a reconnect on any venue: send them on every connection.
        for (const std::string& message : m_options.stream.subscribeMessages) {
            conn->queue.push_back(message);
        }
        conn->subscribesLeft = conn->queue.size();
        if (conn->subscribesLeft == 0) {
            goLive(conn);
        } else {
            writeNext(conn);
        }
    }

    void goLive(const std::shared_ptr<Connection>& conn) {
        conn->live = true;
        m_lastHeartbeat = SteadyClock::time_point{};
        setState(ConnectionState::Live);
        armHeartbeat(conn);
        if (m_options.stream.rotateAfter.count() > 0) {
            m_rotateTimer.expires_after(m_options.stream.rotateAfter);
            m_rotateTimer.async_wait([self = shared_from_this(), conn](beast::error_code ec) {
                if (ec || conn != self->m_conn || conn->closing || self->m_stopping) {
                    return;
                }
                self->closeGracefully(conn, kCloseTimeout, AfterClose::ReconnectNow);
            });
        }
    }

    void read(const std::shared_ptr<Connection>& conn) {
        conn->ws.async_read(conn->buffer, [self = shared_from_this(), conn](beast::error_code ec,
                                                                            std::size_t /*bytes*/) {
            self->onRead(conn, ec);
        });
    }

    void onRead(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            return fail(conn, ec, "read");
        }
        if (conn != m_conn) {
            return;
        }
        m_lastReceive = SteadyClock::now();
        if (conn->ws.got_text() && !m_stopping) {
            const core::TimestampMs receiveMs = wallClockMs();
            {
                const std::lock_guard lock(m_statusMutex);
                ++m_status.messages;
                m_status.lastMessageMs = receiveMs;
            }
            if (conn->live) {
                // This connection works end to end: the next failure starts from a short delay.
                m_nextDelay = m_options.backoff.initial;
            }
            if (m_callbacks.onFrame) {
                const auto data = conn->buffer.cdata();
                m_callbacks.onFrame(
                    std::string_view(static_cast<const char*>(data.data()), data.size()),
                    receiveMs);
            }
        }
        conn->buffer.consume(conn->buffer.size());
        // While our close is in flight Beast's close operation reads up to the server's close
        // frame itself; a read of ours would compete with it.
        if (!conn->closing) {
            read(conn);
        }
    }

    void enqueue(const std::shared_ptr<Connection>& conn, std::string text) {
        conn->queue.push_back(std::move(text));
        writeNext(conn);
    }

    void writeNext(const std::shared_ptr<Connection>& conn) {
        if (conn->writing || conn->queue.empty() || conn->closing) {
            return;
        }
        conn->writing = true;
        conn->ws.text(true);
        // A deque never moves its elements on push_back, so the buffer stays valid.
        conn->ws.async_write(
            net::buffer(conn->queue.front()),
            [self = shared_from_this(), conn](beast::error_code ec, std::size_t /*bytes*/) {
                self->onWrite(conn, ec);
            });
    }

    void onWrite(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        conn->writing = false;
        if (ec) {
            return fail(conn, ec, "write");
        }
        conn->queue.pop_front();
        if (conn->subscribesLeft > 0 && --conn->subscribesLeft == 0 && conn == m_conn &&
            !conn->closing) {
            goLive(conn);
        }
        writeNext(conn);
    }

    void armStale(const std::shared_ptr<Connection>& conn) {
        // One timer per connection, re-armed from the last sign of life when it fires, rather
        // than re-armed on every frame (cheap at thousands of frames per second).
        m_staleTimer.expires_at(m_lastReceive + m_options.stream.staleAfter);
        m_staleTimer.async_wait([self = shared_from_this(), conn](beast::error_code ec) {
            if (ec || conn != self->m_conn || conn->closing) {
                return;
            }
            if (SteadyClock::now() - self->m_lastReceive >= self->m_options.stream.staleAfter) {
                self->onStale(conn);
            } else {
                self->armStale(conn);
            }
        });
    }

    void onStale(const std::shared_ptr<Connection>& conn) {
        setState(ConnectionState::Stale,
                 "stale: no message for " + durationText(m_options.stream.staleAfter));
        // A silent server will hardly answer a close frame: do not wait for it long.
        closeGracefully(conn, std::min(kCloseTimeout, m_options.stream.staleAfter),
                        AfterClose::Reconnect);
    }

    void armHeartbeat(const std::shared_ptr<Connection>& conn) {
        const HeartbeatRule& rule = m_options.stream.heartbeat;
        switch (rule.kind) {
            case HeartbeatRule::Kind::ServerPing:
                return;
            case HeartbeatRule::Kind::ClientEvery:
                m_heartbeatTimer.expires_after(rule.interval);
                break;
            case HeartbeatRule::Kind::ClientWhenIdle:
                m_heartbeatTimer.expires_at(std::max(m_lastReceive, m_lastHeartbeat) +
                                            rule.interval);
                break;
        }
        m_heartbeatTimer.async_wait([self = shared_from_this(), conn](beast::error_code ec) {
            if (ec || conn != self->m_conn || conn->closing) {
                return;
            }
            self->onHeartbeatTimer(conn);
        });
    }

    void onHeartbeatTimer(const std::shared_ptr<Connection>& conn) {
        const HeartbeatRule& rule = m_options.stream.heartbeat;
        const auto now = SteadyClock::now();
        const bool due = rule.kind == HeartbeatRule::Kind::ClientEvery ||
                         now - std::max(m_lastReceive, m_lastHeartbeat) >= rule.interval;
        if (due) {
            m_lastHeartbeat = now;
            enqueue(conn, rule.message);
        }
        armHeartbeat(conn);
    }

    /// Sends a close frame and tears the connection down when the server answers or `bound`
    /// passes, whichever is first; then continues as `after` says (or stops if stop() came).
    void closeGracefully(const std::shared_ptr<Connection>& conn, milliseconds bound,
                         AfterClose after) {
        conn->closing = true;
        cancelConnectionTimers();
        if (!conn->open) {
            teardown(conn);
            finishClose(after);
            return;
        }
        m_closeTimer.expires_after(bound);
        m_closeTimer.async_wait([conn](beast::error_code ec) {
            if (!ec) {
                beast::get_lowest_layer(conn->ws).close();
            }
        });
        conn->ws.async_close(websocket::close_code::normal,
                             [self = shared_from_this(), conn, after](beast::error_code /*ec*/) {
                                 // Whatever the outcome, this connection is done.
                                 self->m_closeTimer.cancel();
                                 self->teardown(conn);
                                 self->finishClose(after);
                             });
    }

    void finishClose(AfterClose after) {
        if (m_stopping || after == AfterClose::Stop) {
            setState(ConnectionState::Stopped);
            return;
        }
        if (after == AfterClose::ReconnectNow) {
            connect();
            return;
        }
        scheduleReconnect();
    }

    /// Closes the socket (every pending operation on it ends with operation_aborted) and
    /// forgets the connection.
    void teardown(const std::shared_ptr<Connection>& conn) {
        conn->closing = true;
        if (conn == m_conn) {
            cancelConnectionTimers();
            m_resolver.cancel();
            m_conn.reset();
        }
        beast::get_lowest_layer(conn->ws).close();
    }

    void cancelConnectionTimers() {
        m_connectTimer.cancel();
        m_staleTimer.cancel();
        m_heartbeatTimer.cancel();
        m_rotateTimer.cancel();
    }

    void fail(const std::shared_ptr<Connection>& conn, beast::error_code ec,
              std::string_view stage) {
        if (conn != m_conn || conn->closing) {
            return;  // an old connection, or one we are closing on purpose
        }
        std::string text(stage);
        text += ": ";
        if (conn->timedOut) {
            text += "timeout after " + durationText(m_options.connectTimeout);
        } else if (ec == websocket::error::buffer_overflow ||
                   ec == websocket::error::message_too_big) {
            text += "message too big";
        } else if (ec == websocket::error::bad_frame_payload) {
            text += "invalid UTF-8 in a text message";
        } else if (ec == websocket::error::closed) {
            const websocket::close_reason& reason = conn->ws.reason();
            text += "closed by server (code " + std::to_string(reason.code);
            if (!reason.reason.empty()) {
                text += " " + std::string(reason.reason.data(), reason.reason.size());
            }
            text += ")";
        } else {
            text += ec.message();
        }
        failWith(conn, std::move(text));
    }

    void failWith(const std::shared_ptr<Connection>& conn, std::string text) {
        if (conn != m_conn || conn->closing) {
            return;
        }
        {
            const std::lock_guard lock(m_statusMutex);
            m_status.error = std::move(text);
        }
        teardown(conn);
        if (m_stopping) {
            setState(ConnectionState::Stopped);
            return;
        }
        scheduleReconnect();
    }

    void scheduleReconnect() {
        const Backoff& backoff = m_options.backoff;
        const double jitter = std::clamp(backoff.jitter, 0.0, 1.0);
        double factor = 1.0;
        if (jitter > 0.0) {
            factor = std::uniform_real_distribution<double>(1.0 - jitter, 1.0 + jitter)(m_random);
        }
        const auto delay = milliseconds(
            static_cast<std::int64_t>(static_cast<double>(m_nextDelay.count()) * factor));
        m_nextDelay = std::min(m_nextDelay * 2, backoff.max);
        {
            const std::lock_guard lock(m_statusMutex);
            m_status.reconnectAtMs = wallClockMs() + delay.count();
        }
        setState(ConnectionState::Reconnecting);
        m_reconnectTimer.expires_after(delay);
        m_reconnectTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->m_stopping) {
                return;
            }
            self->connect();
        });
    }

    void setState(ConnectionState state, std::optional<std::string> error = std::nullopt) {
        ConnectionStatus copy;
        {
            const std::lock_guard lock(m_statusMutex);
            m_status.state = state;
            if (error) {
                m_status.error = std::move(*error);
            }
            if (state == ConnectionState::Live) {
                m_status.reconnectAtMs = 0;
            }
            copy = m_status;
        }
        if (m_callbacks.onStatus) {
            m_callbacks.onStatus(copy);
        }
    }

    ConnectionStatus status() const {
        const std::lock_guard lock(m_statusMutex);
        return m_status;
    }

    detail::NetworkThreadImpl& m_network;
    Strand m_strand;
    WebSocketOptions m_options;
    Callbacks m_callbacks;
    detail::Url m_url;
    std::shared_ptr<ssl::context> m_tls;
    tcp::resolver m_resolver;
    net::steady_timer m_connectTimer;
    net::steady_timer m_staleTimer;
    net::steady_timer m_heartbeatTimer;
    net::steady_timer m_rotateTimer;
    net::steady_timer m_reconnectTimer;
    net::steady_timer m_closeTimer;
    std::shared_ptr<Connection> m_conn;
    std::uint64_t m_connections = 0;
    bool m_started = false;
    bool m_stopping = false;
    SteadyClock::time_point m_lastReceive;
    SteadyClock::time_point m_lastHeartbeat;
    milliseconds m_nextDelay;
    std::mt19937_64 m_random;

    mutable std::mutex m_statusMutex;
    ConnectionStatus m_status;

    /// Set by the destructor of WebSocketSession (before it lets go), read by ours.
    std::promise<void>* m_destroyed = nullptr;
};

WebSocketSession::WebSocketSession(NetworkThread& network, WebSocketOptions options,
                                   Callbacks callbacks)
    : m_impl(std::make_shared<Impl>(network.impl(), std::move(options), std::move(callbacks))) {}

// Only allocation can throw in here (post, promise); terminating then beats returning while
// handlers may still use the callbacks.
// NOLINTNEXTLINE(bugprone-exception-escape)
WebSocketSession::~WebSocketSession() {
    if (!m_impl) {
        return;
    }
    // Waiting on the network thread for handlers that need that very thread would never end.
    const bool onNetworkThread = m_impl->m_network.onNetworkThread();
    assert(!onNetworkThread && "destroy a WebSocketSession on another thread than the network");
    std::promise<void> destroyed;
    std::future<void> done = destroyed.get_future();
    if (!onNetworkThread) {
        m_impl->m_destroyed = &destroyed;
    }
    stop();
    m_impl.reset();
    if (!onNetworkThread) {
        done.wait();
    }
}

void WebSocketSession::start() {
    net::post(m_impl->m_strand, [self = m_impl] { self->doStart(); });
}

void WebSocketSession::stop() {
    net::post(m_impl->m_strand, [self = m_impl] { self->doStop(); });
}

void WebSocketSession::send(std::string text) {
    net::post(m_impl->m_strand,
              [self = m_impl, text = std::move(text)]() mutable { self->doSend(std::move(text)); });
}

ConnectionStatus WebSocketSession::status() const { return m_impl->status(); }

}  // namespace liqmap::exchange
