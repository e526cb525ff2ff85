#include "liqmap/exchange/websocket_session.h"

#include <gtest/gtest.h>

#include <algorithm>           // std::count
#include <chrono>              // std::chrono
#include <condition_variable>  // std::condition_variable
#include <memory>              // std::unique_ptr
#include <mutex>               // std::mutex
#include <optional>            // std::optional
#include <string>              // std::string
#include <thread>              // std::this_thread::sleep_for
#include <vector>              // std::vector

#include "liqmap/core/config_error.h"
#include "support/loopback_exchange.h"
#include "support/test_certificate.h"

namespace liqmap::exchange {
namespace {

using namespace std::chrono_literals;

/// Generous bound for things that take milliseconds on an idle machine.
constexpr auto kWait = 2000ms;

::testing::AssertionResult startsWith(const std::string& text, std::string_view prefix) {
    if (text.starts_with(prefix)) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << '"' << text << "\" does not start with \"" << prefix << '"';
}

::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << '"' << text << "\" does not contain \"" << part << '"';
}

core::TimestampMs wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Collects what a session reports (on the network thread) for the test thread to wait on.
class Recorder {
public:
    struct Observed {
        ConnectionStatus status;
        core::TimestampMs atMs = 0;
    };

    WebSocketSession::Callbacks callbacks() {
        WebSocketSession::Callbacks callbacks;
        callbacks.onFrame = [this](std::string_view frame, core::TimestampMs receiveMs) {
            const std::lock_guard lock(m_mutex);
            m_frames.emplace_back(frame);
            m_receiveTimes.push_back(receiveMs);
            m_changed.notify_all();
        };
        callbacks.onStatus = [this](const ConnectionStatus& status) {
            const std::lock_guard lock(m_mutex);
            m_statuses.push_back({status, wallClockMs()});
            m_changed.notify_all();
        };
        return callbacks;
    }

    bool waitForFrames(std::size_t count, std::chrono::milliseconds timeout = kWait) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_frames.size() >= count; });
    }

    /// Waits until `state` has been reported at least `count` times.
    bool waitForState(ConnectionState state, std::size_t count = 1,
                      std::chrono::milliseconds timeout = kWait) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return countLocked(state) >= count; });
    }

    std::size_t count(ConnectionState state) {
        const std::lock_guard lock(m_mutex);
        return countLocked(state);
    }

    std::vector<std::string> frames() {
        const std::lock_guard lock(m_mutex);
        return m_frames;
    }

    std::vector<core::TimestampMs> receiveTimes() {
        const std::lock_guard lock(m_mutex);
        return m_receiveTimes;
    }

    std::vector<Observed> statuses() {
        const std::lock_guard lock(m_mutex);
        return m_statuses;
    }

private:
    std::size_t countLocked(ConnectionState state) const {
        std::size_t n = 0;
        for (const Observed& observed : m_statuses) {
            n += observed.status.state == state ? 1 : 0;
        }
        return n;
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::string> m_frames;
    std::vector<core::TimestampMs> m_receiveTimes;
    std::vector<Observed> m_statuses;
};

const std::vector<std::string> kSubscriptions = {
    R"({"method":"SUBSCRIBE","params":["btcusdt@forceOrder"],"id":1})",
    R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice@1s"],"id":2})",
};

class WebSocketSessionTest : public ::testing::Test {
protected:
    /// Options for the default loopback server: short times so every test takes well under 3 s.
    WebSocketOptions options() const {
        WebSocketOptions result;
        result.stream.name = "market";
        result.stream.url =
            m_server.webSocketBaseUrl() + "/market/stream?streams=btcusdt@forceOrder";
        result.stream.subscribeMessages = kSubscriptions;
        result.stream.staleAfter = 5s;
        result.tls.extraCaPem = m_server.certificatePem();
        result.backoff = {50ms, 400ms, 0.0};
        result.connectTimeout = kWait;
        return result;
    }

