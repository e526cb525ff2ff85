#include "support/loopback_exchange.h"

#include <algorithm>                           // std::remove_if, std::equal, std::min
#include <boost/asio/buffer.hpp>               // boost::asio::buffer
#include <boost/asio/executor_work_guard.hpp>  // boost::asio::executor_work_guard
#include <boost/asio/io_context.hpp>           // boost::asio::io_context
#include <boost/asio/ip/tcp.hpp>               // boost::asio::ip::tcp
#include <boost/asio/post.hpp>                 // boost::asio::post
#include <boost/asio/ssl/context.hpp>          // boost::asio::ssl::context
#include <boost/asio/write.hpp>                // boost::asio::async_write
#include <boost/beast/core.hpp>                // boost::beast::tcp_stream, flat_buffer
#include <boost/beast/http.hpp>                // boost::beast::http
#include <boost/beast/ssl.hpp>                 // boost::beast::ssl_stream
#include <boost/beast/websocket.hpp>           // boost::beast::websocket
#include <cctype>                              // std::tolower, std::isspace
#include <condition_variable>                  // std::condition_variable
#include <deque>                               // std::deque
#include <mutex>                               // std::mutex, std::unique_lock
#include <thread>                              // std::thread

namespace liqmap::test {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

/// Anything the server closes when it stops.
class Closable {
public:
    virtual ~Closable() = default;
    virtual void shutdown() = 0;
};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::string withoutSpaces(std::string_view text) {
    std::string result;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            result += c;
        }
    }
    return result;
}

HttpRequestInfo describe(const http::request<http::string_body>& request, int connection) {
    HttpRequestInfo info;
    info.method = std::string(request.method_string());
    info.target = std::string(request.target());
    info.body = request.body();
    info.connection = connection;
    for (const auto& field : request) {
        info.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    return info;
}

}  // namespace

struct LoopbackExchange::Impl {
    explicit Impl(TestCertificate certificate);
    ~Impl();  // NOLINT(bugprone-exception-escape): see the definition
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    class HttpConnection;
    class WsConnection;

    void accept();
    void track(const std::shared_ptr<Closable>& connection);
    /// The newest WebSocket connection still open, or null.
    std::shared_ptr<WsConnection> newest();

    template <class Predicate>
    bool waitUntil(std::chrono::milliseconds timeout, Predicate predicate) const {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, predicate);
    }

    TestCertificate m_certificate;
    net::io_context m_io{1};
    net::executor_work_guard<net::io_context::executor_type> m_work{m_io.get_executor()};
    ssl::context m_tls{ssl::context::tls_server};
    tcp::acceptor m_acceptor{m_io};
    unsigned short m_port = 0;

    // Server thread only.
    std::vector<std::weak_ptr<Closable>> m_open;
    std::vector<std::shared_ptr<WsConnection>> m_webSockets;
    /// HTTP connections told never to answer: kept alive here until the server stops.
    std::vector<std::shared_ptr<HttpConnection>> m_unanswered;
    bool m_silent = false;
    bool m_stallHandshakes = false;
    /// closeEachConnection()'s plan, when set.
    std::optional<ConnectionChurn> m_churn;
    bool m_stopping = false;
    /// Accepted while handshakes stall: held open, never served, until the server stops.
    std::vector<std::shared_ptr<HttpConnection>> m_stalled;

    // Shared with the test thread.
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    AutoReply m_autoReply;
    HttpHandler m_httpHandler;
    int m_accepted = 0;
    int m_webSocketCount = 0;
    int m_clientCloses = 0;
    /// WebSocket connections whose socket is not closed yet.
    int m_openWebSockets = 0;
    std::vector<HttpRequestInfo> m_upgrades;
    std::deque<WsMessage> m_messages;
    std::deque<std::string> m_pongs;
    std::vector<HttpRequestInfo> m_requests;

    std::thread m_thread;
};

