#include "liqmap/exchange/rest_client.h"

#include <boost/asio/ip/tcp.hpp>        // boost::asio::ip::tcp
#include <boost/asio/post.hpp>          // boost::asio::post
#include <boost/asio/steady_timer.hpp>  // boost::asio::steady_timer
#include <boost/asio/strand.hpp>        // boost::asio::strand
#include <boost/beast/core.hpp>         // boost::beast::tcp_stream, flat_buffer
#include <boost/beast/http.hpp>         // boost::beast::http::request, response_parser
#include <boost/beast/ssl.hpp>          // boost::beast::ssl_stream
#include <cassert>                      // assert
#include <charconv>                     // std::from_chars
#include <deque>                        // std::deque
#include <future>                       // std::promise
#include <optional>                     // std::optional
#include <utility>                      // std::move

#include "network_thread_impl.h"
#include "transport/tls_context.h"
#include "transport/url.h"

namespace liqmap::exchange {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using Strand = net::strand<net::io_context::executor_type>;
using std::chrono::milliseconds;

constexpr std::string_view kUserAgent = "liqmap/0.1";
/// How much of an error body goes into the error text.
constexpr std::size_t kErrorBodyBytes = 200;

std::string durationText(milliseconds duration) {
    if (duration.count() % 1000 == 0) {
        return std::to_string(duration.count() / 1000) + " s";
    }
    return std::to_string(duration.count()) + " ms";
}

/// Retry-After as whole seconds; the HTTP-date form is not used by the venues and counts as absent.
std::optional<std::int64_t> retryAfterSeconds(const http::response<http::string_body>& response) {
    const auto found = response.find(http::field::retry_after);
    if (found == response.end()) {
        return std::nullopt;
    }
    const beast::string_view text = found->value();
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || end != text.data() + text.size() || seconds < 0) {
        return std::nullopt;
    }
    return seconds;
}

/// One keep-alive TLS connection; replaced by a fresh one when it fails or the server closes it.
struct Connection {
    Connection(const Strand& strand, ssl::context& tls) : stream(strand, tls) {}

    beast::ssl_stream<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    std::optional<http::response_parser<http::string_body>> parser;
    /// TLS handshake done: requests can be written.
    bool open = false;
    /// At least one response came over it, so the server may have closed it while idle.
    bool used = false;
};

struct Job {
    RestRequest request;
    std::function<void(RestResponse)> done;
    RestResponse response;
    /// The free retry on a fresh connection after a reused one turned out closed (per attempt).
    bool retriedFresh = false;
};

}  // namespace

struct RestClient::Impl : std::enable_shared_from_this<RestClient::Impl> {
    Impl(detail::NetworkThreadImpl& network, RestOptions options)
        : m_network(network),
          m_strand(net::make_strand(network.m_io)),
          m_options(std::move(options)),
          m_url(detail::parseUrl(m_options.baseUrl, "https", false)),
          m_tls(detail::makeClientTlsContext(m_options.tls)),
          m_resolver(m_strand),
          m_retryTimer(m_strand) {}

    ~Impl() {
        if (m_destroyed != nullptr) {
            m_destroyed->set_value();
        }
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Everything below runs on m_strand.

    void doRequest(RestRequest request, std::function<void(RestResponse)> done) {
        if (m_cancelled) {
            RestResponse response;
            response.error = "cancelled";
            done(std::move(response));
            return;
        }
        m_queue.push_back(Job{std::move(request), std::move(done), {}, false});
        startNext();
    }

    void doCancel() {
        m_cancelled = true;
        m_retryTimer.cancel();
        m_resolver.cancel();
        if (m_conn) {
            beast::get_lowest_layer(m_conn->stream).close();
            m_conn.reset();
        }
        std::deque<Job> jobs = std::move(m_queue);
        m_queue.clear();
        for (Job& job : jobs) {
            job.response.error = "cancelled";
            if (job.done) {
                job.done(std::move(job.response));
            }
        }
    }

    void startNext() {
        if (m_busy || m_queue.empty() || m_cancelled) {
            return;
        }
        m_busy = true;
        attempt(true);
    }

    void attempt(bool counted) {
        Job& job = m_queue.front();
        if (counted) {
            ++job.response.attempts;
            job.retriedFresh = false;
        }
        if (m_conn && m_conn->open) {
            send(m_conn);
        } else {
            connect();
        }
    }

    void connect() {
        auto conn = std::make_shared<Connection>(m_strand, *m_tls);
        m_conn = conn;
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
        beast::get_lowest_layer(conn->stream).expires_after(m_options.timeout);
        beast::get_lowest_layer(conn->stream)
            .async_connect(results, [self = shared_from_this(), conn](
                                        beast::error_code ec2, const tcp::endpoint& /*endpoint*/) {
                self->onConnect(conn, ec2);
            });
    }

    void onConnect(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            return fail(conn, ec, "connect");
        }
        ec = detail::prepareClientStream(conn->stream, m_url);
        if (ec) {
            return fail(conn, ec, "tls setup");
        }
        beast::get_lowest_layer(conn->stream).expires_after(m_options.timeout);
        conn->stream.async_handshake(ssl::stream_base::client,
                                     [self = shared_from_this(), conn](beast::error_code ec2) {
                                         self->onTlsHandshake(conn, ec2);
                                     });
    }