    std::unique_ptr<WebSocketSession> startSession(WebSocketOptions sessionOptions) {
        auto session = std::make_unique<WebSocketSession>(m_network, std::move(sessionOptions),
                                                          m_recorder.callbacks());
        session->start();
        return session;
    }

    /// The subscriptions arrive next on `connection`, exactly and in order.
    void expectSubscriptions(int connection) {
        for (const std::string& expected : kSubscriptions) {
            const std::optional<test::WsMessage> message = m_server.waitForMessage(kWait);
            ASSERT_TRUE(message.has_value()) << "missing " << expected;
            EXPECT_EQ(message->connection, connection);
            EXPECT_EQ(message->text, expected);
        }
    }

    /// Starts a session on the default server and waits until it is Live.
    std::unique_ptr<WebSocketSession> startLive(WebSocketOptions sessionOptions) {
        auto session = startSession(std::move(sessionOptions));
        expectSubscriptions(1);
        EXPECT_TRUE(m_recorder.waitForState(ConnectionState::Live));
        return session;
    }

    // Declared first so it is destroyed last: sessions and servers stop before the thread.
    NetworkThread m_network;
    test::LoopbackExchange m_server;
    Recorder m_recorder;
};

TEST_F(WebSocketSessionTest, SendsTheSubscribeMessagesInOrderThenIsLive) {
    auto session = startSession(options());
    expectSubscriptions(1);
    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Live));

    EXPECT_EQ(m_server.upgradeTargets(),
              std::vector<std::string>{"/market/stream?streams=btcusdt@forceOrder"});
    const std::vector<test::HttpRequestInfo> upgrades = m_server.upgradeRequests();
    ASSERT_EQ(upgrades.size(), 1u);
    EXPECT_EQ(upgrades[0].header("Host"), "127.0.0.1:" + std::to_string(m_server.port()));
    EXPECT_EQ(upgrades[0].header("User-Agent"), "liqmap/0.1");
    const ConnectionStatus status = session->status();
    EXPECT_EQ(status.name, "market");
    EXPECT_EQ(status.state, ConnectionState::Live);
    EXPECT_EQ(status.reconnects, 0u);
    EXPECT_EQ(status.error, "");
    const std::vector<Recorder::Observed> statuses = m_recorder.statuses();
    ASSERT_GE(statuses.size(), 2u);
    EXPECT_EQ(statuses[0].status.state, ConnectionState::Connecting);
    EXPECT_EQ(statuses[1].status.state, ConnectionState::Live);
}

TEST_F(WebSocketSessionTest, DeliversServerFramesInOrderWithCountsAndReceiveTimes) {
    auto session = startLive(options());
    const core::TimestampMs before = wallClockMs();
    m_server.send(R"({"e":"forceOrder","n":1})");
    m_server.send(R"({"e":"forceOrder","n":2})");
    m_server.send("not json at all");

    ASSERT_TRUE(m_recorder.waitForFrames(3));
    const core::TimestampMs after = wallClockMs();
    EXPECT_EQ(m_recorder.frames(),
              (std::vector<std::string>{R"({"e":"forceOrder","n":1})",
                                        R"({"e":"forceOrder","n":2})", "not json at all"}));
    const std::vector<core::TimestampMs> times = m_recorder.receiveTimes();
    EXPECT_LE(times[0], times[1]);
    EXPECT_LE(times[1], times[2]);
    EXPECT_GE(times[0], before);
    const ConnectionStatus status = session->status();
    EXPECT_EQ(status.messages, 3u);
    EXPECT_EQ(status.lastMessageMs, times[2]);
    EXPECT_LE(status.lastMessageMs, after);
}