class LoopbackExchange::Impl::WsConnection : public Closable,
                                             public std::enable_shared_from_this<WsConnection> {
public:
    /// Raw and Garbage go straight into the TLS stream; Drop closes the socket abruptly once
    /// everything queued before it is written.
    enum class Kind { Text, Ping, Close, Garbage, Raw, Drop };
    struct Item {
        Kind kind;
        std::string data;
    };

    WsConnection(Impl& server, TlsStream stream) : m_server(server), m_ws(std::move(stream)) {
        const std::lock_guard lock(m_server.m_mutex);
        ++m_server.m_openWebSockets;
        m_server.m_changed.notify_all();
    }

    void accept(const http::request<http::string_body>& request) {
        m_ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(5),
                                                        websocket::stream_base::none(), false});
        m_ws.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
            response.set(http::field::server, "liqmap-loopback");
        }));
        m_ws.control_callback([this](websocket::frame_type kind, beast::string_view payload) {
            const std::lock_guard lock(m_server.m_mutex);
            if (kind == websocket::frame_type::pong) {
                m_server.m_pongs.emplace_back(payload.data(), payload.size());
            } else if (kind == websocket::frame_type::close) {
                ++m_server.m_clientCloses;
            }
            m_server.m_changed.notify_all();
        });
        HttpRequestInfo info = describe(request, 0);
        m_ws.async_accept(request, [self = shared_from_this(), info](beast::error_code ec) {
            if (ec) {
                self->closeSocket();
                return;
            }
            {
                const std::lock_guard lock(self->m_server.m_mutex);
                self->m_number = ++self->m_server.m_webSocketCount;
                self->m_server.m_upgrades.push_back(info);
                self->m_server.m_upgrades.back().connection = self->m_number;
                self->m_server.m_changed.notify_all();
            }
            self->m_open = true;
            self->m_server.m_webSockets.push_back(self);
            self->read();
        });
    }

    void read() {
        if (m_server.m_silent) {
            m_parked = true;  // resumed by goSilent(false)
            return;
        }
        m_ws.async_read(m_buffer,
                        [self = shared_from_this()](beast::error_code ec, std::size_t /*bytes*/) {
                            self->onRead(ec);
                        });
    }

    void resume() {
        if (m_parked && m_open) {
            m_parked = false;
            read();
        }
    }

    void onRead(beast::error_code ec) {
        if (ec) {
            m_open = false;
            auto& list = m_server.m_webSockets;
            list.erase(std::remove(list.begin(), list.end(), shared_from_this()), list.end());
            // Now rather than when the last handler lets go of this object, so a test can see
            // exactly which sockets are still open (openWebSockets()).
            closeSocket();
            return;
        }
        std::string text = beast::buffers_to_string(m_buffer.data());
        m_buffer.consume(m_buffer.size());
        AutoReply autoReply;
        {
            const std::lock_guard lock(m_server.m_mutex);
            m_server.m_messages.push_back({m_number, text});
            autoReply = m_server.m_autoReply;
            m_server.m_changed.notify_all();
        }
        if (autoReply && !m_server.m_silent) {
            if (std::optional<std::string> reply = autoReply(text)) {
                enqueue({Kind::Text, std::move(*reply)});
            }
        }
        ++m_received;
        const std::optional<ConnectionChurn>& churn = m_server.m_churn;
        if (churn && m_received == churn->afterMessages) {
            if (churn->lastFrame) {
                enqueue({Kind::Text, churn->lastFrame(m_number)});
            }
            if (m_number <= churn->throughConnection) {
                enqueue({m_number % 2 == 1 ? Kind::Close : Kind::Drop, {}});
            }
        }
        read();
    }

    void enqueue(Item item) {
        if (!m_open || m_server.m_silent) {
            return;
        }
        m_outbox.push_back(std::move(item));
        writeNext();
    }

    void drop() {
        m_open = false;
        closeSocket();
    }

    void shutdown() override { closeSocket(); }

    bool open() const { return m_open; }

