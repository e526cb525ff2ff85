#include "demo/demo_server.h"

#include <algorithm>                           // std::erase_if
#include <boost/asio/buffer.hpp>               // boost::asio::buffer
#include <boost/asio/executor_work_guard.hpp>  // boost::asio::executor_work_guard
#include <boost/asio/io_context.hpp>           // boost::asio::io_context
#include <boost/asio/ip/tcp.hpp>               // boost::asio::ip::tcp
#include <boost/asio/post.hpp>                 // boost::asio::post
#include <boost/asio/ssl/context.hpp>          // boost::asio::ssl::context
#include <boost/asio/steady_timer.hpp>         // boost::asio::steady_timer
#include <boost/beast/core.hpp>                // boost::beast::tcp_stream, flat_buffer
#include <boost/beast/http.hpp>                // boost::beast::http
#include <boost/beast/ssl.hpp>                 // boost::beast::ssl_stream
#include <boost/beast/websocket.hpp>           // boost::beast::websocket
#include <chrono>                              // std::chrono
#include <deque>                               // std::deque
#include <future>                              // std::promise, std::future
#include <iostream>                            // std::cerr
#include <optional>                            // std::optional
#include <stdexcept>                           // std::runtime_error
#include <thread>                              // std::thread
#include <utility>                             // std::move
#include <variant>                             // std::get_if

#include "demo/binance_wire.h"  // combinedFrame
#include "demo/market_streams.h"
#include "demo/stream_subscriptions.h"

namespace liqmap::exchange::demo {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using SharedText = std::shared_ptr<const std::string>;

constexpr std::chrono::seconds kHandshakeTimeout{10};
// A keep-alive HTTPS connection with no request for this long is closed.
constexpr std::chrono::seconds kHttpIdleTimeout{120};
constexpr std::chrono::seconds kCloseTimeout{1};
// How long stop() waits for connections to close before abandoning them.
constexpr std::chrono::milliseconds kStopGrace{1500};
constexpr std::size_t kMaxRequestBytes = 64u << 10;
constexpr std::string_view kServerName = "liqmap-demo";

/// Anything the server closes when it stops.
class Closable {
public:
    virtual ~Closable() = default;
    virtual void shutdown() = 0;
};

void logProblem(std::string_view what) { std::cerr << "liqmap demo exchange: " << what << '\n'; }

/// Binance's X-MBX-USED-WEIGHT-1M: the weight of this IP's requests in the current wall-clock
/// minute (one IP here: loopback).
class WeightMeter {
public:
    int add(int weight) {
        const auto minute = std::chrono::duration_cast<std::chrono::minutes>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        if (minute != m_minute) {
            m_minute = minute;
            m_used = 0;
        }
        m_used += weight;
        return m_used;
    }

private:
    long long m_minute = -1;
    int m_used = 0;
};

}  // namespace

struct DemoServer::Impl {
    Impl(const detail::SelfSignedCertificate& certificate, unsigned short port,
         std::string_view symbol, DemoServerCallbacks serverCallbacks,
         DemoServerOptions serverOptions);

    class HttpConnection;
    class WsConnection;

    void accept();
    void track(const std::shared_ptr<Closable>& connection);
    void scheduleTurn(bool now);
    void turn();
    void broadcast(std::vector<EncodedFrame>& frames);
    void shutdown();

    // Declared first, destroyed last: everything below holds handlers or sockets of it.
    net::io_context io{1};
    net::executor_work_guard<net::io_context::executor_type> work{io.get_executor()};
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor{io};
    net::steady_timer turnTimer{io};
    unsigned short boundPort = 0;
    MarketStreams streams;
    DemoServerCallbacks callbacks;
    DemoServerOptions options;

    // Server thread only.
    std::vector<std::weak_ptr<Closable>> open;
    std::vector<std::weak_ptr<WsConnection>> subscribers;
    std::vector<EncodedFrame> frames;
    WeightMeter weight;
    bool stopping = false;

    std::thread thread;
    std::future<void> finished;
};

