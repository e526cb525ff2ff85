#include "liqmap/exchange/rest_client.h"

#include <gtest/gtest.h>

#include <chrono>              // std::chrono
#include <condition_variable>  // std::condition_variable
#include <memory>              // std::unique_ptr
#include <mutex>               // std::mutex
#include <string>              // std::string
#include <vector>              // std::vector

#include "liqmap/core/config_error.h"
#include "support/loopback_exchange.h"
#include "support/test_certificate.h"

namespace liqmap::exchange {
namespace {

using namespace std::chrono_literals;
using test::HttpReply;
using test::HttpRequestInfo;

constexpr auto kWait = 2000ms;

::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << '"' << text << "\" does not contain \"" << part << '"';
}

RestRequest get(std::string target) {
    RestRequest request;
    request.name = "test";
    request.target = std::move(target);
    return request;
}

/// Answers from a script, one reply per request, then 200 "{}" for the rest.
class Script {
public:
    explicit Script(std::vector<HttpReply> replies) : m_replies(std::move(replies)) {}

    HttpReply operator()(const HttpRequestInfo& /*request*/) {
        const std::lock_guard lock(m_mutex);
        if (m_next < m_replies.size()) {
            return m_replies[m_next++];
        }
        return HttpReply{200, {}, "{}"};
    }

private:
    std::mutex m_mutex;
    std::vector<HttpReply> m_replies;
    std::size_t m_next = 0;
};

class RestClientTest : public ::testing::Test {
protected:
    RestOptions options() const {
        RestOptions result;
        result.baseUrl = m_server.restBaseUrl();
        result.tls.extraCaPem = m_server.certificatePem();
        result.timeout = kWait;
        result.retryDelay = 50ms;
        return result;
    }

    void script(std::vector<HttpReply> replies) {
        auto shared = std::make_shared<Script>(std::move(replies));
        m_server.setHttpHandler(
            [shared](const HttpRequestInfo& request) { return (*shared)(request); });
    }

    NetworkThread m_network;
    test::LoopbackExchange m_server;
};

TEST_F(RestClientTest, GetReachesTheServerWithExactTargetAndHeaders) {
    script({{200, {}, R"({"symbols":[]})"}});
    RestClient client(m_network, options());
    const RestResponse response =
        client.fetch(get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500"));

    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"symbols":[]})");
    EXPECT_EQ(response.attempts, 1);
    const std::vector<HttpRequestInfo> requests = m_server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].target, "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500");
    EXPECT_EQ(requests[0].body, "");
    EXPECT_EQ(requests[0].header("Host"), "127.0.0.1:" + std::to_string(m_server.port()));
    EXPECT_EQ(requests[0].header("User-Agent"), "liqmap/0.1");
    EXPECT_EQ(requests[0].header("Accept"), "application/json");
    EXPECT_EQ(requests[0].header("Content-Type"), "");
}

TEST_F(RestClientTest, PostSendsTheJsonBodyExactly) {
    script({{200, {}, R"({"universe":[]})"}});
    RestClient client(m_network, options());
    RestRequest request;
    request.name = "meta";
    request.method = "POST";
    request.target = "/info";
    request.body = R"({"type":"metaAndAssetCtxs"})";
    const RestResponse response = client.fetch(request);

    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, R"({"universe":[]})");
    const std::vector<HttpRequestInfo> requests = m_server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/info");
    EXPECT_EQ(requests[0].body, R"({"type":"metaAndAssetCtxs"})");
    EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
    EXPECT_EQ(requests[0].header("Content-Length"), "27");
}

TEST_F(RestClientTest, KeepAliveReusesOneConnection) {
    script({});
    RestClient client(m_network, options());
    for (int i = 0; i < 3; ++i) {
        const RestResponse response =
            client.fetch(get("/api/v5/public/instruments?n=" + std::to_string(i)));
        EXPECT_TRUE(response.ok()) << response.error;
        EXPECT_EQ(response.attempts, 1);
    }
    EXPECT_EQ(m_server.acceptedConnections(), 1);
    const std::vector<HttpRequestInfo> requests = m_server.requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[2].connection, 1);
}