private:
    void writeNext() {
        if (m_writing || m_outbox.empty()) {
            return;
        }
        m_writing = true;
        Item& item = m_outbox.front();
        auto done = [self = shared_from_this()](beast::error_code ec, std::size_t = 0) {
            self->onWrite(ec);
        };
        switch (item.kind) {
            case Kind::Text:
                m_ws.text(true);
                m_ws.async_write(net::buffer(item.data), done);
                break;
            case Kind::Ping:
                m_ws.async_ping(websocket::ping_data(item.data.substr(0, 125)),
                                [done](beast::error_code ec) { done(ec); });
                break;
            case Kind::Close:
                m_ws.async_close(websocket::close_code::normal,
                                 [done](beast::error_code ec) { done(ec); });
                break;
            case Kind::Garbage:
            case Kind::Raw:
                // Straight into the TLS stream, past the WebSocket framing.
                net::async_write(m_ws.next_layer(), net::buffer(item.data), done);
                break;
            case Kind::Drop:
                m_writing = false;
                m_outbox.clear();
                drop();
                break;
        }
    }

    void closeSocket() {
        if (m_socketClosed) {
            return;
        }
        m_socketClosed = true;
        beast::get_lowest_layer(m_ws).close();
        const std::lock_guard lock(m_server.m_mutex);
        --m_server.m_openWebSockets;
        m_server.m_changed.notify_all();
    }

    void onWrite(beast::error_code ec) {
        m_writing = false;
        m_outbox.pop_front();
        if (ec) {
            m_outbox.clear();
            return;
        }
        writeNext();
    }

    Impl& m_server;
    websocket::stream<TlsStream> m_ws;
    beast::flat_buffer m_buffer;
    std::deque<Item> m_outbox;
    int m_number = 0;
    /// Text messages received on this connection (for closeEachConnection()).
    std::size_t m_received = 0;
    bool m_open = false;
    bool m_writing = false;
    bool m_parked = false;
    bool m_socketClosed = false;
};

class LoopbackExchange::Impl::HttpConnection : public Closable,
                                               public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(Impl& server, tcp::socket socket, int number)
        : m_server(server), m_stream(std::move(socket), server.m_tls), m_number(number) {}

    void start() {
        beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(5));
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
            beast::get_lowest_layer(m_stream).close();
        }
    }

private:
    void readRequest() {
        beast::get_lowest_layer(m_stream).expires_never();
        m_parser.emplace();
        m_parser->body_limit(64u << 20);
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = shared_from_this()](beast::error_code ec, std::size_t /*bytes*/) {
                             self->onRequest(ec);
                         });
    }

    void onRequest(beast::error_code ec) {
        if (ec) {
            beast::get_lowest_layer(m_stream).close();
            return;
        }
        http::request<http::string_body> request = m_parser->release();
        if (websocket::is_upgrade(request)) {
            m_upgraded = true;
            auto ws = std::make_shared<WsConnection>(m_server, std::move(m_stream));
            m_server.track(ws);
            ws->accept(request);
            return;
        }

        const HttpRequestInfo info = describe(request, m_number);
        HttpHandler handler;
        {
            const std::lock_guard lock(m_server.m_mutex);
            m_server.m_requests.push_back(info);
            handler = m_server.m_httpHandler;
            m_server.m_changed.notify_all();
        }
        HttpReply reply;
        if (handler) {
            reply = handler(info);
        } else {
            reply.status = 404;
            reply.body = "no handler";
        }
        if (reply.noAnswer) {
            m_server.m_unanswered.push_back(shared_from_this());
            return;
        }

        m_response = {};
        m_response.result(static_cast<unsigned>(reply.status));
        m_response.version(11);
        m_response.set(http::field::server, "liqmap-loopback");
        m_response.set(http::field::content_type, "application/json");
        for (const auto& [name, value] : reply.headers) {
            m_response.set(name, value);
        }
        m_response.body() = std::move(reply.body);
        m_response.keep_alive(request.keep_alive() && !reply.announceClose);
        m_response.prepare_payload();
        const bool closeAfter = reply.closeAfter || !m_response.keep_alive();
        http::async_write(
            m_stream, m_response,
            [self = shared_from_this(), closeAfter](beast::error_code ec2, std::size_t /*bytes*/) {
                if (ec2 || closeAfter) {
                    beast::get_lowest_layer(self->m_stream).close();
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
    int m_number;
    bool m_upgraded = false;
};

LoopbackExchange::Impl::Impl(TestCertificate certificate) : m_certificate(std::move(certificate)) {
    m_tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3);
    m_tls.use_certificate_chain(net::buffer(m_certificate.certificatePem));
    m_tls.use_private_key(net::buffer(m_certificate.privateKeyPem), ssl::context::pem);

    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
    m_acceptor.open(endpoint.protocol());
    m_acceptor.bind(endpoint);
    m_acceptor.listen();
    m_port = m_acceptor.local_endpoint().port();
    accept();
    m_thread = std::thread([this] { m_io.run(); });
}

// Only allocation can throw in here; terminating then beats leaving the server thread running.
// NOLINTNEXTLINE(bugprone-exception-escape)
LoopbackExchange::Impl::~Impl() {
    net::post(m_io, [this] {
        m_stopping = true;
        beast::error_code ignored;
        m_acceptor.close(ignored);
        for (const auto& weak : m_open) {
            if (auto connection = weak.lock()) {
                connection->shutdown();
            }
        }
        m_unanswered.clear();
        m_stalled.clear();
        m_webSockets.clear();
    });
    // Every socket is closed, so every pending operation ends and run() returns.
    m_work.reset();
    m_thread.join();
}

void LoopbackExchange::Impl::accept() {
    m_acceptor.async_accept(m_io, [this](beast::error_code ec, tcp::socket socket) {
        if (ec || m_stopping) {
            return;
        }
        int number = 0;
        {
            const std::lock_guard lock(m_mutex);
            number = ++m_accepted;
            m_changed.notify_all();
        }
        // Nagle's algorithm off, as most servers have it (nginx's tcp_nodelay is on by default):
        // otherwise a frame followed at once by a close frame waited for the client's delayed
        // ACK, up to 40 ms, which made the close-every-connection test ten times slower.
        beast::error_code noDelayError;
        socket.set_option(tcp::no_delay(true), noDelayError);
        auto connection = std::make_shared<HttpConnection>(*this, std::move(socket), number);
        track(connection);
        if (m_stallHandshakes) {
            m_stalled.push_back(connection);
        } else {
            connection->start();
        }
        accept();
    });
}

void LoopbackExchange::Impl::track(const std::shared_ptr<Closable>& connection) {
    // Forget the dead ones now and then so a long test does not grow the list without bound.
    m_open.erase(std::remove_if(m_open.begin(), m_open.end(),
                                [](const std::weak_ptr<Closable>& weak) { return weak.expired(); }),
                 m_open.end());
    m_open.push_back(connection);
}

std::shared_ptr<LoopbackExchange::Impl::WsConnection> LoopbackExchange::Impl::newest() {
    // Reverse iterators rather than std::ranges::reverse_view, which clang 14 (the ASan and
    // fuzz compiler) cannot compile with GCC 12's standard library.
    // NOLINTNEXTLINE(modernize-loop-convert): a range-for would need that very view
    for (auto it = m_webSockets.rbegin(); it != m_webSockets.rend(); ++it) {
        if ((*it)->open()) {
            return *it;
        }
    }
    return nullptr;
}

std::string HttpRequestInfo::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equalsIgnoringCase(key, name)) {
            return value;
        }
    }
    return {};
}