class DemoServer::Impl::WsConnection : public Closable,
                                       public std::enable_shared_from_this<WsConnection> {
public:
    WsConnection(Impl& server, TlsStream stream, const StreamTarget& target)
        : m_server(server),
          m_ws(std::move(stream)),
          m_subscriptions(server.streams, target),
          m_pingTimer(server.io) {}

    void accept(const http::request<http::string_body>& request) {
        // The WebSocket keeps its own timeouts from here on.
        beast::get_lowest_layer(m_ws).expires_never();
        m_ws.set_option(websocket::stream_base::timeout{
            kHandshakeTimeout, m_server.options.silentClientTimeout, false});
        m_ws.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
            response.set(http::field::server, kServerName);
        }));
        m_ws.read_message_max(kMaxRequestBytes);
        m_ws.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
            if (ec) {
                return;  // the client went away during the handshake
            }
            self->m_open = true;
            self->m_server.subscribers.push_back(self);
            self->schedulePing();
            self->read();
        });
    }

    /// Queues a payload of stream `id` if this connection wants it, bare or wrapped.
    void deliver(StreamId id, const SharedText& raw, const std::function<SharedText()>& wrapped) {
        if (!m_open || !m_subscriptions.wants(id)) {
            return;
        }
        enqueue(Kind::Text, m_subscriptions.combined() ? wrapped() : raw);
    }

    bool open() const { return m_open; }

    void shutdown() override {
        if (!m_open) {
            beast::get_lowest_layer(m_ws).close();
            return;
        }
        // A close frame after the write in flight; nothing else queued goes out.
        dropQueued();
        m_ws.set_option(websocket::stream_base::timeout{
            kCloseTimeout, m_server.options.silentClientTimeout, false});
        m_pingTimer.cancel();
        enqueue(Kind::Close, nullptr);
        m_open = false;
    }

private:
    enum class Kind : std::uint8_t { Text, Ping, Close };
    struct Item {
        Kind kind;
        SharedText text;
    };

    void read() {
        m_ws.async_read(m_buffer,
                        [self = shared_from_this()](beast::error_code ec, std::size_t /*bytes*/) {
                            self->onRead(ec);
                        });
    }

    void onRead(beast::error_code ec) {
        if (ec) {
            // Closed by the client, the idle timeout, shutdown or an abort: nothing to answer.
            m_open = false;
            m_pingTimer.cancel();
            return;
        }
        const std::string message = beast::buffers_to_string(m_buffer.data());
        m_buffer.consume(m_buffer.size());
        if (m_open) {
            enqueue(Kind::Text,
                    std::make_shared<const std::string>(m_subscriptions.handle(message)));
        }
        read();
    }

    void schedulePing() {
        m_pingTimer.expires_after(m_server.options.pingPeriod);
        m_pingTimer.async_wait([weak = weak_from_this()](beast::error_code ec) {
            const auto self = weak.lock();
            if (ec || !self || !self->m_open) {
                return;
            }
            self->enqueue(Kind::Ping, nullptr);
            self->schedulePing();
        });
    }

    void enqueue(Kind kind, SharedText text) {
        const std::size_t size = text ? text->size() : 0;
        if (m_queuedBytes + size > m_server.options.maxQueuedBytes) {
            std::string reason = "disconnected a WebSocket client that does not keep up (";
            reason += std::to_string(m_outbox.size());
            reason += " frames waiting)";
            logProblem(reason);
            abort();
            return;
        }
        m_queuedBytes += size;
        m_outbox.push_back(Item{kind, std::move(text)});
        writeNext();
    }

    void writeNext() {
        if (m_writing || m_outbox.empty()) {
            return;
        }
        m_writing = true;
        const Item& item = m_outbox.front();
        auto done = [self = shared_from_this()](beast::error_code ec, std::size_t = 0) {
            self->onWrite(ec);
        };
        switch (item.kind) {
            case Kind::Text:
                m_ws.text(true);
                m_ws.async_write(net::buffer(*item.text), std::move(done));
                break;
            case Kind::Ping:
                m_ws.async_ping({}, [done](beast::error_code ec) { done(ec); });
                break;
            case Kind::Close:
                m_ws.async_close(websocket::close_code::normal,
                                 [done](beast::error_code ec) { done(ec); });
                break;
        }
    }

    void onWrite(beast::error_code ec) {
        m_writing = false;
        if (m_outbox.empty()) {
            return;  // aborted meanwhile
        }
        const Item& item = m_outbox.front();
        m_queuedBytes -= item.text ? item.text->size() : 0;
        const bool closed = item.kind == Kind::Close;
        m_outbox.pop_front();
        if (ec || closed) {
            abort();
            return;
        }
        writeNext();
    }

    /// Forgets every queued item but the one being written: its buffer stays in use until its
    /// write completes.
    void dropQueued() {
        while (m_outbox.size() > (m_writing ? 1U : 0U)) {
            m_queuedBytes -= m_outbox.back().text ? m_outbox.back().text->size() : 0;
            m_outbox.pop_back();
        }
    }

    /// Ends the connection at once: the socket closes, pending operations fail.
    void abort() {
        m_open = false;
        dropQueued();
        m_pingTimer.cancel();
        beast::error_code ignored;
        beast::get_lowest_layer(m_ws).socket().close(ignored);
    }

    Impl& m_server;
    websocket::stream<TlsStream> m_ws;
    StreamSubscriptions m_subscriptions;
    net::steady_timer m_pingTimer;
    beast::flat_buffer m_buffer;
    std::deque<Item> m_outbox;
    std::size_t m_queuedBytes = 0;
    bool m_open = false;
    bool m_writing = false;
};

