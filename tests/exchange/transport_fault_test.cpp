// Fault injection on the TLS WebSocket transport (issue 7, "Fault injection"): what exchanges and
// networks do to a connection that websocket_session_test.cpp does not cover yet. A connection
// cut in the middle of a frame, fragmented messages (with a ping between the fragments, dribbled
// a few bytes per TLS record, over the size limit), invalid UTF-8 in text messages, and an
// exchange that closes every connection for an hour without the client leaking anything.

#include <arpa/inet.h>  // ntohs
#include <gtest/gtest.h>
#include <netinet/in.h>   // sockaddr_in, IPPROTO_TCP
#include <netinet/tcp.h>  // TCP_NODELAY
#include <sys/socket.h>   // getpeername, getsockopt

#include <charconv>            // std::from_chars
#include <chrono>              // std::chrono
#include <condition_variable>  // std::condition_variable
#include <cstddef>             // std::size_t
#include <cstdio>              // std::printf
#include <cstdlib>             // std::getenv
#include <filesystem>          // std::filesystem::directory_iterator
#include <memory>              // std::unique_ptr
#include <mutex>               // std::mutex
#include <optional>            // std::optional
#include <ostream>             // std::ostream
#include <string>              // std::string
#include <string_view>         // std::string_view
#include <thread>              // std::this_thread::sleep_for
#include <vector>              // std::vector

#include "liqmap/exchange/websocket_session.h"
#include "support/loopback_exchange.h"

// Live heap bytes: the sanitizers replace malloc, so glibc's statistics would see nothing.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LIQMAP_TEST_SANITIZER_HEAP 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LIQMAP_TEST_SANITIZER_HEAP 1
#endif
#ifdef LIQMAP_TEST_SANITIZER_HEAP
#include <sanitizer/allocator_interface.h>  // __sanitizer_get_current_allocated_bytes
#else
#include <malloc.h>    // mallinfo2
#include <spawn.h>     // posix_spawn
#include <sys/wait.h>  // waitpid, WIFEXITED
#include <unistd.h>    // environ

#include <cerrno>  // errno, EINTR
#endif