    void onTlsHandshake(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            if (ec == beast::error::timeout) {
                return fail(conn, ec, "tls handshake");
            }
            std::string text =
                "tls handshake: " + detail::describeTlsFailure(ec, conn->stream.native_handle());
            // A rejected certificate does not get better by asking again (and retrying would hold
            // the whole bootstrap for minutes): fail this request at once with the reason.
            if (SSL_get_verify_result(conn->stream.native_handle()) != X509_V_OK) {
                if (conn != m_conn || m_cancelled) {
                    return;
                }
                closeConnection(conn);
                Job& job = m_queue.front();
                job.response.status = 0;
                job.response.error = std::move(text);
                return complete();
            }
            return failWithText(conn, std::move(text));
        }
        conn->open = true;
        send(conn);
    }

    void send(const std::shared_ptr<Connection>& conn) {
        if (conn != m_conn || m_cancelled) {
            return;
        }
        const RestRequest& request = m_queue.front().request;
        auto& message = conn->request;
        message = {};
        message.method(http::string_to_verb(request.method));
        message.target(request.target);
        message.version(11);
        message.set(http::field::host, m_url.hostHeader());
        message.set(http::field::user_agent, kUserAgent);
        message.set(http::field::accept, "application/json");
        if (!request.body.empty()) {
            message.set(http::field::content_type, "application/json");
            message.body() = request.body;
        }
        message.prepare_payload();
        message.keep_alive(true);

        beast::get_lowest_layer(conn->stream).expires_after(m_options.timeout);
        http::async_write(
            conn->stream, conn->request,
            [self = shared_from_this(), conn](beast::error_code ec, std::size_t /*bytes*/) {
                self->onWrite(conn, ec);
            });
    }

    void onWrite(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            return fail(conn, ec, "write");
        }
        conn->parser.emplace();
        conn->parser->body_limit(m_options.maxBodyBytes);
        beast::get_lowest_layer(conn->stream).expires_after(m_options.timeout);
        http::async_read(
            conn->stream, conn->buffer, *conn->parser,
            [self = shared_from_this(), conn](beast::error_code ec2, std::size_t /*bytes*/) {
                self->onRead(conn, ec2);
            });
    }

    void onRead(const std::shared_ptr<Connection>& conn, beast::error_code ec) {
        if (ec) {
            return fail(conn, ec, "read");
        }
        if (conn != m_conn || m_cancelled) {
            return;
        }
        beast::get_lowest_layer(conn->stream).expires_never();
        conn->used = true;
        http::response<http::string_body> response = conn->parser->release();
        conn->parser.reset();
        if (!response.keep_alive()) {
            closeConnection(conn);
        }
        onResponse(std::move(response));
    }

    void onResponse(http::response<http::string_body> response) {
        Job& job = m_queue.front();
        const int status = static_cast<int>(response.result_int());
        job.response.status = status;
        job.response.body = std::move(response.body());
        const std::optional<std::int64_t> retryAfter = retryAfterSeconds(response);
        const std::string retryAfterText =
            retryAfter ? ", Retry-After " + std::to_string(*retryAfter) + " s" : "";

        if (status >= 200 && status < 300) {
            job.response.error.clear();
            return complete();
        }
        if (status == 418) {
            // A ban: every further request lengthens it, so no retry whatever the attempts.
            job.response.error = "HTTP 418 (IP banned)" + retryAfterText;
            return complete();
        }
        if (status == 429) {
            const std::string text = "HTTP 429 (rate limited)" + retryAfterText;
            if (!retryAfter) {
                return retryOrFail(text, m_options.retryDelay);
            }
            const milliseconds wait = std::chrono::seconds(*retryAfter);
            if (wait > m_options.maxRetryAfter) {
                job.response.error =
                    text + " exceeds the limit of " + durationText(m_options.maxRetryAfter);
                return complete();
            }
            return retryOrFail(text, wait);
        }
        const std::string text =
            "HTTP " + std::to_string(status) + ": " + job.response.body.substr(0, kErrorBodyBytes);
        if (status >= 500 && status < 600) {
            return retryOrFail(text, exponentialDelay(job.response.attempts));
        }
        job.response.error = text;
        complete();
    }

    milliseconds exponentialDelay(int attempts) const {
        const int doublings = std::min(std::max(attempts - 1, 0), 20);
        return m_options.retryDelay * (std::int64_t{1} << doublings);
    }

    void fail(const std::shared_ptr<Connection>& conn, beast::error_code ec,
              std::string_view stage) {
        if (conn != m_conn || m_cancelled) {
            return;
        }
        std::string text(stage);
        text += ": ";
        if (ec == beast::error::timeout) {
            text += "timeout after " + durationText(m_options.timeout);
        } else if (ec == http::error::body_limit) {
            text += "body larger than " + std::to_string(m_options.maxBodyBytes) + " bytes";
        } else {
            text += ec.message();
        }
        // A keep-alive connection the server closed while it sat idle fails on the first write
        // or before the first response byte: that is no failed attempt, just a stale socket.
        const bool nothingReceived =
            stage == "write" || (stage == "read" && (!conn->parser || !conn->parser->got_some()));
        const bool staleReuse = conn->used && nothingReceived && ec != beast::error::timeout;
        Job& job = m_queue.front();
        closeConnection(conn);
        if (staleReuse && !job.retriedFresh) {
            job.retriedFresh = true;
            attempt(false);
            return;
        }
        if (ec == http::error::body_limit) {
            job.response.error = std::move(text);
            return complete();
        }
        job.response.status = 0;
        retryOrFail(std::move(text), exponentialDelay(job.response.attempts));
    }

    void failWithText(const std::shared_ptr<Connection>& conn, std::string text) {
        if (conn != m_conn || m_cancelled) {
            return;
        }
        closeConnection(conn);
        m_queue.front().response.status = 0;
        retryOrFail(std::move(text), exponentialDelay(m_queue.front().response.attempts));
    }

    void retryOrFail(std::string text, milliseconds delay) {
        Job& job = m_queue.front();
        job.response.error = std::move(text);
        if (job.response.attempts >= m_options.maxAttempts) {
            return complete();
        }
        m_retryTimer.expires_after(delay);
        m_retryTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->m_cancelled) {
                return;
            }
            self->attempt(true);
        });
    }

    void complete() {
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        m_busy = false;
        if (job.done) {
            job.done(std::move(job.response));
        }
        startNext();
    }

    void closeConnection(const std::shared_ptr<Connection>& conn) {
        conn->open = false;
        beast::get_lowest_layer(conn->stream).close();
        if (conn == m_conn) {
            m_conn.reset();
        }
    }

    detail::NetworkThreadImpl& m_network;
    Strand m_strand;
    RestOptions m_options;
    detail::Url m_url;
    std::shared_ptr<ssl::context> m_tls;
    tcp::resolver m_resolver;
    net::steady_timer m_retryTimer;
    std::deque<Job> m_queue;
    std::shared_ptr<Connection> m_conn;
    bool m_busy = false;
    bool m_cancelled = false;

    /// Set by the destructor of RestClient (before it lets go), read by ours.
    std::promise<void>* m_destroyed = nullptr;
};