TEST_F(RestClientTest, ServerClosingSilentlyAfterEachResponseStillWorks) {
    m_server.setHttpHandler([](const HttpRequestInfo& request) {
        HttpReply reply{200, {}, R"({"target":")" + request.target + R"("})"};
        reply.closeAfter = true;  // like a server whose keep-alive idle timer fired
        return reply;
    });
    RestClient client(m_network, options());
    for (int i = 0; i < 3; ++i) {
        const RestResponse response = client.fetch(get("/r" + std::to_string(i)));
        EXPECT_TRUE(response.ok()) << response.error;
        EXPECT_EQ(response.body, R"({"target":"/r)" + std::to_string(i) + R"("})");
        EXPECT_EQ(response.attempts, 1) << "a stale keep-alive socket is no failed attempt";
    }
    EXPECT_EQ(m_server.acceptedConnections(), 3);
    EXPECT_EQ(m_server.requests().size(), 3u);
}

TEST_F(RestClientTest, ServerAnnouncingConnectionCloseStillWorks) {
    m_server.setHttpHandler([](const HttpRequestInfo& /*request*/) {
        HttpReply reply{200, {}, "{}"};
        reply.announceClose = true;
        return reply;
    });
    RestClient client(m_network, options());
    for (int i = 0; i < 3; ++i) {
        const RestResponse response = client.fetch(get("/x"));
        EXPECT_TRUE(response.ok()) << response.error;
        EXPECT_EQ(response.attempts, 1);
    }
    EXPECT_EQ(m_server.acceptedConnections(), 3);
    EXPECT_EQ(m_server.requests().size(), 3u);
}

TEST_F(RestClientTest, TooManyRequestsWaitsRetryAfterThenSucceeds) {
    script({{429, {{"Retry-After", "1"}}, R"({"code":-1003})"}, {200, {}, R"({"ok":1})"}});
    RestClient client(m_network, options());
    const auto start = std::chrono::steady_clock::now();
    const RestResponse response = client.fetch(get("/fapi/v1/exchangeInfo"));

    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, R"({"ok":1})");
    EXPECT_EQ(response.attempts, 2);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(RestClientTest, TooManyRequestsWithoutRetryAfterWaitsTheRetryDelay) {
    script({{429, {}, ""}, {200, {}, "{}"}});
    RestOptions clientOptions = options();
    clientOptions.retryDelay = 200ms;
    RestClient client(m_network, clientOptions);
    const auto start = std::chrono::steady_clock::now();
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.attempts, 2);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
}

TEST_F(RestClientTest, RetryAfterAboveTheLimitFailsNamingIt) {
    script({{429, {{"Retry-After", "3"}}, ""}});
    RestOptions clientOptions = options();
    clientOptions.maxRetryAfter = 2s;
    RestClient client(m_network, clientOptions);
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_EQ(response.error, "HTTP 429 (rate limited), Retry-After 3 s exceeds the limit of 2 s");
    EXPECT_EQ(response.status, 429);
    EXPECT_EQ(response.attempts, 1);
}

TEST_F(RestClientTest, BanFailsAtOnceWithTheExactText) {
    script({{418, {{"Retry-After", "120"}}, R"({"code":-1003,"msg":"banned"})"}, {418, {}, ""}});
    RestClient client(m_network, options());
    const RestResponse withRetryAfter = client.fetch(get("/fapi/v1/klines"));
    EXPECT_EQ(withRetryAfter.error, "HTTP 418 (IP banned), Retry-After 120 s");
    EXPECT_EQ(withRetryAfter.status, 418);
    EXPECT_EQ(withRetryAfter.attempts, 1);
    EXPECT_FALSE(withRetryAfter.ok());

    const RestResponse without = client.fetch(get("/fapi/v1/klines"));
    EXPECT_EQ(without.error, "HTTP 418 (IP banned)");
    EXPECT_EQ(without.attempts, 1);
    EXPECT_EQ(m_server.requests().size(), 2u);
}