TEST_F(WebSocketSessionTest, AnswersServerPingsWithPongsEchoingThePayloadAndCountsThemAsLife) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.staleAfter = 400ms;
    auto session = startLive(sessionOptions);

    // Pings alone (no data) for longer than staleAfter keep the connection from going stale.
    const auto until = std::chrono::steady_clock::now() + 800ms;
    int pings = 0;
    while (std::chrono::steady_clock::now() < until) {
        const std::string payload = "1700000000" + std::to_string(pings++);
        m_server.sendPing(payload);
        EXPECT_EQ(m_server.waitForPong(kWait), payload);
        std::this_thread::sleep_for(100ms);  // pacing, like Binance's (much slower) ping period
    }
    EXPECT_EQ(m_recorder.count(ConnectionState::Stale), 0u);
    EXPECT_EQ(m_server.connectionCount(), 1);
    EXPECT_EQ(session->status().messages, 0u);  // control frames are not messages
}

TEST_F(WebSocketSessionTest, ClientEveryHeartbeatIsSentRepeatedlyEvenWhileDataFlows) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.heartbeat = {HeartbeatRule::Kind::ClientEvery, R"({"op":"ping"})", 100ms};
    m_server.setAutoReply(test::answerBybitPing);
    auto session = startLive(sessionOptions);

    const auto until = std::chrono::steady_clock::now() + 650ms;
    while (std::chrono::steady_clock::now() < until) {
        m_server.send(R"({"topic":"allLiquidation.BTCUSDT","data":[]})");
        std::this_thread::sleep_for(20ms);  // a steady trickle of data
    }
    int heartbeats = 0;
    while (const std::optional<test::WsMessage> message = m_server.waitForMessage(0ms)) {
        EXPECT_EQ(message->text, R"({"op":"ping"})");
        ++heartbeats;
    }
    EXPECT_GE(heartbeats, 4);
    EXPECT_LE(heartbeats, 8);
    const std::vector<std::string> frames = m_recorder.frames();
    EXPECT_GE(
        std::count(
            frames.begin(), frames.end(),
            R"({"success":true,"ret_msg":"pong","conn_id":"loopback","req_id":"","op":"ping"})"),
        3);
}

TEST_F(WebSocketSessionTest, ClientWhenIdleHeartbeatIsSentOnlyAfterSilence) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.heartbeat = {HeartbeatRule::Kind::ClientWhenIdle, "ping", 250ms};
    m_server.setAutoReply(test::answerOkxPing);
    auto session = startLive(sessionOptions);

    auto lastSend = std::chrono::steady_clock::now();
    const auto until = lastSend + 600ms;
    while (std::chrono::steady_clock::now() < until) {
        m_server.send(R"({"arg":{"channel":"liquidation-orders"},"data":[]})");
        lastSend = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(25ms);
    }
    EXPECT_FALSE(m_server.waitForMessage(0ms).has_value()) << "pinged while data was flowing";

    const std::optional<test::WsMessage> ping = m_server.waitForMessage(kWait);
    ASSERT_TRUE(ping.has_value());
    EXPECT_EQ(ping->text, "ping");
    EXPECT_GE(std::chrono::steady_clock::now() - lastSend, 240ms);
    ASSERT_TRUE(m_recorder.waitForFrames(1));
    std::vector<std::string> frames;
    while (m_recorder.waitForFrames(frames.size() + 1, 500ms)) {
        frames = m_recorder.frames();
        if (frames.back() == "pong") {
            break;
        }
    }
    EXPECT_EQ(frames.back(), "pong");
}

TEST_F(WebSocketSessionTest, SilentServerMakesTheFeedStaleThenItReconnectsAndResubscribes) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.staleAfter = 300ms;
    auto session = startLive(sessionOptions);

    m_server.goSilent(true);
    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Stale));
    EXPECT_EQ(session->status().error, "stale: no message for 300 ms");
    m_server.goSilent(false);

    ASSERT_TRUE(m_server.waitForConnections(2, kWait));
    expectSubscriptions(2);
    EXPECT_TRUE(m_recorder.waitForState(ConnectionState::Live, 2));
    EXPECT_EQ(session->status().reconnects, 1u);
}

