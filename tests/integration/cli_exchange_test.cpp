// The exchange half of the command-line contract: parse, record, map --replay and live maps,
// run as the built liqmap-cli against captured frames and the loopback exchange.

#include <gtest/gtest.h>
#include <unistd.h>  // getpid: a file name of this run alone

#include <array>    // std::array
#include <chrono>   // std::chrono
#include <cstdio>   // std::remove
#include <fstream>  // std::ifstream, std::ofstream
#include <sstream>  // std::ostringstream
#include <string>   // std::string
#include <thread>   // std::thread
#include <vector>   // std::vector

#include "liqmap/core/event_codec.h"
#include "support/loopback_exchange.h"
#include "support/process.h"
#include "support/venue_rest_scripts.h"

namespace liqmap {
namespace {

using namespace std::chrono_literals;

const std::string kCli = LIQMAP_CLI_PATH;
const std::string kData = LIQMAP_TEST_DATA_DIR;
const std::string kFixtures = LIQMAP_EXCHANGE_FIXTURES_DIR;

test::ProcessResult cli(const std::vector<std::string>& args, const std::string& input = {}) {
    return test::runProcess(kCli, args, input);
}

std::string readFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

void writeFile(const std::string& path, const std::string& content) {
    std::ofstream file(path, std::ios::binary);
    file << content;
}

std::string eventLine(const std::string& exchange, const std::string& symbol,
                      const core::MarketEvent& event) {
    std::string line;
    core::appendEventLine({exchange, symbol, event}, line);
    return line + "\n";
}

TEST(CliParse, TurnsBinanceLiquidationFramesIntoEvents) {
    const auto result = cli(
        {"parse", "--exchange", "binance", kFixtures + "/binance/ws_forceOrder_live_2026.jsonl"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    // SELL ⇒ a long was liquidated, BUY ⇒ a short; price = average fill (ap), size = filled
    // quantity (z), notional = z × ap, time = the order's trade time T.
    const std::string expected =
        eventLine("binance", "BTCUSDT",
                  core::Liquidation{1791565602120, core::Side::Long, 82651.90, 0.190,
                                    0.190 * 82651.90, core::PriceKind::Average}) +
        eventLine("binance", "XRPUSDT",
                  core::Liquidation{1791091174219, core::Side::Short, 1.4912, 127.2, 127.2 * 1.4912,
                                    core::PriceKind::Average}) +
        eventLine("binance", "MANTAUSDT",
                  core::Liquidation{1791091026103, core::Side::Long, 0.0722187, 2049.1,
                                    2049.1 * 0.0722187, core::PriceKind::Average}) +
        eventLine("binance", "KAIAUSDT",
                  core::Liquidation{1791594102102, core::Side::Long, 0.0595600, 3391,
                                    3391 * 0.0595600, core::PriceKind::Average});
    EXPECT_EQ(result.out, expected);
    EXPECT_EQ(result.err, "");
}

TEST(CliParse, ConvertsOkxContractsWithTheInstrumentsResponseAndCountsUnknownOnes) {
    const auto result = cli({"parse", "--exchange", "okx", "--instruments",
                             kFixtures + "/okx/rest_instruments_swap_cryptofeed_2022_trimmed.json",
                             kFixtures + "/okx/ws_liquidation_orders_live_2026.jsonl"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    // 8.55 contracts × ctVal 0.01 BTC = 0.0855 BTC at the bankruptcy price 82 655.7.
    EXPECT_EQ(result.out,
              eventLine("okx", "BTC-USDT-SWAP",
                        core::Liquidation{1791565600771, core::Side::Long, 82655.7, 8.55 * 0.01,
                                          8.55 * 0.01 * 82655.7, core::PriceKind::Bankruptcy}));
    // CELO-USDT-SWAP is not in that instruments response: its size cannot be converted.
    EXPECT_NE(result.err.find("1 unknown_instrument"), std::string::npos) << result.err;
}

TEST(CliParse, ReadsStandardInputAndCountsBadFrames) {
    const auto result = cli({"parse", "--exchange", "binance"},
                            "{\"result\":null,\"id\":1}\nnot json\n"
                            R"({"e":"aggTrade","E":2,"a":1,"s":"BTCUSDT","p":"-5","q":"1",)"
                            R"("f":1,"l":1,"T":2,"m":false})"
                            "\n");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find("3 frames, 1 control"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("1 malformed_json"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("1 invalid_value"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("first at line 2"), std::string::npos) << result.err;
}

TEST(CliParse, UsageErrors) {
    EXPECT_EQ(cli({"parse"}).err, "liqmap-cli parse: --exchange is required\n");
    EXPECT_EQ(cli({"parse", "--exchange", "kraken"}).err,
              "liqmap-cli parse: --exchange: expected binance, bybit, okx or hyperliquid, got "
              "'kraken'\n");
    EXPECT_EQ(cli({"parse", "--exchange", "okx", "a", "b"}).err,
              "liqmap-cli parse: unexpected argument 'b'\n");
    const auto notInstruments =
        cli({"parse", "--exchange", "okx", "--instruments",
             kFixtures + "/binance/rest_exchangeInfo_cryptofeed_2021_trimmed.json", "-"});
    EXPECT_EQ(notInstruments.exitCode, 2);
    EXPECT_EQ(notInstruments.err.rfind("liqmap-cli parse: --instruments: ", 0), 0u)
        << notInstruments.err;
}

TEST(CliRecord, UsageErrors) {
    EXPECT_EQ(cli({"record", "--exchange", "binance", "--symbol", "BTCUSDT", "--out", "x"}).err,
              "liqmap-cli record: --seconds is required\n");
    const auto unwritable = cli({"record", "--exchange", "binance", "--symbol", "BTCUSDT", "--out",
                                 "/nonexistent/dir/rec.jsonl", "--seconds", "1"});
    EXPECT_EQ(unwritable.exitCode, 2);
    EXPECT_EQ(unwritable.err,
              "liqmap-cli record: --out: cannot write /nonexistent/dir/rec.jsonl: No such file "
              "or directory\n");
}

// --- Live against the loopback exchange, then replayed ---------------------------------------

constexpr long long kMinute = 60'000;

// A Binance that serves 20 minutes of history ending at `now`, open interest rising.
class LoopbackBinance {
public:
    explicit LoopbackBinance(long long now) : m_now(now - now % kMinute) {
        m_server.setHttpHandler(
            [this](const test::HttpRequestInfo& request) { return answer(request); });
    }

    test::LoopbackExchange& server() { return m_server; }

    std::vector<std::string> endpointArgs(const std::string& caPath) {
        writeFile(caPath, m_server.certificatePem());
        return {"--rest-url", m_server.restBaseUrl(),
                "--ws-url",   m_server.webSocketBaseUrl(),
                "--ca-file",  caPath};
    }

private:
    test::HttpReply answer(const test::HttpRequestInfo& request) const {
        const auto json = [](std::string body) {
            return test::HttpReply{200, {}, std::move(body)};
        };
        const long long start = m_now - 20 * kMinute;
        if (request.target == "/fapi/v1/exchangeInfo") {
            return json(R"({"symbols":[{"symbol":"BTCUSDT","pair":"BTCUSDT",)"
                        R"("contractType":"PERPETUAL","status":"TRADING","baseAsset":"BTC",)"
                        R"("quoteAsset":"USDT","filters":[{"filterType":"PRICE_FILTER",)"
                        R"("tickSize":"0.10"}]}]})");
        }
        if (request.target.starts_with("/futures/data/openInterestHist?")) {
            std::string rows = "[";
            for (int i = 1; i <= 4; ++i) {
                if (i != 1) {
                    rows += ',';
                }
                rows += R"({"symbol":"BTCUSDT",)";
                rows += R"("sumOpenInterest":")" + std::to_string(80000 + 500 * i) +
                        R"(","sumOpenInterestValue":"1","timestamp":)" +
                        std::to_string(start + 5 * i * kMinute) + "}";
            }
            return json(rows + "]");
        }
        if (request.target.starts_with("/fapi/v1/klines?")) {
            std::string rows = "[";
            for (int i = 0; i < 20; ++i) {
                const long long open = start + i * kMinute;
                const int close = 80000 + 40 * i;
                if (i != 0) {
                    rows += ',';
                }
                rows += "[";
                rows += std::to_string(open) + ",\"" + std::to_string(close - 20) + "\",\"" +
                        std::to_string(close + 60) + "\",\"" + std::to_string(close - 60) +
                        "\",\"" + std::to_string(close) + "\",\"10\"," +
                        std::to_string(open + kMinute - 1) + R"(,"1",1,"1","1","0"])";
            }
            return json(rows + "]");
        }
        if (request.target.starts_with("/fapi/v1/premiumIndex?")) {
            return json(R"({"symbol":"BTCUSDT","markPrice":"80760.0","indexPrice":"80750.0",)"
                        R"("lastFundingRate":"0.0001","time":)" +
                        std::to_string(m_now) + "}");
        }
        if (request.target.starts_with("/fapi/v1/openInterest?")) {
            return json(R"({"openInterest":"82500","symbol":"BTCUSDT","time":)" +
                        std::to_string(m_now + kMinute) + "}");
        }
        return test::HttpReply{404, {}, R"({"code":-1,"msg":"not scripted"})"};
    }

    long long m_now;
    test::LoopbackExchange m_server;
};

long long wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The map a live run printed equals the map its recording gives on replay — the whole
// pipeline (REST history, frames, estimator) reproduced from the file.
TEST(CliMapLive, ReplayOfTheRecordingPrintsTheLiveMap) {
    const std::string dir = testing::TempDir();
    const std::string recording = dir + "liqmap_cli_live.jsonl";
    LoopbackBinance binance(wallClockMs());
    std::vector<std::string> args = {"map",       "--exchange", "binance",    "--symbol", "BTCUSDT",
                                     "--seconds", "1.5",        "--lookback", "1h",       "--bins",
                                     "30",        "--record",   recording};
    for (const std::string& arg : binance.endpointArgs(dir + "liqmap_cli_ca.pem")) {
        args.push_back(arg);
    }
    test::ProcessResult live;
    std::thread run([&] { live = cli(args); });
    ASSERT_TRUE(binance.server().waitForConnections(1, 10s));
    ASSERT_TRUE(binance.server().waitForMessage(5s).has_value());  // the subscription
    const long long now = wallClockMs();
    binance.server().send(R"({"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"80790.5","q":"2",)"
                          R"("f":1,"l":1,"T":)" +
                          std::to_string(now) + R"(,"m":false})");
    binance.server().send(R"({"e":"forceOrder","E":2,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT",)"
                          R"("f":"IOC","q":"0.5","p":"80700","ap":"80710.5","X":"FILLED",)"
                          R"("l":"0.5","z":"0.5","T":)" +
                          std::to_string(now + 1) + "}}");
    run.join();
    ASSERT_EQ(live.exitCode, 0) << live.err;
    // exchangeInfo, openInterestHist, klines, premiumIndex; the two frames; 4 open-interest
    // points + 20 candles + 1 mark price + 1 trade + 1 liquidation = 27 events.
    EXPECT_NE(
        live.err.find(
            "binance BTCUSDT: live, 4 REST responses (0 failed), 2 frames, 27 events; market live"),
        std::string::npos)
        << live.err;
    EXPECT_NE(live.out.find("price_low,price_high,long_notional,short_notional"),
              std::string::npos);

    const auto replayed = cli({"map", "--replay", recording, "--bins", "30", "--lookback", "1h"});
    ASSERT_EQ(replayed.exitCode, 0) << replayed.err;
    EXPECT_EQ(replayed.out, live.out);

    // A recorder killed mid-line leaves half a line; replay ignores it and says so.
    std::string content = readFile(recording);
    const std::string cut = content + R"({"recv":1,"exchange":"binance","symbol":"BTCUSDT","str)";
    writeFile(recording, cut);
    const auto truncated = cli({"map", "--replay", recording, "--bins", "30", "--lookback", "1h"});
    std::remove(recording.c_str());
    ASSERT_EQ(truncated.exitCode, 0) << truncated.err;
    EXPECT_EQ(truncated.out, live.out);
    EXPECT_NE(truncated.err.find("cut short"), std::string::npos) << truncated.err;
}

TEST(CliMapLive, AnUntrustedCertificateIsRefusedWithAClearMessage) {
    const std::string dir = testing::TempDir();
    LoopbackBinance binance(wallClockMs());
    const std::string otherCa = dir + "liqmap_cli_other_ca.pem";
    writeFile(otherCa, test::makeTestCertificate().certificatePem);
    const auto result = cli({"map", "--exchange", "binance", "--symbol", "BTCUSDT", "--seconds",
                             "0.5", "--rest-url", binance.server().restBaseUrl(), "--ws-url",
                             binance.server().webSocketBaseUrl(), "--ca-file", otherCa});
    std::remove(otherCa.c_str());
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("certificate verify failed"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("no usable price"), std::string::npos) << result.err;
    EXPECT_TRUE(binance.server().requests().empty());
}

// price_low and the long and short notional of every bin of a CSV map.
std::vector<std::array<double, 3>> csvBins(const std::string& csv) {
    std::vector<std::array<double, 3>> bins;
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string low;
        std::string high;
        std::string longNotional;
        std::string shortNotional;
        std::getline(fields, low, ',');
        std::getline(fields, high, ',');
        std::getline(fields, longNotional, ',');
        std::getline(fields, shortNotional, ',');
        bins.push_back({std::stod(low), std::stod(longNotional), std::stod(shortNotional)});
    }
    return bins;
}

// "all" runs the four venues' BTC perpetuals from one loopback exchange that answers every
// venue's paths, and prints their maps added bin by bin: the sum of what each venue's own map
// (replayed from the same recording) holds.
TEST(CliMapLive, AllVenuesAreAddedUpBinByBin) {
    const std::string dir = testing::TempDir();
    const std::string recording = dir + "liqmap_cli_all_" + std::to_string(getpid()) + ".jsonl";
    const long long now = wallClockMs() / kMinute * kMinute;
    const test::VenueRestScripts scripts(now);
    test::LoopbackExchange server;
    server.setHttpHandler(
        [&](const test::HttpRequestInfo& request) { return scripts.any(request); });
    const std::string caPath = dir + "liqmap_cli_all_ca_" + std::to_string(getpid()) + ".pem";
    writeFile(caPath, server.certificatePem());
    const auto live =
        cli({"map", "--exchange", "all", "--symbol", "BTC", "--seconds", "0.5", "--lookback", "1h",
             "--bins", "20", "--record", recording, "--rest-url", server.restBaseUrl(), "--ws-url",
             server.webSocketBaseUrl(), "--ca-file", caPath});
    std::remove(caPath.c_str());
    ASSERT_EQ(live.exitCode, 0) << live.err;
    for (const char* feed : {"binance BTCUSDT: live", "bybit BTCUSDT: live",
                             "okx BTC-USDT-SWAP: live", "hyperliquid BTC: live"}) {
        EXPECT_NE(live.err.find(feed), std::string::npos) << feed << " in " << live.err;
    }
    EXPECT_NE(live.err.find("no public liquidation feed on this venue"), std::string::npos);

    const auto total = csvBins(live.out);
    ASSERT_EQ(total.size(), 20u);
    std::vector<std::array<double, 3>> sum(total.size(), {0, 0, 0});
    for (const auto& [venue, symbol] :
         std::vector<std::pair<std::string, std::string>>{{"binance", "BTCUSDT"},
                                                          {"bybit", "BTCUSDT"},
                                                          {"okx", "BTC-USDT-SWAP"},
                                                          {"hyperliquid", "BTC"}}) {
        const auto one = cli({"map", "--replay", recording, "--exchange", venue, "--symbol", symbol,
                              "--bins", "20", "--lookback", "1h"});
        ASSERT_EQ(one.exitCode, 0) << venue << ": " << one.err;
        const auto bins = csvBins(one.out);
        ASSERT_EQ(bins.size(), total.size());
        for (std::size_t i = 0; i < bins.size(); ++i) {
            // Every venue's history closes at 80 050, so all maps are cut around one price.
            EXPECT_EQ(bins[i][0], total[i][0]) << venue << " bin " << i;
            sum[i][1] += bins[i][1];
            sum[i][2] += bins[i][2];
        }
    }
    double longTotal = 0;
    for (std::size_t i = 0; i < total.size(); ++i) {
        EXPECT_NEAR(total[i][1], sum[i][1], 1e-9 * (1 + sum[i][1])) << "long, bin " << i;
        EXPECT_NEAR(total[i][2], sum[i][2], 1e-9 * (1 + sum[i][2])) << "short, bin " << i;
        longTotal += total[i][1];
    }
    EXPECT_GT(longTotal, 0);
    // And the whole recording replays to the same aggregate.
    const auto replayed = cli({"map", "--replay", recording, "--bins", "20", "--lookback", "1h"});
    std::remove(recording.c_str());
    EXPECT_EQ(replayed.out, live.out) << replayed.err;
}

TEST(CliMapReplay, AFileThatIsNoRecordingSaysSo) {
    const auto result = cli({"map", "--replay", kData + "/map_small.events.jsonl"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("are not recording lines (first at line 1: missing_field at recv)"),
              std::string::npos)
        << result.err;
}

}  // namespace
}  // namespace liqmap
