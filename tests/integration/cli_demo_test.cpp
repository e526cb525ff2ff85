// The simulated exchange through the command line: map --exchange demo (printed once and as the
// live text map), record --exchange demo, serve-demo with a Binance client, and stopping by
// signal. Each run makes a short history (--history-hours 2) so it starts in a moment.

#include <gtest/gtest.h>
#include <unistd.h>  // getpid: a file name of this run alone

#include <chrono>   // std::chrono
#include <csignal>  // SIGINT, SIGTERM, SIGKILL
#include <cstdio>   // std::remove
#include <fstream>  // std::ifstream
#include <regex>    // std::regex, std::smatch
#include <sstream>  // std::ostringstream
#include <string>   // std::string
#include <thread>   // std::this_thread
#include <vector>   // std::vector

#include "support/process.h"

namespace liqmap {
namespace {

using namespace std::chrono_literals;

const std::string kCli = LIQMAP_CLI_PATH;

test::ProcessResult cli(const std::vector<std::string>& args) {
    return test::runProcess(kCli, args);
}

// The number after "key": in a flat JSON object; -1 when absent.
double jsonNumber(const std::string& json, const std::string& key) {
    const std::string field = "\"" + key + "\":";
    const std::size_t at = json.find(field);
    return at == std::string::npos ? -1 : std::stod(json.substr(at + field.size()));
}

std::string readWholeFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

std::size_t countOf(const std::string& text, const std::string& piece) {
    std::size_t count = 0;
    for (std::size_t at = text.find(piece); at != std::string::npos;
         at = text.find(piece, at + piece.size())) {
        ++count;
    }
    return count;
}

// "demo BTCUSDT: live, 4 REST responses (0 failed), 504 frames, 647 events; market live":
// live, nothing failed, skipped or in error.
void expectCleanSummary(const std::string& err, const std::string& feed) {
    EXPECT_NE(err.find(feed + ": live, "), std::string::npos) << err;
    EXPECT_NE(err.find(" (0 failed), "), std::string::npos) << err;
    EXPECT_NE(err.find("; market live"), std::string::npos) << err;
    for (const char* problem : {"skipped", "error", "reconnect", "never finished", "no price"}) {
        EXPECT_EQ(err.find(problem), std::string::npos) << problem << " in " << err;
    }
}

TEST(CliDemo, MapsTheSimulatedExchangeAsJson) {
    const auto result = cli({"map", "--exchange", "demo", "--seconds", "3", "--format", "json",
                             "--history-hours", "2"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out.rfind(R"({"exchange":"demo","symbol":"BTCUSDT","price":)", 0), 0u)
        << result.out.substr(0, 200);
    EXPECT_GT(jsonNumber(result.out, "total_long"), 0) << result.out.substr(0, 400);
    EXPECT_GT(jsonNumber(result.out, "total_short"), 0) << result.out.substr(0, 400);
    expectCleanSummary(result.err, "demo BTCUSDT");
}

// Not a terminal: frames follow each other, each after a "--- t+Ns" line, without escape codes;
// the last is drawn when --seconds is up.
TEST(CliDemo, RefreshPrintsAFrameEverySecond) {
    const auto result = cli(
        {"map", "--exchange", "demo", "--seconds", "3", "--refresh", "1", "--history-hours", "2"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
    EXPECT_EQ(result.out.rfind("--- t+0s\ndemo BTCUSDT · estimated liquidation map · ", 0), 0u)
        << result.out.substr(0, 200);
    const std::vector<std::string> marks = {"--- t+0s\n", "\n--- t+1s\n", "\n--- t+2s\n",
                                            "\n--- t+3s\n"};
    for (const std::string& mark : marks) {
        EXPECT_EQ(countOf(result.out, mark), 1u) << mark << " in " << result.out;
    }
    std::vector<std::string> frames;
    for (std::size_t at = 0; at != std::string::npos;) {
        const std::size_t next = result.out.find("\n--- t+", at + 1);
        frames.push_back(result.out.substr(at, next == std::string::npos ? next : next - at));
        at = next;
    }
    ASSERT_EQ(frames.size(), 4u);
    for (const std::string& frame : frames) {
        EXPECT_GE(countOf(frame, "┆"), 16u) << frame;  // the price line through every row
        EXPECT_NE(frame.find("long liquidations (#) ◀ price "), std::string::npos) << frame;
        EXPECT_NE(frame.find("▶ short liquidations (=) · estimated, not a prediction\n"),
                  std::string::npos)
            << frame;
        EXPECT_NE(frame.find("\ndemo BTCUSDT: live · "), std::string::npos) << frame;
        // The first frame may come while the stream still connects ("· market connecting").
        EXPECT_NE(frame.find(" · 0 skipped"), std::string::npos) << frame;
    }
    expectCleanSummary(result.err, "demo BTCUSDT");
}

// The demo's plain command runs until interrupted; SIGINT ends it at once, with exit code 0
// and nothing printed after the last frame.
TEST(CliDemo, InterruptEndsTheLiveMapPromptly) {
    test::BackgroundProcess map(kCli, {"map", "--exchange", "demo", "--history-hours", "2"});
    ASSERT_TRUE(map.waitForOutput("\n--- t+1s\n", 30s)) << map.out() << map.err();
    map.signal(SIGINT);
    std::chrono::milliseconds took{};
    const auto result = map.wait(10s, &took);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_LT(took, 1500ms);
    // The output ends with the last frame's status line.
    const std::size_t lastLine = result.out.rfind('\n', result.out.size() - 2) + 1;
    EXPECT_TRUE(result.out.ends_with("\n")) << result.out;
    EXPECT_EQ(result.out.substr(lastLine).rfind("demo BTCUSDT: live · ", 0), 0u)
        << result.out.substr(lastLine);
    EXPECT_EQ(result.err, "");
}

// A recording of the demo replays through the Binance adapter (the demo speaks its format).
TEST(CliDemo, RecordsTheSimulatedExchange) {
    const std::string recording =
        testing::TempDir() + "liqmap_cli_demo_" + std::to_string(getpid()) + ".jsonl";
    const auto recorded = cli({"record", "--exchange", "demo", "--out", recording, "--seconds", "1",
                               "--history-hours", "2"});
    ASSERT_EQ(recorded.exitCode, 0) << recorded.err;
    expectCleanSummary(recorded.err, "demo BTCUSDT");
    const auto replayed = cli({"map", "--replay", recording, "--format", "json"});
    std::remove(recording.c_str());
    ASSERT_EQ(replayed.exitCode, 0) << replayed.err;
    EXPECT_EQ(replayed.out.rfind(R"({"exchange":"binance","symbol":"BTCUSDT",)", 0), 0u);
    EXPECT_GT(jsonNumber(replayed.out, "total_long"), 0);
}

// kill -9 in the middle of a recording (issue 7, "Crash-safe recording"): each line is written and
// flushed as it arrives, so everything written before the kill is in the file, at most the line
// in flight is cut short, and the file replays.
TEST(CliDemo, ARecordingKilledMidRunKeepsEveryWrittenLineAndReplays) {
    const std::string recording =
        testing::TempDir() + "liqmap_cli_demo_killed_" + std::to_string(getpid()) + ".jsonl";
    std::remove(recording.c_str());
    test::BackgroundProcess recorder(
        kCli, {"record", "--exchange", "demo", "--out", recording, "--seconds", "600",
               "--history-hours", "2", "--speed", "100"});
    // Wait until the history is in and live frames are being appended.
    std::size_t linesBeforeKill = 0;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string content = readWholeFile(recording);
        linesBeforeKill = countOf(content, "\n");
        if (linesBeforeKill > 200) {
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_GT(linesBeforeKill, 200U) << "the recorder wrote too little in 60 s";
    recorder.signal(SIGKILL);
    const auto killed = recorder.wait(10s);
    EXPECT_EQ(killed.exitCode, -1);  // killed by the signal, not exited

    const std::string content = readWholeFile(recording);
    // Nothing already written is lost: at least as many whole lines as seen before the kill, each
    // a complete recording line; after the last newline at most one partial line.
    const std::size_t lines = countOf(content, "\n");
    EXPECT_GE(lines, linesBeforeKill);
    std::istringstream stream(content);
    std::string line;
    for (std::size_t i = 0; i < lines && std::getline(stream, line); ++i) {
        ASSERT_EQ(line.rfind(R"({"recv":)", 0), 0U) << "line " << i + 1;
        ASSERT_EQ(line.back(), '}') << "line " << i + 1;
    }
    const std::string tail = content.substr(content.rfind('\n') + 1);
    EXPECT_EQ(tail.find('\n'), std::string::npos);

    const auto replayed = cli({"map", "--replay", recording, "--format", "json"});
    std::remove(recording.c_str());
    ASSERT_EQ(replayed.exitCode, 0) << replayed.err;
    EXPECT_EQ(replayed.out.rfind(R"({"exchange":"binance","symbol":"BTCUSDT",)", 0), 0U);
    EXPECT_GT(jsonNumber(replayed.out, "total_long"), 0);
    // A cut line is reported, never parsed; a clean cut (between lines) says nothing.
    EXPECT_EQ(replayed.err.find("cut short") != std::string::npos, !tail.empty()) << replayed.err;
}

// serve-demo alone, and liqmap-cli as an ordinary Binance client of it: the URLs and the
// certificate it prints are all the client needs.
TEST(CliServeDemo, ServesABinanceClientThenStopsOnTime) {
    const std::string certificate = testing::TempDir() + "liqmap_serve_demo.pem";
    test::BackgroundProcess server(kCli, {"serve-demo", "--port", "0", "--seconds", "5",
                                          "--cert-out", certificate, "--history-hours", "2"});
    ASSERT_TRUE(server.waitForOutput("\nclient ", 30s)) << server.out() << server.err();
    ASSERT_TRUE(server.waitForOutput(certificate + "\n", 5s)) << server.out();
    std::smatch match;
    const std::string out = server.out();
    ASSERT_TRUE(std::regex_search(out, match,
                                  std::regex("^rest (https://127\\.0\\.0\\.1:[0-9]+)\n"
                                             "websocket (wss://127\\.0\\.0\\.1:[0-9]+)\n"
                                             "certificate (.+)\n")))
        << out;
    const std::string rest = match[1];
    const std::string webSocket = match[2];
    EXPECT_EQ(match[3], certificate);
    EXPECT_NE(out.find(" map --exchange binance --symbol BTCUSDT --lookback 2h --refresh 1 "
                       "--rest-url " +
                       rest + " --ws-url " + webSocket + " --ca-file " + certificate + "\n"),
              std::string::npos)
        << out;
    std::ifstream file(certificate);
    std::ostringstream pem;
    pem << file.rdbuf();
    EXPECT_EQ(pem.str().rfind("-----BEGIN CERTIFICATE-----", 0), 0u);

    const auto client =
        cli({"map", "--exchange", "binance", "--symbol", "BTCUSDT", "--rest-url", rest, "--ws-url",
             webSocket, "--ca-file", certificate, "--seconds", "2"});
    ASSERT_EQ(client.exitCode, 0) << client.err;
    EXPECT_EQ(client.out.rfind("price_low,price_high,long_notional,short_notional,", 0), 0u);
    expectCleanSummary(client.err, "binance BTCUSDT");

    const auto served = server.wait(15s);
    std::remove(certificate.c_str());
    EXPECT_EQ(served.exitCode, 0) << served.err;
}

TEST(CliServeDemo, StopsCleanlyOnSigterm) {
    test::BackgroundProcess server(kCli, {"serve-demo", "--port", "0", "--history-hours", "1"});
    ASSERT_TRUE(server.waitForOutput("\nclient ", 30s)) << server.out() << server.err();
    // Without --cert-out the certificate goes to the temporary directory, named by the port.
    std::smatch match;
    const std::string out = server.out();
    ASSERT_TRUE(std::regex_search(out, match, std::regex("127\\.0\\.0\\.1:([0-9]+)\n")));
    const std::string port = match[1];
    ASSERT_TRUE(std::regex_search(out, match, std::regex("\ncertificate (.+)\n"))) << out;
    const std::string certificate = match[1];
    std::remove(certificate.c_str());
    EXPECT_TRUE(certificate.ends_with("/liqmap-demo-" + port + ".pem")) << certificate;
    server.signal(SIGTERM);
    std::chrono::milliseconds took{};
    const auto result = server.wait(10s, &took);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_LT(took, 1500ms);
}

}  // namespace
}  // namespace liqmap