TEST_F(WebSocketSessionTest, DroppedConnectionIsReestablishedAndResubscribed) {
    auto session = startLive(options());
    m_server.drop();

    ASSERT_TRUE(m_server.waitForConnections(2, kWait));
    expectSubscriptions(2);
    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Live, 2));
    const ConnectionStatus status = session->status();
    EXPECT_EQ(status.reconnects, 1u);
    EXPECT_TRUE(startsWith(status.error, "read: "));
    EXPECT_EQ(m_recorder.count(ConnectionState::Reconnecting), 1u);
}

TEST_F(WebSocketSessionTest, ServerCloseFrameLeadsToAReconnect) {
    auto session = startLive(options());
    m_server.close();

    ASSERT_TRUE(m_server.waitForConnections(2, kWait));
    expectSubscriptions(2);
    EXPECT_TRUE(startsWith(session->status().error, "read: closed by server (code 1000"));
}

TEST_F(WebSocketSessionTest, BackoffDelaysDoubleUpToTheMaximumWhileTheServerRefuses) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.url = test::refusedWebSocketUrl() + "/ws";
    sessionOptions.backoff = {50ms, 200ms, 0.0};
    auto session = startSession(sessionOptions);

    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Reconnecting, 5));
    std::vector<core::TimestampMs> reconnectAt;
    for (const Recorder::Observed& observed : m_recorder.statuses()) {
        if (observed.status.state == ConnectionState::Reconnecting) {
            reconnectAt.push_back(observed.status.reconnectAtMs);
            EXPECT_EQ(observed.status.error, "connect: Connection refused");
        }
    }
    ASSERT_GE(reconnectAt.size(), 5u);
    // With no jitter the k-th wait is 50, 100, 200, 200, … ms; consecutive reconnectAtMs differ
    // by the next wait plus the (sub-millisecond) refused connect.
    const std::vector<std::int64_t> expected = {100, 200, 200, 200};
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const std::int64_t spacing = reconnectAt[k + 1] - reconnectAt[k];
        EXPECT_GE(spacing, expected[k] - 2) << "wait " << k + 1;
        EXPECT_LE(spacing, expected[k] + 100) << "wait " << k + 1;
    }
    EXPECT_EQ(m_recorder.count(ConnectionState::Live), 0u);
    EXPECT_GE(session->status().reconnects, 4u);
}

TEST_F(WebSocketSessionTest, RotatesTheConnectionAfterRotateAfterWithoutBackoff) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.rotateAfter = 300ms;
    sessionOptions.backoff = {1500ms, 3000ms, 0.0};  // a rotation must not wait for this
    auto session = startLive(sessionOptions);

    ASSERT_TRUE(m_server.waitForConnections(2, kWait));
    // Measured from the Live report on the network thread: the test thread may wake up late.
    const core::TimestampMs liveAtMs = m_recorder.statuses().at(1).atMs;
    const core::TimestampMs elapsedMs = wallClockMs() - liveAtMs;
    EXPECT_GE(elapsedMs, 295);
    EXPECT_LT(elapsedMs, 1000);
    expectSubscriptions(2);
    EXPECT_TRUE(m_server.waitForClientCloses(1, kWait)) << "the old connection is closed cleanly";
    EXPECT_GE(session->status().reconnects, 1u);
    EXPECT_EQ(m_recorder.count(ConnectionState::Reconnecting), 0u);
}

TEST_F(WebSocketSessionTest, RefusesAServerWhoseCertificateIsNotTrusted) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.tls.extraCaPem = test::makeTestCertificate().certificatePem;  // unrelated
    auto session = startSession(sessionOptions);

    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Reconnecting));
    EXPECT_TRUE(startsWith(session->status().error, "tls handshake: certificate verify failed"));
    session.reset();
    EXPECT_EQ(m_recorder.count(ConnectionState::Live), 0u);
    EXPECT_TRUE(m_recorder.frames().empty());
    EXPECT_EQ(m_server.connectionCount(), 0);
}

