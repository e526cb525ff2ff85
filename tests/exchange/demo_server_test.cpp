// The demo exchange's network side on its own, fed by a scripted market: its pings keep a quiet
// connection alive, and a client that falls behind is disconnected without disturbing another.

#include "demo/demo_server.h"

#include <gtest/gtest.h>

#include <chrono>  // std::chrono
#include <mutex>   // std::mutex, std::lock_guard
#include <string>  // std::string
#include <thread>  // std::this_thread
#include <vector>  // std::vector

#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/websocket_session.h"
#include "support/frame_log.h"
#include "transport/self_signed_certificate.h"

namespace liqmap::exchange::demo {
namespace {

using namespace std::chrono_literals;

template <typename Condition>
bool waitUntil(Condition condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

/// The server's market, scripted from the test thread: each turn takes what was pushed.
class ScriptedMarket {
public:
    void push(std::vector<EncodedFrame> frames) {
        const std::lock_guard lock(m_mutex);
        for (EncodedFrame& frame : frames) {
            m_pending.push_back(std::move(frame));
        }
    }

    DemoServerCallbacks callbacks() {
        return {[](std::string_view, std::string_view) {
                    return RestAnswer{200, "{}", 1};
                },
                [this](std::vector<EncodedFrame>& frames) {
                    const std::lock_guard lock(m_mutex);
                    for (EncodedFrame& frame : m_pending) {
                        frames.push_back(std::move(frame));
                    }
                    m_pending.clear();
                    return false;
                }};
    }

private:
    std::mutex m_mutex;
    std::vector<EncodedFrame> m_pending;
};

using test::FrameLog;

class DemoServerTest : public testing::Test {
protected:
    void startServer(DemoServerOptions options) {
        m_server = std::make_unique<DemoServer>(m_certificate, 0, "BTCUSDT", m_market.callbacks(),
                                                options);
        m_server->start();
    }

    WebSocketOptions stream(const std::string& path, std::chrono::milliseconds staleAfter) const {
        WebSocketOptions options;
        options.stream.name = "market";
        options.stream.url = "wss://127.0.0.1:" + std::to_string(m_server->port()) + path;
        options.stream.staleAfter = staleAfter;
        options.tls.extraCaPem = m_certificate.certificatePem;
        options.backoff = {50ms, 200ms, 0};
        return options;
    }

    static bool isLive(const WebSocketSession& session) {
        return session.status().state == ConnectionState::Live;
    }

    detail::SelfSignedCertificate m_certificate = detail::makeSelfSignedCertificate();
    ScriptedMarket m_market;
    NetworkThread m_network;
    std::unique_ptr<DemoServer> m_server;
};

TEST_F(DemoServerTest, PingsKeepAQuietConnectionAlive) {
    DemoServerOptions options;
    options.pingPeriod = 100ms;
    startServer(options);
    // The client counts a ping as a sign of life; nothing else is sent on this connection.
    WebSocketSession session(m_network, stream("/market/ws", 700ms), {});
    session.start();
    ASSERT_TRUE(waitUntil([&] { return isLive(session); }, 5s));
    std::this_thread::sleep_for(2s);
    EXPECT_TRUE(isLive(session));
    EXPECT_EQ(session.status().reconnects, 0u) << session.status().error;
    session.stop();
}

TEST_F(DemoServerTest, WithoutPingsTheSameConnectionGoesStale) {
    // The control for the test above: the pings are what kept it alive.
    DemoServerOptions options;
    options.pingPeriod = std::chrono::hours(1);
    startServer(options);
    WebSocketSession session(m_network, stream("/market/ws", 700ms), {});
    session.start();
    ASSERT_TRUE(waitUntil([&] { return isLive(session); }, 5s));
    EXPECT_TRUE(waitUntil([&] { return session.status().reconnects >= 1; }, 5s));
    EXPECT_NE(session.status().error.find("stale"), std::string::npos) << session.status().error;
    session.stop();
}

TEST_F(DemoServerTest, AClientThatFallsBehindIsDisconnectedAndTheOthersGoOn) {
    DemoServerOptions options;
    options.maxQueuedBytes = 4096;
    startServer(options);
    FrameLog tradesLog;
    FrameLog marksLog;
    WebSocketSession trades(m_network, stream("/market/ws/btcusdt@aggTrade", 60s),
                            tradesLog.callbacks());
    WebSocketSession marks(m_network, stream("/market/ws/btcusdt@markPrice@1s", 60s),
                           marksLog.callbacks());
    trades.start();
    marks.start();
    ASSERT_TRUE(waitUntil([&] { return isLive(trades) && isLive(marks); }, 5s));

    // 100 trades of 100 bytes reach the trade connection's queue in one turn: 10 kB > 4 KiB.
    std::vector<EncodedFrame> burst;
    for (int i = 0; i < 100; ++i) {
        burst.push_back({FrameKind::AggTrade, 1000 + i, std::string(100, 't')});
    }
    burst.push_back({FrameKind::MarkPrice, 2000, "mark"});
    m_market.push(std::move(burst));

    ASSERT_TRUE(waitUntil([&] { return trades.status().reconnects >= 1; }, 5s));
    ASSERT_TRUE(waitUntil([&] { return !marksLog.frames().empty(); }, 5s));
    EXPECT_EQ(marksLog.frames(), std::vector<std::string>{"mark"});
    EXPECT_EQ(marks.status().reconnects, 0u);
    EXPECT_TRUE(isLive(marks));
    // The trade client had less than the whole burst before it was cut off.
    EXPECT_LT(tradesLog.frames().size(), 100u);
    trades.stop();
    marks.stop();
}

}  // namespace
}  // namespace liqmap::exchange::demo