LoopbackExchange::LoopbackExchange(TestCertificate certificate)
    : m_impl(std::make_unique<Impl>(std::move(certificate))) {}

LoopbackExchange::~LoopbackExchange() = default;

std::string LoopbackExchange::webSocketBaseUrl() const {
    return "wss://127.0.0.1:" + std::to_string(m_impl->m_port);
}

std::string LoopbackExchange::restBaseUrl() const {
    return "https://127.0.0.1:" + std::to_string(m_impl->m_port);
}

const std::string& LoopbackExchange::certificatePem() const {
    return m_impl->m_certificate.certificatePem;
}

unsigned short LoopbackExchange::port() const { return m_impl->m_port; }

bool LoopbackExchange::waitForConnections(int count, std::chrono::milliseconds timeout) const {
    return m_impl->waitUntil(timeout, [&] { return m_impl->m_webSocketCount >= count; });
}

int LoopbackExchange::connectionCount() const {
    const std::lock_guard lock(m_impl->m_mutex);
    return m_impl->m_webSocketCount;
}

std::vector<std::string> LoopbackExchange::upgradeTargets() const {
    const std::lock_guard lock(m_impl->m_mutex);
    std::vector<std::string> targets;
    for (const HttpRequestInfo& request : m_impl->m_upgrades) {
        targets.push_back(request.target);
    }
    return targets;
}

std::vector<HttpRequestInfo> LoopbackExchange::upgradeRequests() const {
    const std::lock_guard lock(m_impl->m_mutex);
    return m_impl->m_upgrades;
}