TEST_F(WebSocketSessionTest, RefusesACertificateIssuedForAnotherHost) {
    test::LoopbackExchange wrongHost(test::makeTestCertificate({"DNS:wrong.example"}));
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.url = wrongHost.webSocketBaseUrl() + "/ws";
    sessionOptions.tls.extraCaPem = wrongHost.certificatePem();  // trusted, but not for 127.0.0.1
    auto session = startSession(sessionOptions);

    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Reconnecting));
    const std::string error = session->status().error;
    EXPECT_TRUE(startsWith(error, "tls handshake: certificate verify failed"));
    EXPECT_TRUE(contains(error, "mismatch"));
    session.reset();
    EXPECT_EQ(m_recorder.count(ConnectionState::Live), 0u);
    EXPECT_EQ(wrongHost.connectionCount(), 0);
}

TEST_F(WebSocketSessionTest, ConnectsByHostNameWithSniAndNameVerification) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.url = "wss://localhost:" + std::to_string(m_server.port()) + "/ws";
    auto session = startLive(sessionOptions);
    const std::vector<test::HttpRequestInfo> upgrades = m_server.upgradeRequests();
    ASSERT_EQ(upgrades.size(), 1u);
    EXPECT_EQ(upgrades[0].header("Host"), "localhost:" + std::to_string(m_server.port()));
}

TEST_F(WebSocketSessionTest, ConnectTimeoutEndsAHandshakeThatNeverCompletes) {
    m_server.stallHandshakes(true);
    WebSocketOptions sessionOptions = options();
    sessionOptions.connectTimeout = 300ms;
    auto session = startSession(sessionOptions);

    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Reconnecting));
    EXPECT_EQ(session->status().error, "tls handshake: timeout after 300 ms");
    const std::vector<Recorder::Observed> statuses = m_recorder.statuses();
    EXPECT_GE(statuses.back().atMs - statuses.front().atMs, 295);

    m_server.stallHandshakes(false);  // the next attempt gets through
    expectSubscriptions(1);
    EXPECT_TRUE(m_recorder.waitForState(ConnectionState::Live));
}

TEST_F(WebSocketSessionTest, OversizedFrameFailsTheConnectionAndReconnects) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.maxFrameBytes = 1024;
    auto session = startLive(sessionOptions);

    m_server.send(std::string(4096, 'x'));
    ASSERT_TRUE(m_server.waitForConnections(2, kWait));
    expectSubscriptions(2);
    EXPECT_EQ(session->status().error, "read: message too big");
    EXPECT_TRUE(m_recorder.frames().empty());

    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Live, 2));
    m_server.send(std::string(1024, 'y'));
    ASSERT_TRUE(m_recorder.waitForFrames(1));
    EXPECT_EQ(m_recorder.frames()[0], std::string(1024, 'y'));
}

TEST_F(WebSocketSessionTest, GarbageFailsTheConnectionAndReconnects) {
    auto session = startLive(options());
    m_server.sendGarbage();

    ASSERT_TRUE(m_server.waitForConnections(2, kWait));
    expectSubscriptions(2);
    EXPECT_TRUE(startsWith(session->status().error, "read: "));
    EXPECT_TRUE(m_recorder.frames().empty());
}

TEST_F(WebSocketSessionTest, SendQueuesWhileConnectedAndDropsOtherwise) {
    auto session = std::make_unique<WebSocketSession>(m_network, options(), m_recorder.callbacks());
    session->send("before start");  // not connected: dropped
    session->start();
    expectSubscriptions(1);
    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Live));
    session->send(R"({"method":"LIST_SUBSCRIPTIONS","id":3})");
    const std::optional<test::WsMessage> message = m_server.waitForMessage(kWait);
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(message->text, R"({"method":"LIST_SUBSCRIPTIONS","id":3})");
}