class DemoServer::Impl::HttpConnection : public Closable,
                                         public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(Impl& server, tcp::socket socket)
        : m_server(server), m_stream(std::move(socket), server.tls) {}

    void start() {
        beast::get_lowest_layer(m_stream).expires_after(kHandshakeTimeout);
        m_stream.async_handshake(ssl::stream_base::server,
                                 [self = shared_from_this()](beast::error_code ec) {
                                     if (ec) {
                                         return;  // e.g. the client refused our certificate
                                     }
                                     self->readRequest();
                                 });
    }

    void shutdown() override {
        if (!m_upgraded) {
            beast::error_code ignored;
            beast::get_lowest_layer(m_stream).socket().close(ignored);
        }
    }

private:
    void readRequest() {
        beast::get_lowest_layer(m_stream).expires_after(kHttpIdleTimeout);
        m_parser.emplace();
        m_parser->body_limit(kMaxRequestBytes);
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = shared_from_this()](beast::error_code ec, std::size_t /*bytes*/) {
                             self->onRequest(ec);
                         });
    }

    void onRequest(beast::error_code ec) {
        if (ec || m_server.stopping) {
            beast::error_code ignored;
            beast::get_lowest_layer(m_stream).socket().close(ignored);
            return;
        }
        http::request<http::string_body> request = m_parser->release();
        if (websocket::is_upgrade(request)) {
            auto target = m_server.streams.target(request.target());
            if (const auto* refusal = std::get_if<TargetRefusal>(&target)) {
                respond(request, refusal->status, refusal->body, 1, true);
                return;
            }
            m_upgraded = true;
            auto ws = std::make_shared<WsConnection>(m_server, std::move(m_stream),
                                                     std::get<StreamTarget>(target));
            m_server.track(ws);
            ws->accept(request);
            return;
        }
        const RestAnswer answer =
            m_server.callbacks.answer(request.method_string(), request.target());
        respond(request, answer.status, answer.body, answer.weight, false);
    }

    void respond(const http::request<http::string_body>& request, unsigned status, std::string body,
                 int requestWeight, bool close) {
        m_response = {};
        m_response.result(status);
        m_response.version(request.version());
        m_response.set(http::field::server, kServerName);
        m_response.set(http::field::content_type, "application/json");
        m_response.set("X-MBX-USED-WEIGHT-1M", std::to_string(m_server.weight.add(requestWeight)));
        m_response.body() = std::move(body);
        m_response.keep_alive(request.keep_alive() && !close);
        m_response.prepare_payload();
        beast::get_lowest_layer(m_stream).expires_after(kHandshakeTimeout);
        http::async_write(m_stream, m_response,
                          [self = shared_from_this()](beast::error_code ec, std::size_t /*bytes*/) {
                              if (ec || !self->m_response.keep_alive()) {
                                  beast::error_code ignored;
                                  beast::get_lowest_layer(self->m_stream).socket().close(ignored);
                                  return;
                              }
                              self->readRequest();
                          });
    }

    Impl& m_server;
    TlsStream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::response<http::string_body> m_response;
    bool m_upgraded = false;
};

DemoServer::Impl::Impl(const detail::SelfSignedCertificate& certificate, unsigned short port,
                       std::string_view symbol, DemoServerCallbacks serverCallbacks,
                       DemoServerOptions serverOptions)
    : streams(symbol), callbacks(std::move(serverCallbacks)), options(serverOptions) {
    beast::error_code ec;
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    tls.use_certificate_chain(net::buffer(certificate.certificatePem), ec);
    if (!ec) {
        tls.use_private_key(net::buffer(certificate.privateKeyPem), ssl::context::pem, ec);
    }
    if (ec) {
        throw std::runtime_error("demo exchange: unusable certificate: " + ec.message());
    }
    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        // A restart can take the port its predecessor left in TIME_WAIT; a live listener on it
        // still makes bind fail (Linux has no port sharing without SO_REUSEPORT).
        acceptor.set_option(net::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        std::string message = "demo exchange: cannot listen on 127.0.0.1:";
        message += std::to_string(port);
        message += ": ";
        message += ec.message();
        throw std::runtime_error(message);
    }
    boundPort = acceptor.local_endpoint().port();
}