std::optional<WsMessage> LoopbackExchange::waitForMessage(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_impl->m_mutex);
    if (!m_impl->m_changed.wait_for(lock, timeout, [&] { return !m_impl->m_messages.empty(); })) {
        return std::nullopt;
    }
    WsMessage message = std::move(m_impl->m_messages.front());
    m_impl->m_messages.pop_front();
    return message;
}

void LoopbackExchange::send(std::string text) {
    net::post(m_impl->m_io, [impl = m_impl.get(), text = std::move(text)]() mutable {
        if (auto connection = impl->newest()) {
            connection->enqueue({Impl::WsConnection::Kind::Text, std::move(text)});
        }
    });
}

void LoopbackExchange::sendPing(std::string payload) {
    net::post(m_impl->m_io, [impl = m_impl.get(), payload = std::move(payload)]() mutable {
        if (auto connection = impl->newest()) {
            connection->enqueue({Impl::WsConnection::Kind::Ping, std::move(payload)});
        }
    });
}

std::optional<std::string> LoopbackExchange::waitForPong(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_impl->m_mutex);
    if (!m_impl->m_changed.wait_for(lock, timeout, [&] { return !m_impl->m_pongs.empty(); })) {
        return std::nullopt;
    }
    std::string payload = std::move(m_impl->m_pongs.front());
    m_impl->m_pongs.pop_front();
    return payload;
}

void LoopbackExchange::setAutoReply(AutoReply reply) {
    const std::lock_guard lock(m_impl->m_mutex);
    m_impl->m_autoReply = std::move(reply);
}

void LoopbackExchange::drop() {
    net::post(m_impl->m_io, [impl = m_impl.get()] {
        if (auto connection = impl->newest()) {
            connection->drop();
        }
    });
}

void LoopbackExchange::close() {
    net::post(m_impl->m_io, [impl = m_impl.get()] {
        if (auto connection = impl->newest()) {
            connection->enqueue({Impl::WsConnection::Kind::Close, {}});
        }
    });
}

void LoopbackExchange::goSilent(bool silent) {
    net::post(m_impl->m_io, [impl = m_impl.get(), silent] {
        impl->m_silent = silent;
        if (!silent) {
            for (const auto& connection : impl->m_webSockets) {
                connection->resume();
            }
        }
    });
}

void LoopbackExchange::sendGarbage() {
    net::post(m_impl->m_io, [impl = m_impl.get()] {
        if (auto connection = impl->newest()) {
            // 0xFF: FIN with all three reserved bits and the reserved opcode 0xF set, which no
            // extension was negotiated for; then enough junk for any header length it claims.
            connection->enqueue(
                {Impl::WsConnection::Kind::Garbage, "\xFF\xFF" + std::string(64, 'g')});
        }
    });
}

void LoopbackExchange::sendRaw(std::string bytes, std::size_t chunkBytes) {
    net::post(m_impl->m_io, [impl = m_impl.get(), bytes = std::move(bytes), chunkBytes] {
        auto connection = impl->newest();
        if (!connection) {
            return;
        }
        // One outbox item per chunk: each is its own write, so its own TLS record.
        const std::size_t chunk = chunkBytes == 0 ? bytes.size() : chunkBytes;
        for (std::size_t offset = 0; offset < bytes.size(); offset += chunk) {
            connection->enqueue({Impl::WsConnection::Kind::Raw, bytes.substr(offset, chunk)});
        }
    });
}

void LoopbackExchange::sendFragments(const std::vector<std::string>& parts,
                                     std::size_t chunkBytes) {
    std::string bytes;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        bytes += webSocketFrame(i == 0 ? WsOpcode::Text : WsOpcode::Continuation,
                                i + 1 == parts.size(), parts[i]);
    }
    sendRaw(std::move(bytes), chunkBytes);
}

void LoopbackExchange::dropMidFrame(std::string_view payload, std::size_t sentBytes) {
    std::string bytes = webSocketFrame(WsOpcode::Text, true, payload);
    bytes.resize(std::min(sentBytes, bytes.size()));
    net::post(m_impl->m_io, [impl = m_impl.get(), bytes = std::move(bytes)]() mutable {
        if (auto connection = impl->newest()) {
            connection->enqueue({Impl::WsConnection::Kind::Raw, std::move(bytes)});
            connection->enqueue({Impl::WsConnection::Kind::Drop, {}});
        }
    });
}