TEST_F(WebSocketSessionTest, StopClosesCleanlyAndNeverReconnects) {
    auto session = startLive(options());
    session->stop();
    session->stop();  // idempotent

    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Stopped));
    EXPECT_TRUE(m_server.waitForClientCloses(1, kWait));
    EXPECT_FALSE(m_server.waitForConnections(2, 300ms));
    EXPECT_EQ(session->status().state, ConnectionState::Stopped);
    session->send("after stop");
    session.reset();
    EXPECT_FALSE(m_server.waitForMessage(0ms).has_value());
    EXPECT_EQ(m_recorder.count(ConnectionState::Stopped), 1u);
    EXPECT_EQ(m_recorder.count(ConnectionState::Reconnecting), 0u);
}

TEST_F(WebSocketSessionTest, DestructorWhileReconnectingReturnsPromptly) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.stream.url = test::refusedWebSocketUrl() + "/ws";
    sessionOptions.backoff = {5s, 10s, 0.0};
    auto session = startSession(sessionOptions);
    ASSERT_TRUE(m_recorder.waitForState(ConnectionState::Reconnecting));

    const auto start = std::chrono::steady_clock::now();
    session.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
    EXPECT_EQ(m_recorder.count(ConnectionState::Stopped), 1u);
}

TEST_F(WebSocketSessionTest, DestructorWithoutStartReturnsAtOnce) {
    auto session = std::make_unique<WebSocketSession>(m_network, options(), m_recorder.callbacks());
    session.reset();
    EXPECT_EQ(m_server.acceptedConnections(), 0);
}

TEST(WebSocketSessionConfig, RejectsUrlsThatAreNotWss) {
    NetworkThread network;
    for (const char* url : {"https://example.com/ws", "wss://", "wss://host:0/ws",
                            "wss://host:70000/ws", "wss://ho st/ws", "ws://example.com/ws"}) {
        WebSocketOptions options;
        options.stream.url = url;
        try {
            WebSocketSession session(network, options, {});
            ADD_FAILURE() << url << " was accepted";
        } catch (const core::ConfigError& error) {
            EXPECT_EQ(error.field(), "url") << url;
            EXPECT_TRUE(contains(error.what(), url));
        }
    }
}

TEST(WebSocketSessionConfig, RejectsAClientHeartbeatWithoutInterval) {
    NetworkThread network;
    WebSocketOptions options;
    options.stream.url = "wss://127.0.0.1:1/ws";
    options.stream.heartbeat = {HeartbeatRule::Kind::ClientEvery, R"({"op":"ping"})", 0ms};
    EXPECT_THROW(WebSocketSession(network, options, {}), core::ConfigError);
}

TEST(LoopbackAutoReplies, AnswerEachVenuesApplicationPingOnly) {
    EXPECT_EQ(test::answerBybitPing(R"({"op":"ping"})"),
              R"({"success":true,"ret_msg":"pong","conn_id":"loopback","req_id":"","op":"ping"})");
    EXPECT_EQ(test::answerBybitPing(R"({"req_id":"7", "op": "ping"})").has_value(), true);
    EXPECT_EQ(test::answerBybitPing(R"({"op":"subscribe","args":[]})"), std::nullopt);
    EXPECT_EQ(test::answerOkxPing("ping"), "pong");
    EXPECT_EQ(test::answerOkxPing(R"({"op":"ping"})"), std::nullopt);
    EXPECT_EQ(test::answerHyperliquidPing(R"({"method":"ping"})"), R"({"channel":"pong"})");
    EXPECT_EQ(test::answerHyperliquidPing(R"({"method":"subscribe"})"), std::nullopt);
}

TEST(ConnectionState, HasStableLowercaseNames) {
    EXPECT_EQ(toString(ConnectionState::Idle), "idle");
    EXPECT_EQ(toString(ConnectionState::Connecting), "connecting");
    EXPECT_EQ(toString(ConnectionState::Live), "live");
    EXPECT_EQ(toString(ConnectionState::Stale), "stale");
    EXPECT_EQ(toString(ConnectionState::Reconnecting), "reconnecting");
    EXPECT_EQ(toString(ConnectionState::Error), "error");
    EXPECT_EQ(toString(ConnectionState::Stopped), "stopped");
}

}  // namespace
}  // namespace liqmap::exchange