TEST_F(RestClientTest, ServerErrorsAreRetriedUntilSuccess) {
    script({{503, {}, "busy"}, {503, {}, "busy"}, {200, {}, R"({"ok":1})"}});
    RestClient client(m_network, options());
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.attempts, 3);
    EXPECT_EQ(m_server.requests().size(), 3u);
}

TEST_F(RestClientTest, ServerErrorsGiveUpAfterMaxAttempts) {
    m_server.setHttpHandler([](const HttpRequestInfo& /*request*/) {
        return HttpReply{500, {}, "boom"};
    });
    RestOptions clientOptions = options();
    clientOptions.maxAttempts = 3;
    RestClient client(m_network, clientOptions);
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_EQ(response.error, "HTTP 500: boom");
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(response.attempts, 3);
}

TEST_F(RestClientTest, NotFoundFailsAtOnceWithTheStartOfTheBody) {
    const std::string body = R"({"code":-1121,"msg":")" + std::string(300, 'x') + R"("})";
    script({{404, {}, body}});
    RestClient client(m_network, options());
    const RestResponse response = client.fetch(get("/fapi/v1/nope"));

    EXPECT_EQ(response.error, "HTTP 404: " + body.substr(0, 200));
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.body, body);
    EXPECT_EQ(response.attempts, 1);
}

TEST_F(RestClientTest, TimesOutWhenTheServerNeverAnswers) {
    m_server.setHttpHandler([](const HttpRequestInfo& /*request*/) {
        HttpReply reply;
        reply.noAnswer = true;
        return reply;
    });
    RestOptions clientOptions = options();
    clientOptions.timeout = 300ms;
    clientOptions.maxAttempts = 1;
    RestClient client(m_network, clientOptions);
    const auto start = std::chrono::steady_clock::now();
    const RestResponse response = client.fetch(get("/slow"));

    EXPECT_EQ(response.error, "read: timeout after 300 ms");
    EXPECT_EQ(response.status, 0);
    EXPECT_EQ(response.attempts, 1);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 290ms);
}

TEST_F(RestClientTest, TimesOutWhenTheTlsHandshakeNeverCompletes) {
    m_server.stallHandshakes(true);
    RestOptions clientOptions = options();
    clientOptions.timeout = 300ms;
    clientOptions.maxAttempts = 1;
    RestClient client(m_network, clientOptions);
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_EQ(response.error, "tls handshake: timeout after 300 ms");
    EXPECT_EQ(response.attempts, 1);
}

TEST_F(RestClientTest, RefusesAServerWhoseCertificateIsNotTrusted) {
    RestOptions clientOptions = options();
    clientOptions.tls.extraCaPem = test::makeTestCertificate().certificatePem;
    clientOptions.maxAttempts = 1;
    RestClient client(m_network, clientOptions);
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_TRUE(contains(response.error, "tls handshake: certificate verify failed"));
    EXPECT_EQ(response.status, 0);
    EXPECT_TRUE(m_server.requests().empty());
}

TEST_F(RestClientTest, ConnectionRefusedIsRetriedThenReported) {
    RestOptions clientOptions = options();
    clientOptions.baseUrl = test::refusedRestUrl();
    clientOptions.maxAttempts = 2;
    clientOptions.retryDelay = 10ms;
    RestClient client(m_network, clientOptions);
    const RestResponse response = client.fetch(get("/x"));

    EXPECT_EQ(response.error, "connect: Connection refused");
    EXPECT_EQ(response.attempts, 2);
}

TEST_F(RestClientTest, BodyAboveTheLimitFails) {
    script({{200, {}, std::string(2000, 'x')}});
    RestOptions clientOptions = options();
    clientOptions.maxBodyBytes = 1000;
    RestClient client(m_network, clientOptions);
    const RestResponse response = client.fetch(get("/big"));

    EXPECT_EQ(response.error, "read: body larger than 1000 bytes");
    EXPECT_EQ(response.attempts, 1);
}