namespace liqmap::exchange {
namespace {

using namespace std::chrono_literals;
using test::webSocketFrame;
using test::WsOpcode;

/// Generous bound for things that take milliseconds on an idle machine (CI runs sanitizers on
/// 2 slow cores); waits return as soon as their condition holds.
constexpr auto kWait = 5000ms;

const std::vector<std::string> kSubscriptions = {
    R"({"method":"SUBSCRIBE","params":["btcusdt@forceOrder"],"id":1})",
    R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice@1s"],"id":2})",
};

/// What a dropped connection reads as: OpenSSL's name for a peer that closed TCP without TLS
/// close_notify, after the stage.
constexpr std::string_view kDroppedError = "read: stream truncated";
/// What a server close frame (code 1000, no reason) reads as.
constexpr std::string_view kClosedError = "read: closed by server (code 1000)";
/// The same text as websocket_session_test's OversizedFrameFailsTheConnectionAndReconnects.
constexpr std::string_view kTooBigError = "read: message too big";

/// Collects what a session reports (on the network thread) for the test thread to wait on.
class Recorder {
public:
    WebSocketSession::Callbacks callbacks() {
        WebSocketSession::Callbacks callbacks;
        callbacks.onFrame = [this](std::string_view frame, core::TimestampMs /*receiveMs*/) {
            const std::lock_guard lock(m_mutex);
            m_frames.emplace_back(frame);
            m_changed.notify_all();
        };
        callbacks.onStatus = [this](const ConnectionStatus& status) {
            const std::lock_guard lock(m_mutex);
            m_statuses.push_back(status);
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

    /// The error of every Reconnecting report, in order.
    std::vector<std::string> reconnectErrors() {
        const std::lock_guard lock(m_mutex);
        std::vector<std::string> errors;
        for (const ConnectionStatus& status : m_statuses) {
            if (status.state == ConnectionState::Reconnecting) {
                errors.push_back(status.error);
            }
        }
        return errors;
    }

private:
    std::size_t countLocked(ConnectionState state) const {
        std::size_t n = 0;
        for (const ConnectionStatus& status : m_statuses) {
            n += status.state == state ? 1 : 0;
        }
        return n;
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::string> m_frames;
    std::vector<ConnectionStatus> m_statuses;
};

class TransportFaultTest : public ::testing::Test {
protected:
    WebSocketOptions options() const {
        WebSocketOptions result;
        result.stream.name = "market";
        result.stream.url = m_server.webSocketBaseUrl() + "/ws";
        result.stream.subscribeMessages = kSubscriptions;
        result.stream.staleAfter = 30s;  // no test here waits for staleness
        result.tls.extraCaPem = m_server.certificatePem();
        result.backoff = {20ms, 200ms, 0.0};
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

    /// Waits until connection number `connection` is subscribed and the session reports Live
    /// for the `connection`-th time.
    void expectLive(int connection) {
        ASSERT_TRUE(m_server.waitForConnections(connection, kWait));
        expectSubscriptions(connection);
        ASSERT_TRUE(
            m_recorder.waitForState(ConnectionState::Live, static_cast<std::size_t>(connection)));
    }

    // Declared first so it is destroyed last: sessions and servers stop before the thread.
    NetworkThread m_network;
    test::LoopbackExchange m_server;
    Recorder m_recorder;
};

// --- Connection dropped mid-frame ----------------------------------------------------------

struct MidFrameCut {
    const char* name;
    std::size_t payloadBytes;
    /// Bytes of the frame (header included) written before the socket is closed.
    std::size_t sentBytes;
};

std::ostream& operator<<(std::ostream& out, const MidFrameCut& cut) { return out << cut.name; }

class DroppedMidFrame : public TransportFaultTest,
                        public ::testing::WithParamInterface<MidFrameCut> {};

TEST_P(DroppedMidFrame, DeliversNothingOfTheCutFrameThenReconnectsAndResubscribes) {
    const MidFrameCut cut = GetParam();
    auto session = startSession(options());
    expectLive(1);

    const std::string before = R"({"e":"forceOrder","n":1})";
    m_server.send(before);
    m_server.dropMidFrame(std::string(cut.payloadBytes, 'x'), cut.sentBytes);

    expectLive(2);
    EXPECT_EQ(session->status().error, kDroppedError);
    EXPECT_EQ(m_recorder.reconnectErrors(), std::vector<std::string>{std::string(kDroppedError)});
    EXPECT_EQ(m_recorder.frames(), std::vector<std::string>{before});

    const std::string after = R"({"e":"forceOrder","n":2})";
    m_server.send(after);
    ASSERT_TRUE(m_recorder.waitForFrames(2));
    EXPECT_EQ(m_recorder.frames(), (std::vector<std::string>{before, after}));
    const ConnectionStatus status = session->status();
    EXPECT_EQ(status.messages, 2u);  // the cut frame is not counted either
    EXPECT_EQ(status.reconnects, 1u);
    EXPECT_EQ(status.state, ConnectionState::Live);
}

// Header sizes (RFC 6455 section 5.2, server frames carry no mask): 2 bytes for a payload under
// 126 bytes, 2 + 2 up to 65 535, 2 + 8 above.
INSTANTIATE_TEST_SUITE_P(
    Cuts, DroppedMidFrame,
    ::testing::Values(MidFrameCut{"AfterTheFirstHeaderByte", 200, 1},
                      MidFrameCut{"InsideThe16BitLength", 200, 3},
                      MidFrameCut{"RightAfterTheHeader", 200, 4},
                      MidFrameCut{"HalfwayThroughThePayload", 200, 4 + 100},
                      MidFrameCut{"OneByteShort", 200, 4 + 199},
                      MidFrameCut{"SmallFrameHalfway", 50, 2 + 25},
                      MidFrameCut{"LargeFrameWith64BitLength", 70'000, 10 + 30'000}),
    [](const ::testing::TestParamInfo<MidFrameCut>& cutInfo) { return cutInfo.param.name; });

// --- Fragmented messages ---------------------------------------------------------------------

TEST_F(TransportFaultTest, FragmentedMessageWithAPingBetweenFragmentsArrivesOnceAndWhole) {
    auto session = startSession(options());
    expectLive(1);

    // RFC 6455 section 5.4: control frames may come between the fragments of a message, and a
    // fragment may be empty.
    std::string bytes;
    bytes += webSocketFrame(WsOpcode::Text, false, R"({"e":"forceOrder",)");
    bytes += webSocketFrame(WsOpcode::Ping, true, "mid-message");
    bytes += webSocketFrame(WsOpcode::Continuation, false, "");
    bytes += webSocketFrame(WsOpcode::Continuation, false, R"("o":{"s":"BTCUSDT",)");
    bytes += webSocketFrame(WsOpcode::Continuation, true, R"("q":"0.014"}})");
    m_server.sendRaw(bytes);
    m_server.send(R"({"e":"forceOrder","n":2})");

    ASSERT_TRUE(m_recorder.waitForFrames(2));
    EXPECT_EQ(m_server.waitForPong(kWait), "mid-message");  // answered in the middle
    // Nothing more may arrive: give a stray duplicate or split delivery the time to show up.
    EXPECT_FALSE(m_recorder.waitForFrames(3, 200ms));
    EXPECT_EQ(m_recorder.frames(),
              (std::vector<std::string>{R"({"e":"forceOrder","o":{"s":"BTCUSDT","q":"0.014"}})",
                                        R"({"e":"forceOrder","n":2})"}));
    const ConnectionStatus status = session->status();
    EXPECT_EQ(status.messages, 2u);
    EXPECT_EQ(status.reconnects, 0u);
    EXPECT_EQ(status.error, "");
}

TEST_F(TransportFaultTest, MessagesDribbledAFewBytesPerTlsRecordArriveWholeAndInOrder) {
    auto session = startSession(options());
    expectLive(1);

    // "€" is E2 82 AC in UTF-8; split over two fragments it is still valid text.
    const std::string euro = "\xE2\x82\xAC";
    const std::string first = R"({"price":")" + euro + R"(1"})";
    const std::string second(300, 'b');  // a 16-bit length field, split across records too
    const std::string third = "third";
    std::string bytes;
    bytes += webSocketFrame(WsOpcode::Text, false, R"({"price":")" + euro.substr(0, 1));
    bytes += webSocketFrame(WsOpcode::Continuation, true, euro.substr(1) + R"(1"})");
    bytes += webSocketFrame(WsOpcode::Text, true, second);
    bytes += webSocketFrame(WsOpcode::Text, false, "th");
    bytes += webSocketFrame(WsOpcode::Ping, true, "p");
    bytes += webSocketFrame(WsOpcode::Continuation, true, "ird");
    // 3 bytes per TLS write: every header and payload is cut across records, many times.
    m_server.sendRaw(bytes, 3);

    ASSERT_TRUE(m_recorder.waitForFrames(3, 3 * kWait));
    EXPECT_EQ(m_server.waitForPong(kWait), "p");
    EXPECT_FALSE(m_recorder.waitForFrames(4, 200ms));
    EXPECT_EQ(m_recorder.frames(), (std::vector<std::string>{first, second, third}));
    EXPECT_EQ(session->status().messages, 3u);
    EXPECT_EQ(session->status().reconnects, 0u);
}

TEST_F(TransportFaultTest, FragmentedMessageOverTheLimitFailsWithTheSizeErrorThenReconnects) {
    WebSocketOptions sessionOptions = options();
    sessionOptions.maxFrameBytes = 1024;
    auto session = startSession(sessionOptions);
    expectLive(1);

    // Every fragment is under the limit; the message (3 × 400 = 1 200 bytes) is not.
    m_server.sendFragments({std::string(400, 'a'), std::string(400, 'b'), std::string(400, 'c')});
    expectLive(2);
    EXPECT_EQ(session->status().error, kTooBigError);
    EXPECT_EQ(m_recorder.reconnectErrors(), std::vector<std::string>{std::string(kTooBigError)});
    EXPECT_TRUE(m_recorder.frames().empty());

    // Exactly the limit (4 × 256 = 1 024 bytes) in fragments is one whole message.
    const std::string whole = std::string(256, 'w') + std::string(256, 'x') +
                              std::string(256, 'y') + std::string(256, 'z');
    m_server.sendFragments(
        {whole.substr(0, 256), whole.substr(256, 256), whole.substr(512, 256), whole.substr(768)});
    ASSERT_TRUE(m_recorder.waitForFrames(1));
    EXPECT_EQ(m_recorder.frames(), std::vector<std::string>{whole});
    EXPECT_EQ(session->status().messages, 1u);
}

// --- Back-to-back messages -----------------------------------------------------------------

/// TCP_NODELAY of each of this process's sockets connected to 127.0.0.1:`port` (the client
/// ends of the connections to the loopback server).
std::vector<int> noDelayOfSocketsConnectedTo(unsigned short port) {
    std::vector<int> values;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        const std::string name = entry.path().filename().string();
        int fd = -1;
        if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) {
            continue;
        }
        sockaddr_in peer{};
        socklen_t peerSize = sizeof peer;
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peerSize) != 0 ||
            peer.sin_family != AF_INET || ntohs(peer.sin_port) != port) {
            continue;
        }
        int value = -1;
        socklen_t valueSize = sizeof value;
        if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &valueSize) == 0) {
            values.push_back(value);
        }
    }
    return values;
}