void DemoServer::Impl::accept() {
    acceptor.async_accept(io, [this](beast::error_code ec, tcp::socket socket) {
        if (stopping) {
            return;
        }
        if (!ec) {
            auto connection = std::make_shared<HttpConnection>(*this, std::move(socket));
            track(connection);
            connection->start();
        }
        // A failed accept (e.g. out of descriptors) ends that one connection, not the server.
        accept();
    });
}

void DemoServer::Impl::track(const std::shared_ptr<Closable>& connection) {
    // Forget the dead ones now and then so a long run does not grow the list without bound.
    std::erase_if(open, [](const std::weak_ptr<Closable>& weak) { return weak.expired(); });
    open.push_back(connection);
}

void DemoServer::Impl::scheduleTurn(bool now) {
    if (stopping) {
        return;
    }
    if (now) {
        net::post(io, [this] { turn(); });
        return;
    }
    turnTimer.expires_after(options.turnPeriod);
    turnTimer.async_wait([this](beast::error_code ec) {
        if (!ec) {
            turn();
        }
    });
}

void DemoServer::Impl::turn() {
    if (stopping) {
        return;
    }
    frames.clear();
    const bool behind = callbacks.advance(frames);
    broadcast(frames);
    scheduleTurn(behind);
}

void DemoServer::Impl::broadcast(std::vector<EncodedFrame>& produced) {
    std::erase_if(subscribers, [](const std::weak_ptr<WsConnection>& weak) {
        const auto connection = weak.lock();
        return !connection || !connection->open();
    });
    if (subscribers.empty()) {
        return;
    }
    std::vector<std::shared_ptr<WsConnection>> live;
    live.reserve(subscribers.size());
    for (const auto& weak : subscribers) {
        live.push_back(weak.lock());
    }
    for (EncodedFrame& frame : produced) {
        const SharedText raw = std::make_shared<const std::string>(std::move(frame.payload));
        const StreamSet belongs = MarketStreams::streamsOf(frame.kind, frame.ts);
        for (std::size_t i = 0; i < kStreamCount; ++i) {
            if (!belongs.test(i)) {
                continue;
            }
            const auto id = static_cast<StreamId>(i);
            // Wrapped once, and only if a combined connection wants it.
            SharedText wrapped;
            const std::function<SharedText()> wrap = [&]() {
                if (!wrapped) {
                    wrapped =
                        std::make_shared<const std::string>(combinedFrame(streams.name(id), *raw));
                }
                return wrapped;
            };
            for (const auto& connection : live) {
                connection->deliver(id, raw, wrap);
            }
        }
    }
}

void DemoServer::Impl::shutdown() {
    stopping = true;
    beast::error_code ignored;
    acceptor.close(ignored);
    turnTimer.cancel();
    for (const auto& weak : open) {
        if (const auto connection = weak.lock()) {
            connection->shutdown();
        }
    }
    subscribers.clear();
}

DemoServer::DemoServer(const detail::SelfSignedCertificate& certificate, unsigned short port,
                       std::string_view symbol, DemoServerCallbacks callbacks,
                       DemoServerOptions options)
    : m_impl(std::make_unique<Impl>(certificate, port, symbol, std::move(callbacks), options)) {}

DemoServer::~DemoServer() { stop(); }

void DemoServer::start() {
    Impl& impl = *m_impl;
    if (impl.thread.joinable() || impl.stopping) {
        return;
    }
    impl.accept();
    impl.scheduleTurn(true);
    std::promise<void> finished;
    impl.finished = finished.get_future();
    impl.thread = std::thread([&impl, finished = std::move(finished)]() mutable {
        impl.io.run();
        finished.set_value();
    });
}

void DemoServer::stop() {
    Impl& impl = *m_impl;
    if (!impl.thread.joinable()) {
        return;
    }
    net::post(impl.io, [&impl] { impl.shutdown(); });
    impl.work.reset();
    // Every socket is closing: run() returns once their close handshakes end, which the close
    // timeout bounds. A client that never answers is abandoned after the grace period.
    if (impl.finished.wait_for(kStopGrace) != std::future_status::ready) {
        impl.io.stop();
    }
    impl.thread.join();
}

unsigned short DemoServer::port() const { return m_impl->boundPort; }

}  // namespace liqmap::exchange::demo
