// The demo exchange's REST endpoints: Binance's parameters, defaults, limits, weights and error
// bodies (PROTOCOLS.md §1.4), on a store of hand-made rows.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>  // nlohmann::json
#include <string>             // std::string

#include "demo/rest_api.h"
#include "liqmap/core/instrument.h"

namespace liqmap::exchange::demo {
namespace {

using core::kMinuteMs;
using core::TimestampMs;

constexpr TimestampMs kStart = 1'791'561'600'000;
constexpr int kMinutes = 2000;  // more than one 1500-candle page
constexpr TimestampMs kPeriod = 5 * kMinuteMs;

class DemoRestApi : public testing::Test {
protected:
    DemoRestApi() {
        for (int minute = 0; minute < kMinutes; ++minute) {
            const double price = 80'000 + minute;
            m_store.addCandle({core::Candle{kStart + minute * kMinuteMs, kMinuteMs, price, price,
                                            price, price, 1, true},
                               {}});
            if (minute % 5 == 0) {
                m_store.addOpenInterest({kStart + minute * kMinuteMs, 20'000.0 + minute, 1.6e9});
            }
        }
        m_store.setMark({kStart + kMinutes * kMinuteMs, 82'000, 81'999.5, 0.0001});
        m_store.setNow(kStart + kMinutes * kMinuteMs, 20'500.5);
    }

    RestAnswer get(const std::string& target) const { return m_api.answer("GET", target); }

    /// The answer's body as JSON.
    static nlohmann::json json(const RestAnswer& answer) {
        return nlohmann::json::parse(answer.body);
    }

    core::Instrument m_instrument{"binance", "BTCUSDT", core::MarginFormula::Binance,
                                  1,         0.1,       {{50'000, 0.004, 0, 125}}};
    MarketStore m_store{30 * core::kDayMs};
    RestApi m_api{m_store, m_instrument, "BTC", "USDT"};
};

TEST_F(DemoRestApi, KlinesDefaultToTheLatest500) {
    const RestAnswer answer = get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m");
    ASSERT_EQ(answer.status, 200u) << answer.body;
    const auto rows = json(answer);
    ASSERT_EQ(rows.size(), 500u);
    EXPECT_EQ(rows.front()[0], kStart + (kMinutes - 500) * kMinuteMs);
    EXPECT_EQ(rows.back()[0], kStart + (kMinutes - 1) * kMinuteMs);
    EXPECT_EQ(rows.back().size(), 12u);
    EXPECT_EQ(answer.weight, 5);
}

TEST_F(DemoRestApi, KlinesPageForwardsFromStartTime) {
    const RestAnswer answer = get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=" +
                                  std::to_string(kStart + 10 * kMinuteMs) + "&endTime=" +
                                  std::to_string(kStart + 1800 * kMinuteMs) + "&limit=1500");
    ASSERT_EQ(answer.status, 200u) << answer.body;
    const auto rows = json(answer);
    ASSERT_EQ(rows.size(), 1500u);
    EXPECT_EQ(rows.front()[0], kStart + 10 * kMinuteMs);
    EXPECT_EQ(answer.weight, 10);
    // The next page stops at endTime.
    const auto next = json(get("/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=" +
                               std::to_string(kStart + 1510 * kMinuteMs) + "&endTime=" +
                               std::to_string(kStart + 1800 * kMinuteMs) + "&limit=1500"));
    ASSERT_EQ(next.size(), 291u);
    EXPECT_EQ(next.back()[0], kStart + 1800 * kMinuteMs);
}

TEST_F(DemoRestApi, OpenInterestHistDefaultsTo30AndPagesBackwards) {
    const RestAnswer answer = get("/futures/data/openInterestHist?symbol=BTCUSDT&period=5m");
    ASSERT_EQ(answer.status, 200u) << answer.body;
    const auto rows = json(answer);
    ASSERT_EQ(rows.size(), 30u);
    EXPECT_EQ(rows.back()["timestamp"], kStart + (kMinutes - 5) * kMinuteMs);
    EXPECT_EQ(rows.front()["timestamp"], kStart + (kMinutes - 5) * kMinuteMs - 29 * kPeriod);
    EXPECT_EQ(rows.front()["symbol"], "BTCUSDT");
    EXPECT_EQ(answer.weight, 0);

    const auto window = json(
        get("/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=500"
            "&startTime=" +
            std::to_string(kStart + kPeriod) + "&endTime=" + std::to_string(kStart + 3 * kPeriod)));
    ASSERT_EQ(window.size(), 3u);
    EXPECT_EQ(window[0]["timestamp"], kStart + kPeriod);
}

TEST_F(DemoRestApi, CurrentOpenInterestAndPremiumIndex) {
    const auto oi = json(get("/fapi/v1/openInterest?symbol=BTCUSDT"));
    EXPECT_EQ(oi["openInterest"], "20500.5");
    EXPECT_EQ(oi["time"], kStart + kMinutes * kMinuteMs);
    const auto premium = json(get("/fapi/v1/premiumIndex?symbol=BTCUSDT"));
    EXPECT_EQ(premium["markPrice"], "82000");
    const RestAnswer all = get("/fapi/v1/premiumIndex");
    EXPECT_TRUE(json(all).is_array());
    EXPECT_EQ(all.weight, 10);
    EXPECT_EQ(json(get("/fapi/v1/exchangeInfo"))["symbols"][0]["symbol"], "BTCUSDT");
    EXPECT_EQ(get("/fapi/v1/ping").body, "{}");
    EXPECT_EQ(json(get("/fapi/v1/time"))["serverTime"], kStart + kMinutes * kMinuteMs);
}

struct Refusal {
    std::string target;
    unsigned status;
    std::string body;
};

class DemoRestApiRefusals : public DemoRestApi, public testing::WithParamInterface<Refusal> {};

TEST_P(DemoRestApiRefusals, AnswerWithBinancesStatusAndError) {
    const RestAnswer answer = get(GetParam().target);
    EXPECT_EQ(answer.status, GetParam().status);
    EXPECT_EQ(answer.body, GetParam().body);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DemoRestApiRefusals,
    testing::Values(
        Refusal{"/fapi/v1/klines?symbol=ETHUSDT&interval=1m", 400,
                R"({"code":-1121,"msg":"Invalid symbol."})"},
        Refusal{"/fapi/v1/openInterest?symbol=btcusdt", 400,
                R"({"code":-1121,"msg":"Invalid symbol."})"},
        Refusal{"/fapi/v1/premiumIndex?symbol=ETHUSDT", 400,
                R"({"code":-1121,"msg":"Invalid symbol."})"},
        Refusal{"/fapi/v1/klines?interval=1m", 400,
                R"({"code":-1102,"msg":"Mandatory parameter 'symbol' was not sent, was )"
                R"(empty/null, or malformed."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT", 400,
                R"({"code":-1102,"msg":"Mandatory parameter 'interval' was not sent, was )"
                R"(empty/null, or malformed."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT&interval=5m", 400,
                R"({"code":-1120,"msg":"Invalid interval."})"},
        Refusal{"/futures/data/openInterestHist?symbol=BTCUSDT&period=1h", 400,
                R"({"code":-1120,"msg":"Invalid interval."})"},
        Refusal{"/futures/data/openInterestHist?symbol=BTCUSDT", 400,
                R"({"code":-1102,"msg":"Mandatory parameter 'period' was not sent, was )"
                R"(empty/null, or malformed."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1501", 400,
                R"({"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."})"},
        Refusal{"/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=501", 400,
                R"({"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=0", 400,
                R"({"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=soon", 400,
                R"({"code":-1100,"msg":"Illegal characters found in parameter 'startTime'; )"
                R"(legal range is '^[0-9]{1,20}$'."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT&interval=1m&endTime=-5", 400,
                R"({"code":-1100,"msg":"Illegal characters found in parameter 'endTime'; )"
                R"(legal range is '^[0-9]{1,20}$'."})"},
        Refusal{"/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=2&endTime=1", 400,
                R"({"code":-1128,"msg":"Combination of optional parameters invalid."})"},
        Refusal{"/fapi/v1/nothing", 404,
                R"({"code":-5000,"msg":"Path /fapi/v1/nothing, Method GET is invalid"})"},
        Refusal{"/", 404, R"({"code":-5000,"msg":"Path /, Method GET is invalid"})"}));

TEST_F(DemoRestApi, OnlyGetIsServed) {
    const RestAnswer answer = m_api.answer("POST", "/fapi/v1/klines?symbol=BTCUSDT&interval=1m");
    EXPECT_EQ(answer.status, 404u);
    EXPECT_EQ(answer.body,
              R"({"code":-5000,"msg":"Path /fapi/v1/klines, Method POST is invalid"})");
}

}  // namespace
}  // namespace liqmap::exchange::demo