void LoopbackExchange::closeEachConnection(ConnectionChurn churn) {
    net::post(m_impl->m_io, [impl = m_impl.get(), churn = std::move(churn)]() mutable {
        impl->m_churn = std::move(churn);
    });
}

int LoopbackExchange::openWebSockets() const {
    const std::lock_guard lock(m_impl->m_mutex);
    return m_impl->m_openWebSockets;
}

bool LoopbackExchange::waitForOpenWebSockets(int count, std::chrono::milliseconds timeout) const {
    return m_impl->waitUntil(timeout, [&] { return m_impl->m_openWebSockets == count; });
}

int LoopbackExchange::clientCloses() const {
    const std::lock_guard lock(m_impl->m_mutex);
    return m_impl->m_clientCloses;
}

bool LoopbackExchange::waitForClientCloses(int count, std::chrono::milliseconds timeout) const {
    return m_impl->waitUntil(timeout, [&] { return m_impl->m_clientCloses >= count; });
}

void LoopbackExchange::setHttpHandler(HttpHandler handler) {
    const std::lock_guard lock(m_impl->m_mutex);
    m_impl->m_httpHandler = std::move(handler);
}

std::vector<HttpRequestInfo> LoopbackExchange::requests() const {
    const std::lock_guard lock(m_impl->m_mutex);
    return m_impl->m_requests;
}

bool LoopbackExchange::waitForRequests(std::size_t count, std::chrono::milliseconds timeout) const {
    return m_impl->waitUntil(timeout, [&] { return m_impl->m_requests.size() >= count; });
}

int LoopbackExchange::acceptedConnections() const {
    const std::lock_guard lock(m_impl->m_mutex);
    return m_impl->m_accepted;
}

void LoopbackExchange::forgetRecords() {
    const std::lock_guard lock(m_impl->m_mutex);
    // Moving empty containers in gives their memory back; clear() (and `= {}`, which assigns an
    // empty initializer list) would keep the capacity.
    m_impl->m_upgrades = std::vector<HttpRequestInfo>();
    m_impl->m_messages = std::deque<WsMessage>();
    m_impl->m_pongs = std::deque<std::string>();
    m_impl->m_requests = std::vector<HttpRequestInfo>();
}

void LoopbackExchange::stallHandshakes(bool stall) {
    net::post(m_impl->m_io, [impl = m_impl.get(), stall] { impl->m_stallHandshakes = stall; });
}

std::string webSocketFrame(WsOpcode opcode, bool fin, std::string_view payload) {
    std::string frame;
    frame += static_cast<char>((fin ? 0x80 : 0x00) | static_cast<int>(opcode));
    const std::size_t size = payload.size();
    // No mask bit: frames from a server are never masked (RFC 6455 section 5.1).
    if (size < 126) {
        frame += static_cast<char>(size);
    } else if (size <= 0xFFFF) {
        frame += static_cast<char>(126);
        frame += static_cast<char>((size >> 8) & 0xFF);
        frame += static_cast<char>(size & 0xFF);
    } else {
        frame += static_cast<char>(127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF);
        }
    }
    frame += payload;
    return frame;
}

std::optional<std::string> answerBybitPing(std::string_view message) {
    if (withoutSpaces(message).find(R"("op":"ping")") == std::string::npos) {
        return std::nullopt;
    }
    return R"({"success":true,"ret_msg":"pong","conn_id":"loopback","req_id":"","op":"ping"})";
}

std::optional<std::string> answerOkxPing(std::string_view message) {
    if (message != "ping") {
        return std::nullopt;
    }
    return "pong";
}

std::optional<std::string> answerHyperliquidPing(std::string_view message) {
    if (withoutSpaces(message).find(R"("method":"ping")") == std::string::npos) {
        return std::nullopt;
    }
    return R"({"channel":"pong"})";
}

namespace {

unsigned short freedPort() {
    net::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    const unsigned short port = acceptor.local_endpoint().port();
    acceptor.close();
    return port;
}

}  // namespace

std::string refusedWebSocketUrl() { return "wss://127.0.0.1:" + std::to_string(freedPort()); }

std::string refusedRestUrl() { return "https://127.0.0.1:" + std::to_string(freedPort()); }

}  // namespace liqmap::test
