// What the demo exchange's REST history holds and how it is queried: Binance's klines and
// openInterestHist semantics (PROTOCOLS.md §1.4) on hand-made rows, and the bounded retention.

#include <gtest/gtest.h>

#include <optional>  // std::nullopt
#include <vector>    // std::vector

#include "demo/market_store.h"

namespace liqmap::exchange::demo {
namespace {

using core::kMinuteMs;
using core::TimestampMs;

constexpr TimestampMs kStart = 1'791'561'600'000;
constexpr TimestampMs kPeriod = 5 * kMinuteMs;

KlineRow candleAt(int minute, bool closed = true) {
    const double price = 80'000 + minute;
    return {
        core::Candle{kStart + minute * kMinuteMs, kMinuteMs, price, price, price, price, 1, closed},
        {}};
}

/// A store with closed candles for minutes [0, closedMinutes) and the current one forming.
MarketStore storeWithCandles(int closedMinutes) {
    MarketStore store(30 * core::kDayMs);
    for (int minute = 0; minute < closedMinutes; ++minute) {
        store.addCandle(candleAt(minute, false));
        store.addCandle(candleAt(minute, true));
    }
    store.addCandle(candleAt(closedMinutes, false));
    return store;
}

std::vector<TimestampMs> openTimes(const std::vector<KlineRow>& rows) {
    std::vector<TimestampMs> times;
    for (const KlineRow& row : rows) {
        times.push_back(row.candle.ts);
    }
    return times;
}

std::vector<TimestampMs> minutes(int first, int last) {
    std::vector<TimestampMs> times;
    for (int minute = first; minute <= last; ++minute) {
        times.push_back(kStart + minute * kMinuteMs);
    }
    return times;
}

TEST(DemoMarketStore, KeepsClosedCandlesAndTheOneForming) {
    const MarketStore store = storeWithCandles(10);
    EXPECT_EQ(store.closedCandles(), 10u);
    const auto all = store.klines(std::nullopt, std::nullopt, 1500);
    EXPECT_EQ(openTimes(all), minutes(0, 10));
    EXPECT_TRUE(all[9].candle.closed);
    EXPECT_FALSE(all[10].candle.closed);
}

TEST(DemoMarketStore, KlinesWithAStartTakeTheFirstLimitFromThere) {
    const MarketStore store = storeWithCandles(10);
    // Open time ≥ startTime: a start inside minute 2 begins at minute 3.
    EXPECT_EQ(openTimes(store.klines(kStart + 2 * kMinuteMs + 1, std::nullopt, 3)), minutes(3, 5));
    EXPECT_EQ(openTimes(store.klines(kStart + 2 * kMinuteMs, std::nullopt, 3)), minutes(2, 4));
    // ≤ endTime bounds it; the forming candle counts when in range.
    EXPECT_EQ(openTimes(store.klines(kStart, kStart + 4 * kMinuteMs, 500)), minutes(0, 4));
    EXPECT_EQ(openTimes(store.klines(kStart + 8 * kMinuteMs, std::nullopt, 500)), minutes(8, 10));
    EXPECT_TRUE(store.klines(kStart + 11 * kMinuteMs, std::nullopt, 500).empty());
    EXPECT_TRUE(store.klines(kStart - kMinuteMs, kStart - 1, 500).empty());
}

TEST(DemoMarketStore, KlinesWithoutAStartTakeTheLatestLimit) {
    const MarketStore store = storeWithCandles(10);
    EXPECT_EQ(openTimes(store.klines(std::nullopt, std::nullopt, 3)), minutes(8, 10));
    EXPECT_EQ(openTimes(store.klines(std::nullopt, kStart + 5 * kMinuteMs + 59'999, 2)),
              minutes(4, 5));
    EXPECT_EQ(openTimes(store.klines(std::nullopt, kStart, 5)), minutes(0, 0));
}

TEST(DemoMarketStore, ClosingACandleReplacesItsFormingRow) {
    MarketStore store(30 * core::kDayMs);
    store.addCandle(candleAt(0, false));
    KlineRow closed = candleAt(0, true);
    closed.candle.high += 5;
    store.addCandle(closed);
    // The same minute published closed twice (a repeat) stays one row.
    store.addCandle(closed);
    const auto rows = store.klines(std::nullopt, std::nullopt, 10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], closed);
}

TEST(DemoMarketStore, OpenInterestHistoryIsTheLatestLimitInTheWindowAscending) {
    MarketStore store(30 * core::kDayMs);
    for (int i = 0; i < 10; ++i) {
        store.addOpenInterest({kStart + i * kPeriod, 20'000.0 + i, 1.6e9 + i});
    }
    auto times = [](const std::vector<core::OpenInterest>& rows) {
        std::vector<TimestampMs> result;
        for (const auto& row : rows) {
            result.push_back(row.ts);
        }
        return result;
    };
    auto periods = [](int first, int last) {
        std::vector<TimestampMs> result;
        for (int i = first; i <= last; ++i) {
            result.push_back(kStart + i * kPeriod);
        }
        return result;
    };
    EXPECT_EQ(times(store.openInterestHistory(std::nullopt, std::nullopt, 3)), periods(7, 9));
    // [startTime, endTime] inclusive at both ends.
    EXPECT_EQ(times(store.openInterestHistory(kStart + 2 * kPeriod, kStart + 5 * kPeriod, 30)),
              periods(2, 5));
    // The latest of the window, not the first: the adapter pages backwards by endTime.
    EXPECT_EQ(times(store.openInterestHistory(kStart, kStart + 5 * kPeriod - 1, 2)), periods(3, 4));
    EXPECT_EQ(times(store.openInterestHistory(kStart + 8 * kPeriod + 1, std::nullopt, 30)),
              periods(9, 9));
    EXPECT_TRUE(store.openInterestHistory(kStart + 10 * kPeriod, std::nullopt, 30).empty());
    EXPECT_TRUE(store.openInterestHistory(std::nullopt, kStart - 1, 30).empty());
}

TEST(DemoMarketStore, ForgetsRowsOlderThanTheRetention) {
    MarketStore store(10 * kMinuteMs);
    for (int minute = 0; minute < 100; ++minute) {
        store.addCandle(candleAt(minute, true));
        if (minute % 5 == 0) {
            store.addOpenInterest({kStart + minute * kMinuteMs, 20'000, std::nullopt});
        }
    }
    // Minute 99 and the ten minutes before it.
    EXPECT_EQ(store.closedCandles(), 11u);
    EXPECT_EQ(openTimes(store.klines(std::nullopt, std::nullopt, 1500)), minutes(89, 99));
    EXPECT_EQ(store.openInterestRows(), 3u);  // minutes 85, 90, 95
}

TEST(DemoMarketStore, RemembersTheLatestMarkAndOpenInterest) {
    MarketStore store(30 * core::kDayMs);
    EXPECT_FALSE(store.mark());
    store.setMark({kStart + 1000, 80'000, 79'999.5, 0.0001});
    store.setMark({kStart + 2000, 80'001, 80'000.5, 0.0001});
    store.setNow(kStart + 2000, 20'123.456);
    ASSERT_TRUE(store.mark());
    EXPECT_EQ(store.mark()->ts, kStart + 2000);
    EXPECT_EQ(store.now(), kStart + 2000);
    EXPECT_EQ(store.openInterest(), 20'123.456);
}

}  // namespace
}  // namespace liqmap::exchange::demo