TEST_F(RestClientTest, RequestsRunOneAtATimeInSubmissionOrder) {
    m_server.setHttpHandler([](const HttpRequestInfo& request) {
        return HttpReply{200, {}, request.target};
    });
    RestClient client(m_network, options());
    std::mutex mutex;
    std::condition_variable finished;
    std::vector<std::string> bodies;
    for (int i = 0; i < 5; ++i) {
        client.request(get("/n" + std::to_string(i)), [&](const RestResponse& response) {
            const std::lock_guard lock(mutex);
            bodies.push_back(response.body);
            finished.notify_all();
        });
    }
    std::unique_lock lock(mutex);
    ASSERT_TRUE(finished.wait_for(lock, kWait, [&] { return bodies.size() == 5; }));
    EXPECT_EQ(bodies, (std::vector<std::string>{"/n0", "/n1", "/n2", "/n3", "/n4"}));
    EXPECT_EQ(m_server.acceptedConnections(), 1);
}

TEST_F(RestClientTest, DestructorCancelsPendingRequests) {
    m_server.setHttpHandler([](const HttpRequestInfo& /*request*/) {
        HttpReply reply;
        reply.noAnswer = true;
        return reply;
    });
    RestOptions clientOptions = options();
    clientOptions.timeout = 10s;
    auto client = std::make_unique<RestClient>(m_network, clientOptions);
    std::mutex mutex;
    std::vector<RestResponse> responses;
    for (int i = 0; i < 2; ++i) {
        client->request(get("/pending"), [&](RestResponse response) {
            const std::lock_guard lock(mutex);
            responses.push_back(std::move(response));
        });
    }
    ASSERT_TRUE(m_server.waitForRequests(1, kWait));

    const auto start = std::chrono::steady_clock::now();
    client.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
    const std::lock_guard lock(mutex);
    ASSERT_EQ(responses.size(), 2u);
    for (const RestResponse& response : responses) {
        EXPECT_EQ(response.error, "cancelled");
    }
    EXPECT_EQ(responses[0].attempts, 1);
    EXPECT_EQ(responses[1].attempts, 0);
}

TEST_F(RestClientTest, UnknownMethodFailsWithoutTouchingTheNetwork) {
    RestClient client(m_network, options());
    RestRequest request = get("/x");
    request.method = "FETCH";
    const RestResponse response = client.fetch(request);
    EXPECT_EQ(response.error, "request: unknown HTTP method \"FETCH\"");
    EXPECT_EQ(m_server.acceptedConnections(), 0);
}

TEST(RestClientConfig, RejectsBaseUrlsThatAreNotHttpsHostPort) {
    NetworkThread network;
    for (const char* url : {"http://example.com", "https://example.com/api", "https://",
                            "wss://example.com", "https://example.com:99999"}) {
        RestOptions options;
        options.baseUrl = url;
        try {
            RestClient client(network, options);
            ADD_FAILURE() << url << " was accepted";
        } catch (const core::ConfigError& error) {
            EXPECT_EQ(error.field(), "url") << url;
        }
    }
    RestOptions fine;
    fine.baseUrl = "https://fapi.binance.com/";
    EXPECT_NO_THROW(RestClient(network, fine));
}

TEST(RestClientConfig, RejectsExtraCaTextThatIsNoCertificate) {
    NetworkThread network;
    RestOptions options;
    options.baseUrl = "https://127.0.0.1:1";
    options.tls.extraCaPem = "not a certificate";
    try {
        RestClient client(network, options);
        ADD_FAILURE() << "accepted";
    } catch (const core::ConfigError& error) {
        EXPECT_EQ(error.field(), "tls.extraCaPem");
    }
}

}  // namespace
}  // namespace liqmap::exchange