RestClient::RestClient(NetworkThread& network, RestOptions options)
    : m_impl(std::make_shared<Impl>(network.impl(), std::move(options))) {}

// Only allocation can throw in here (post, promise); terminating then beats returning while
// handlers may still use the callbacks.
// NOLINTNEXTLINE(bugprone-exception-escape)
RestClient::~RestClient() {
    if (!m_impl) {
        return;
    }
    const bool onNetworkThread = m_impl->m_network.onNetworkThread();
    assert(!onNetworkThread && "destroy a RestClient on another thread than the network");
    std::promise<void> destroyed;
    std::future<void> done = destroyed.get_future();
    if (!onNetworkThread) {
        m_impl->m_destroyed = &destroyed;
    }
    net::post(m_impl->m_strand, [self = m_impl] { self->doCancel(); });
    m_impl.reset();
    if (!onNetworkThread) {
        done.wait();
    }
}

void RestClient::request(RestRequest request, std::function<void(RestResponse)> done) {
    if (http::string_to_verb(request.method) == http::verb::unknown) {
        // Through the strand like every answer, and holding the client so the destructor waits.
        net::post(m_impl->m_strand,
                  [self = m_impl, method = request.method, done = std::move(done)] {
                      RestResponse response;
                      response.error = "request: unknown HTTP method \"" + method + "\"";
                      done(std::move(response));
                  });
        return;
    }
    net::post(m_impl->m_strand,
              [self = m_impl, request = std::move(request), done = std::move(done)]() mutable {
                  self->doRequest(std::move(request), std::move(done));
              });
}

RestResponse RestClient::fetch(RestRequest request) {
    // The answer comes from the network thread; waiting for it there would never end.
    assert(!m_impl->m_network.onNetworkThread() && "RestClient::fetch on the network thread");
    auto promise = std::make_shared<std::promise<RestResponse>>();
    std::future<RestResponse> future = promise->get_future();
    this->request(std::move(request),
                  [promise](RestResponse response) { promise->set_value(std::move(response)); });
    return future.get();
}

}  // namespace liqmap::exchange