// Found by the hour-of-closes test below: with Nagle's algorithm on, each subscription after the
// first waited for the server's ACK of the one before, which Linux delays (40 to 64 ms measured
// per message; a reconnect took 50 ms instead of 4). Asserted on the socket option rather than
// on a time, which a slow machine could break.
TEST_F(TransportFaultTest, ClientSocketSendsBackToBackMessagesWithoutWaitingForAcks) {
    auto session = startSession(options());
    expectLive(1);
    // Exactly one socket of this process is connected to the server: the session's, with
    // TCP_NODELAY on.
    EXPECT_EQ(noDelayOfSocketsConnectedTo(m_server.port()), std::vector<int>{1});
}

// --- Invalid UTF-8 -------------------------------------------------------------------------

struct BadText {
    const char* name;
    /// The fragments of the text message (one element: a single frame).
    std::vector<std::string> fragments;
};

std::ostream& operator<<(std::ostream& out, const BadText& text) { return out << text.name; }

class InvalidUtf8 : public TransportFaultTest, public ::testing::WithParamInterface<BadText> {};

TEST_P(InvalidUtf8, FailsTheConnectionDeliversNothingOfItAndReconnects) {
    auto session = startSession(options());
    expectLive(1);

    const std::string before = R"({"s":"BTCUSDT","n":1})";
    m_server.send(before);
    m_server.sendFragments(GetParam().fragments);

    expectLive(2);
    const std::string error = "read: invalid UTF-8 in a text message";
    EXPECT_EQ(session->status().error, error);
    EXPECT_EQ(m_recorder.reconnectErrors(), std::vector<std::string>{error});
    EXPECT_EQ(m_recorder.frames(), std::vector<std::string>{before});

    const std::string after = R"({"s":"BTCUSDT","n":2})";
    m_server.send(after);
    ASSERT_TRUE(m_recorder.waitForFrames(2));
    EXPECT_EQ(m_recorder.frames(), (std::vector<std::string>{before, after}));
    EXPECT_EQ(session->status().messages, 2u);
    EXPECT_EQ(session->status().reconnects, 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Texts, InvalidUtf8,
    ::testing::Values(
        // C3 starts a 2-byte sequence; 28 ("(") is no continuation byte.
        BadText{"BadContinuationByte", {std::string(R"({"s":"BTC)") + "\xC3\x28" + R"("})"}},
        // C0 AF would be "/" in two bytes: overlong encodings are forbidden (RFC 3629).
        BadText{"OverlongEncoding", {std::string(R"({"s":")") + "\xC0\xAF" + R"("})"}},
        // ED A0 80 would be U+D800, a UTF-16 surrogate.
        BadText{"Surrogate", {std::string("ab") + "\xED\xA0\x80"}},
        // F4 90 80 80 would be U+110000, past the last code point.
        BadText{"BeyondU10FFFF", {std::string("ab") + "\xF4\x90\x80\x80"}},
        // The message ends inside a 3-byte sequence (E2 82 AC is "€").
        BadText{"TruncatedAtTheEnd", {std::string(R"({"p":"1)") + "\xE2\x82"}},
        // Each fragment alone looks harmless; together they are C3 28.
        BadText{"SplitAcrossFragments", {std::string("ok ") + "\xC3", std::string("\x28 end")}}),
    [](const ::testing::TestParamInfo<BadText>& textInfo) { return textInfo.param.name; });

// --- An exchange that closes every connection for an hour ------------------------------------

/// The process's threads, open file descriptors and live heap bytes.
struct ProcessSample {
    std::size_t threads = 0;
    std::size_t fds = 0;
    std::size_t heapBytes = 0;
};

std::size_t entriesIn(const char* directory) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
        ++n;
    }
    return n;
}

std::size_t liveHeapBytes() {
#ifdef LIQMAP_TEST_SANITIZER_HEAP
    return __sanitizer_get_current_allocated_bytes();
#else
    // Chunks in the arenas plus the large ones glibc mmaps by themselves (from 128 KiB up):
    // both are live heap.
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#endif
}

#ifndef LIQMAP_TEST_SANITIZER_HEAP
/// glibc keeps up to 7 freed blocks per size class in a cache per thread, and mallinfo2() counts
/// them as in use. Over 700 cycles those caches (test, network and server threads) filled up by
/// 36 to 60 KiB in 10 runs while nothing live grew (heaptrack: the live allocations after 100
/// and after 3 000 cycles differed by -282 bytes); with the caches off the same measurement
/// moved by at most 112 bytes. The setting only takes effect at process start.
constexpr std::string_view kNoThreadCache = "glibc.malloc.tcache_count=0";

bool threadCacheIsOff() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in the process changes its environment
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    return tunables != nullptr &&
           std::string_view(tunables).find(kNoThreadCache) != std::string_view::npos;
}

/// Runs the current test alone in a new process of this executable with glibc's thread caches
/// off; its output goes to ours. Returns its exit code (0: passed), -1 if it did not exit.
int runCurrentTestWithoutThreadCache() {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string program = "/proc/self/exe";
    std::string filter =
        std::string("--gtest_filter=") + test->test_suite_name() + "." + test->name();
    std::string tunables = "GLIBC_TUNABLES=" + std::string(kNoThreadCache);
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view variable(*entry);
        if (variable.starts_with("GLIBC_TUNABLES=")) {
            tunables += ":" + std::string(variable.substr(variable.find('=') + 1));
        } else if (!variable.starts_with("GTEST_OUTPUT=")) {  // the report is ours to write
            environment.emplace_back(variable);
        }
    }
    environment.push_back(tunables);
    std::vector<char*> envp;
    envp.reserve(environment.size() + 1);
    for (std::string& variable : environment) {
        envp.push_back(variable.data());
    }
    envp.push_back(nullptr);
    std::vector<char*> argv = {program.data(), filter.data(), nullptr};

    pid_t pid = 0;
    if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv.data(), envp.data()) != 0) {
        return -1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
#endif

/// Waits until the counts stay the same for several readings in a row: the handlers that tear
/// the last closed connection down may still be finishing on the network threads.
ProcessSample quietSample() {
    ProcessSample last;
    int sameInARow = 0;
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (sameInARow < 5 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
        const ProcessSample now{entriesIn("/proc/self/task"), entriesIn("/proc/self/fd"),
                                liveHeapBytes()};
        const bool same =
            now.threads == last.threads && now.fds == last.fds && now.heapBytes == last.heapBytes;
        sameInARow = same ? sameInARow + 1 : 0;
        last = now;
    }
    EXPECT_EQ(sameInARow, 5) << "the process did not settle";
    return last;
}

/// Counts (nothing stored per cycle, so the test's own bookkeeping cannot grow the heap).
class CycleCounter {
public:
    WebSocketSession::Callbacks callbacks() {
        WebSocketSession::Callbacks callbacks;
        callbacks.onFrame = [this](std::string_view frame, core::TimestampMs /*receiveMs*/) {
            const std::lock_guard lock(m_mutex);
            ++m_frames;
            // Connection k carries exactly one frame, "cycle k", and they come in order.
            if (frame != cycleFrame(m_frames)) {
                ++m_wrongFrames;
            }
            m_changed.notify_all();
        };
        callbacks.onStatus = [this](const ConnectionStatus& status) {
            const std::lock_guard lock(m_mutex);
            if (status.state == ConnectionState::Live) {
                ++m_live;
            } else if (status.state == ConnectionState::Reconnecting) {
                ++m_reconnecting;
                // Odd connections end with a close frame, even ones with a drop.
                const bool closed = m_reconnecting % 2 == 1;
                if (status.error != (closed ? kClosedError : kDroppedError)) {
                    ++m_wrongErrors;
                }
            }
            m_changed.notify_all();
        };
        return callbacks;
    }

    static std::string cycleFrame(std::size_t connection) {
        return R"({"e":"forceOrder","cycle":)" + std::to_string(connection) + "}";
    }

    /// Waits for `count` frames and `count` Live reports.
    bool waitForCycle(std::size_t count, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout,
                                  [&] { return m_frames >= count && m_live >= count; });
    }

    struct Counts {
        std::size_t frames, wrongFrames, live, reconnecting, wrongErrors;
    };
    Counts counts() {
        const std::lock_guard lock(m_mutex);
        return {m_frames, m_wrongFrames, m_live, m_reconnecting, m_wrongErrors};
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::size_t m_frames = 0;
    std::size_t m_wrongFrames = 0;
    std::size_t m_live = 0;
    std::size_t m_reconnecting = 0;
    std::size_t m_wrongErrors = 0;
};

TEST_F(TransportFaultTest, ExchangeClosingEveryConnectionForAnHourLeaksNoThreadsFdsOrMemory) {
#ifndef LIQMAP_TEST_SANITIZER_HEAP
    if (!threadCacheIsOff()) {
        // See kNoThreadCache: measured with glibc's thread caches on, the heap would grow by
        // their filling, not by what the client keeps.
        EXPECT_EQ(runCurrentTestWithoutThreadCache(), 0)
            << "the test failed in its own process (with " << kNoThreadCache << "): see above";
        return;
    }
#endif
    // 720 cycles = an exchange closing each connection every 5 s for one hour (3 600 s / 5 s).
    // The waiting is compressed: each connection lives only until it has carried its
    // subscriptions and one frame, and the reconnect waits 1 ms. What could leak or grow is per
    // connection (sockets, TLS state, timers, handlers, threads), not per second of waiting.
    constexpr int kWarmUp = 20;
    constexpr int kCycles = 720;
    CycleCounter counter;
    auto lastFrame = [](int connection) {
        return CycleCounter::cycleFrame(static_cast<std::size_t>(connection));
    };
    // Connections 1 … 20 are ended; connection 21 stays open for the first measurement.
    m_server.closeEachConnection({kSubscriptions.size(), lastFrame, kWarmUp});

    WebSocketOptions sessionOptions = options();
    sessionOptions.backoff = {1ms, 1ms, 0.0};
    WebSocketSession session(m_network, sessionOptions, counter.callbacks());
    session.start();

    // Every connection is subscribed again, exactly and in order.
    std::size_t subscriptions = 0;
    const auto drainSubscriptions = [&](int firstConnection, int lastConnection) {
        for (int connection = firstConnection; connection <= lastConnection; ++connection) {
            for (const std::string& expected : kSubscriptions) {
                const std::optional<test::WsMessage> message = m_server.waitForMessage(kWait);
                ASSERT_TRUE(message.has_value()) << "connection " << connection;
                ASSERT_EQ(message->connection, connection);
                ASSERT_EQ(message->text, expected);
                ++subscriptions;
            }
        }
    };
    const auto measureWhileConnectionIsHeld = [&](int cycles) {
        const std::size_t held = static_cast<std::size_t>(cycles) + 1;
        EXPECT_TRUE(counter.waitForCycle(held, kWait));
        // Only the held connection's server socket is open: every earlier one is closed.
        EXPECT_TRUE(m_server.waitForOpenWebSockets(1, kWait));
        // The server's record of 700 upgrade requests is the test's, not the client's.
        m_server.forgetRecords();
        return quietSample();
    };

    drainSubscriptions(1, kWarmUp + 1);
    const ProcessSample warm = measureWhileConnectionIsHeld(kWarmUp);

    m_server.closeEachConnection({kSubscriptions.size(), lastFrame, kCycles});
    m_server.close();  // connection 21 is odd: a close frame, as the plan ends odd ones
    drainSubscriptions(kWarmUp + 2, kCycles + 1);
    const ProcessSample end = measureWhileConnectionIsHeld(kCycles);

    const CycleCounter::Counts counts = counter.counts();
    // 721 connections: 720 ended plus the one held open; each was subscribed (2 × 721 = 1 442
    // messages), carried one frame and went Live.
    EXPECT_EQ(subscriptions, 1442u);
    EXPECT_FALSE(m_server.waitForMessage(0ms).has_value()) << "a message beyond the subscriptions";
    EXPECT_EQ(counts.frames, 721u);
    EXPECT_EQ(counts.wrongFrames, 0u);
    EXPECT_EQ(counts.live, 721u);
    EXPECT_EQ(counts.reconnecting, 720u);
    EXPECT_EQ(counts.wrongErrors, 0u) << "a cycle ended with another error than expected";
    const ConnectionStatus status = session.status();
    EXPECT_EQ(status.reconnects, 720u);
    EXPECT_EQ(status.messages, 721u);
    EXPECT_EQ(m_server.connectionCount(), 721);

    EXPECT_EQ(end.threads, warm.threads);
    EXPECT_EQ(end.fds, warm.fds);
    // 16 KiB over the 700 cycles between the samples is 23 bytes a cycle. glibc's smallest block
    // takes 32 bytes and the sanitizers count every byte asked for, so leaking one allocation of
    // 24 bytes or more per cycle fails this (checked by leaking one on purpose: +22 400 bytes),
    // let alone a connection's Beast stream and TLS state (tens of KiB). Measured without a
    // leak: -112 to +192 bytes (glibc, thread caches off, 5 runs), 0 bytes (ASan).
    const auto growth =
        static_cast<long long>(end.heapBytes) - static_cast<long long>(warm.heapBytes);
    EXPECT_LE(growth, 16 * 1024) << "heap " << warm.heapBytes << " -> " << end.heapBytes;
    std::printf("heap after %d cycles: %zu bytes, after %d: %zu (%+lld); threads %zu, fds %zu\n",
                kWarmUp, warm.heapBytes, kCycles, end.heapBytes, growth, end.threads, end.fds);
}

}  // namespace
}  // namespace liqmap::exchange
