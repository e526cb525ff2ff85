#include "liqmap/core/market_simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <variant>
#include <vector>

#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"
#include "liqmap/core/liquidation_price.h"
#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

/// What one step produced, with the mark before and after it.
struct StepRecord {
    TimestampMs start = 0;
    TimestampMs end = 0;
    double previousMark = 0;
    double mark = 0;
    std::vector<MarketEvent> events;
    std::vector<SimLiquidation> forced;
};

/// Steps `steps` times, handing each step's record and the simulator to `check`.
template <class Check>
void runSteps(MarketSimulator& simulator, int steps, Check&& check) {
    StepRecord record;
    for (int i = 0; i < steps; ++i) {
        record.events.clear();
        record.forced.clear();
        record.start = simulator.now();
        record.previousMark = simulator.markPrice();
        simulator.step(record.events, &record.forced);
        record.end = simulator.now();
        record.mark = simulator.markPrice();
        check(record, simulator);
    }
}

std::vector<MarketEvent> eventsOver(const SimulatorConfig& config, TimestampMs duration) {
    MarketSimulator simulator(config);
    std::vector<MarketEvent> events;
    simulator.advanceTo(config.startMs + duration, events);
    return events;
}

std::vector<SimPosition> positionsOf(const MarketSimulator& simulator) {
    std::vector<SimPosition> positions;
    simulator.forEachPosition([&](const SimPosition& p) { positions.push_back(p); });
    return positions;
}

bool samePosition(const SimPosition& a, const SimPosition& b) {
    return a.id == b.id && a.side == b.side && a.kind == b.kind && a.entry == b.entry &&
           a.lots == b.lots && a.leverage == b.leverage && a.mixTier == b.mixTier &&
           a.liquidationPrice == b.liquidationPrice && a.openedMs == b.openedMs &&
           a.closeAtMs == b.closeAtMs;
}

/// The same market with fewer traders (0.3 arrivals a second, a few thousand open positions), for
/// checks that look at every position after every step. Only the arrival rate differs; every
/// code path is the same.
SimulatorConfig smallMarket(std::uint64_t seed, MarketRegime regime) {
    SimulatorConfig config = SimulatorConfig::forSeed(seed, regime);
    config.arrivalsPerSecond = 0.3;
    return config;
}

bool isOnPriceTick(double price) { return std::round(price * 10) / 10 == price; }

TEST(MarketSimulator, InstrumentIsBinanceBtcusdtWithFiveBrackets) {
    const MarketSimulator simulator(SimulatorConfig{});
    const Instrument& instrument = simulator.instrument();
    EXPECT_EQ(instrument.exchange(), "binance");
    EXPECT_EQ(instrument.symbol(), "BTCUSDT");
    EXPECT_EQ(instrument.formula(), MarginFormula::Binance);
    EXPECT_EQ(instrument.contractValue(), 1);
    EXPECT_EQ(instrument.tickSize(), 0.1);
    EXPECT_EQ(instrument.maxLeverage(), 125);
    const std::vector<MaintenanceTier>& tiers = instrument.tiers();
    ASSERT_EQ(tiers.size(), 5u);
    // cum_n = cum_(n−1) + cap_(n−1) · (mmr_n − mmr_(n−1)): 0, 50, 950, 11 450, 131 450.
    const double caps[] = {50'000, 600'000, 3'000'000, 12'000'000};
    const double mmrs[] = {0.004, 0.005, 0.0065, 0.01, 0.02};
    const double cums[] = {0, 50, 950, 11'450, 131'450};
    const double leverages[] = {125, 100, 75, 50, 25};
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        if (i < 4) {
            EXPECT_EQ(tiers[i].notionalCap, caps[i]) << i;
        }
        EXPECT_EQ(tiers[i].mmr, mmrs[i]) << i;
        EXPECT_EQ(tiers[i].maintenanceAmount, cums[i]) << i;
        EXPECT_EQ(tiers[i].maxLeverage, leverages[i]) << i;
        if (i > 0) {
            EXPECT_NEAR(tiers[i].maintenanceAmount,
                        tiers[i - 1].maintenanceAmount +
                            tiers[i - 1].notionalCap * (tiers[i].mmr - tiers[i - 1].mmr),
                        1e-6)
                << i;
        }
    }
    EXPECT_TRUE(std::isinf(tiers.back().notionalCap));
    // The estimator's built-in brackets are the first two.
    const Instrument estimatorView = defaultInstrument("binance", "BTCUSDT");
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(estimatorView.tiers()[i].mmr, tiers[i].mmr);
        EXPECT_EQ(estimatorView.tiers()[i].maintenanceAmount, tiers[i].maintenanceAmount);
        EXPECT_EQ(estimatorView.tiers()[i].maxLeverage, tiers[i].maxLeverage);
    }
    EXPECT_EQ(estimatorView.tiers()[0].notionalCap, tiers[0].notionalCap);
}

TEST(MarketSimulator, StartsEmptyAtTheStartPrice) {
    const SimulatorConfig config = SimulatorConfig::forSeed(1, MarketRegime::Range);
    const MarketSimulator simulator(config);
    EXPECT_EQ(simulator.now(), config.startMs);
    EXPECT_EQ(simulator.markPrice(), 60'000);
    EXPECT_EQ(simulator.openInterestLots(), 0);
    EXPECT_EQ(simulator.positionCount(), 0u);
}

TEST(MarketSimulator, RejectsAnInvalidConfiguration) {
    SimulatorConfig config;
    config.startPrice = -1;
    EXPECT_EQ(configErrorText([&] { MarketSimulator{config}; }),
              "startPrice: must be a positive finite number, got -1");
}

TEST(MarketSimulator, AdvanceToStepsWholeTicks) {
    const SimulatorConfig config = smallMarket(1, MarketRegime::Range);
    MarketSimulator simulator(config);
    std::vector<MarketEvent> events;
    simulator.advanceTo(config.startMs + 2'500, events);
    EXPECT_EQ(simulator.now(), config.startMs + 3'000);
    const std::size_t count = events.size();
    simulator.advanceTo(config.startMs + 1'000, events);  // already past: nothing happens
    EXPECT_EQ(simulator.now(), config.startMs + 3'000);
    EXPECT_EQ(events.size(), count);
}

TEST(MarketSimulator, SameConfigurationGivesTheSameEventsAndPositions) {
    const SimulatorConfig config = SimulatorConfig::forSeed(5, MarketRegime::Crash);
    MarketSimulator first(config);
    MarketSimulator second(config);
    std::vector<MarketEvent> firstEvents;
    std::vector<MarketEvent> secondEvents;
    std::vector<SimLiquidation> firstForced;
    std::vector<SimLiquidation> secondForced;
    first.advanceTo(config.startMs + 2 * kHourMs, firstEvents, &firstForced);
    second.advanceTo(config.startMs + 2 * kHourMs, secondEvents, &secondForced);
    ASSERT_GT(firstEvents.size(), 7'200u * 3);  // trades, marks and candles at least
    EXPECT_TRUE(firstEvents == secondEvents);
    ASSERT_EQ(firstForced.size(), secondForced.size());
    for (std::size_t i = 0; i < firstForced.size(); ++i) {
        EXPECT_EQ(firstForced[i].liquidationPrice, secondForced[i].liquidationPrice);
        EXPECT_EQ(firstForced[i].ts, secondForced[i].ts);
    }
    const std::vector<SimPosition> a = positionsOf(first);
    const std::vector<SimPosition> b = positionsOf(second);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_GT(a.size(), 1000u);
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_TRUE(samePosition(a[i], b[i])) << i;
    }
}

TEST(MarketSimulator, DifferentSeedGivesADifferentStream) {
    SimulatorConfig config = SimulatorConfig::forSeed(5, MarketRegime::Range);
    const std::vector<MarketEvent> five = eventsOver(config, 10 * kMinuteMs);
    config.seed = 6;  // everything else equal: only the random streams differ
    const std::vector<MarketEvent> six = eventsOver(config, 10 * kMinuteMs);
    EXPECT_FALSE(five == six);
}

TEST(MarketSimulator, TurningTradesOffChangesNothingElse) {
    SimulatorConfig config = SimulatorConfig::forSeed(8, MarketRegime::Squeeze);
    config.publishTrades = true;
    std::vector<MarketEvent> withTrades = eventsOver(config, 2 * kHourMs);
    config.publishTrades = false;
    const std::vector<MarketEvent> withoutTrades = eventsOver(config, 2 * kHourMs);
    const std::size_t before = withTrades.size();
    std::erase_if(withTrades,
                  [](const MarketEvent& e) { return std::holds_alternative<Trade>(e); });
    EXPECT_GT(before, withTrades.size() + 7'200);  // about four trades a second were there
    EXPECT_TRUE(withTrades == withoutTrades);
    EXPECT_TRUE(std::none_of(withoutTrades.begin(), withoutTrades.end(), [](const MarketEvent& e) {
        return std::holds_alternative<Trade>(e);
    }));
}

TEST(MarketSimulator, OpenInterestEqualsBothSidesAfterEveryStep) {
    const SimulatorConfig config = smallMarket(2, MarketRegime::Crash);
    MarketSimulator simulator(config);
    int openInterestEvents = 0;
    runSteps(simulator, 3 * 3600, [&](const StepRecord& step, const MarketSimulator& sim) {
        std::int64_t traderLong = 0;
        std::int64_t traderShort = 0;
        sim.forEachPosition([&](const SimPosition& p) {
            (p.side == Side::Long ? traderLong : traderShort) += p.lots;
        });
        // The market maker holds the difference, so both sides are the larger one.
        const std::int64_t expected = std::max(traderLong, traderShort);
        ASSERT_EQ(sim.openInterestLots(), expected);
        ASSERT_EQ(sim.longLots(), expected);
        ASSERT_EQ(sim.shortLots(), expected);
        ASSERT_EQ(sim.openInterest(), coinsOfLots(expected));
        for (const MarketEvent& event : step.events) {
            if (const auto* oi = std::get_if<OpenInterest>(&event)) {
                ++openInterestEvents;
                ASSERT_EQ(oi->qty, sim.openInterest());
                ASSERT_EQ(oi->notional, sim.openInterest() * sim.markPrice());
            }
        }
    });
    EXPECT_EQ(openInterestEvents, 36);  // 3 h at one every 5 min
    EXPECT_GT(simulator.positionCount(), 500u);
}

TEST(MarketSimulator, FullSizeMarketKeepsOpenInterestEqualToThePositions) {
    const SimulatorConfig config = SimulatorConfig::forSeed(3, MarketRegime::Range);
    MarketSimulator simulator(config);
    std::vector<MarketEvent> events;
    for (int checkpoint = 1; checkpoint <= 6; ++checkpoint) {
        simulator.advanceTo(config.startMs + checkpoint * 30 * kMinuteMs, events);
        std::int64_t traderLong = 0;
        std::int64_t traderShort = 0;
        simulator.forEachPosition([&](const SimPosition& p) {
            (p.side == Side::Long ? traderLong : traderShort) += p.lots;
        });
        EXPECT_EQ(simulator.openInterestLots(), std::max(traderLong, traderShort));
        EXPECT_EQ(simulator.longLots(), simulator.shortLots());
        const auto* oi = std::get_if<OpenInterest>(&events.back());
        ASSERT_NE(oi, nullptr);  // every half hour is a 5-minute boundary: OI is the last event
        EXPECT_EQ(oi->ts, simulator.now());
        EXPECT_EQ(oi->qty, simulator.openInterest());
    }
    // Steady-state targets: thousands of positions and open interest in the thousands of coins
    // after three hours (it keeps growing towards the tens of thousands).
    EXPECT_GT(simulator.positionCount(), 20'000u);
    EXPECT_GT(simulator.openInterest(), 2'000);
}

TEST(MarketSimulator, LiquidatesExactlyWhenTheMarkCrosses) {
    // A crash market checked at every position after every step, for four hours that include
    // its first sell-off (seed 10's comes 2.4–3.3 hours in; the price process's own test finds
    // such episodes on every seed).
    const SimulatorConfig config = smallMarket(10, MarketRegime::Crash);
    MarketSimulator simulator(config);
    struct Open {
        Side side;
        double liquidationPrice;
        std::int64_t lots;
    };
    std::vector<Open> before;
    double longForced = 0;
    double shortForced = 0;
    double lowestMark = simulator.markPrice();
    runSteps(simulator, 4 * 3600, [&](const StepRecord& step, const MarketSimulator& sim) {
        lowestMark = std::min(lowestMark, step.mark);
        for (const SimLiquidation& forced : step.forced) {
            ASSERT_EQ(forced.ts, step.end);
            ASSERT_EQ(forced.fillPrice, step.mark);
            if (forced.side == Side::Long) {
                // Reached now, not before: it was still open at the previous mark.
                ASSERT_GE(forced.liquidationPrice, step.mark);
                ASSERT_LT(forced.liquidationPrice, step.previousMark);
                longForced += forced.qty;
            } else {
                ASSERT_LE(forced.liquidationPrice, step.mark);
                ASSERT_GT(forced.liquidationPrice, step.previousMark);
                shortForced += forced.qty;
            }
        }
        // Every position the new mark reached was forced out, no more and no fewer.
        std::size_t crossed = 0;
        for (const Open& open : before) {
            if (open.side == Side::Long ? open.liquidationPrice >= step.mark
                                        : open.liquidationPrice <= step.mark) {
                ++crossed;
            }
        }
        ASSERT_EQ(crossed, step.forced.size());
        before.clear();
        sim.forEachPosition([&](const SimPosition& p) {
            if (p.side == Side::Long) {
                ASSERT_LT(p.liquidationPrice, step.mark);
            } else {
                ASSERT_GT(p.liquidationPrice, step.mark);
            }
            before.push_back({p.side, p.liquidationPrice, p.lots});
        });
    });
    // The test saw a sell-off and its long liquidations (sizes: a 8–20 % episode).
    EXPECT_LT(lowestMark, 0.93 * config.startPrice);
    EXPECT_GT(longForced, 2 * shortForced);
}

TEST(MarketSimulator, EveryPositionHasTheLiquidationPriceOfItsBracket) {
    const SimulatorConfig config = SimulatorConfig::forSeed(6, MarketRegime::Range);
    MarketSimulator simulator(config);
    std::vector<MarketEvent> events;
    simulator.advanceTo(config.startMs + 2 * kHourMs, events);
    const Instrument& instrument = simulator.instrument();
    const std::vector<LeverageTier>& mix = config.trueLeverageMix.tiers();
    std::map<double, int> positionsPerBracket;
    simulator.forEachPosition([&](const SimPosition& p) {
        ASSERT_GE(p.lots, 1);
        ASSERT_LT(p.mixTier, mix.size());
        ASSERT_TRUE(isOnPriceTick(p.entry));
        ASSERT_LE(p.openedMs, simulator.now());
        ASSERT_GT(p.closeAtMs, simulator.now());
        ASSERT_EQ((p.closeAtMs - config.startMs) % MarketSimulator::kTickMs, 0);
        const MaintenanceTier& bracket = instrument.tierFor(p.entryNotional());
        ++positionsPerBracket[bracket.mmr];
        // Binance caps the leverage of a position by its notional's bracket.
        ASSERT_EQ(p.leverage, std::min(mix[p.mixTier].leverage, bracket.maxLeverage));
        PositionTerms terms;
        terms.side = p.side;
        terms.entry = p.entry;
        terms.leverage = p.leverage;
        terms.mmr = bracket.mmr;
        terms.maintenanceAmount = bracket.maintenanceAmount;
        terms.qty = p.qty();
        ASSERT_NO_THROW(validatePositionTerms(MarginFormula::Binance, terms));
        ASSERT_EQ(p.liquidationPrice, liquidationPrice(MarginFormula::Binance, terms));
    });
    // Sizes are heavy-tailed: the first three brackets (with their maintenance amounts) all occur.
    EXPECT_GT(positionsPerBracket[0.004], 1000);
    EXPECT_GT(positionsPerBracket[0.005], 10);
    EXPECT_GT(positionsPerBracket[0.0065], 0);
}

TEST(MarketSimulator, PublishesTheLastForcedCloseOfEachTickOnly) {
    const SimulatorConfig config = SimulatorConfig::forSeed(7, MarketRegime::Crash);
    MarketSimulator simulator(config);
    int ticksWithForcedCloses = 0;
    int ticksWithSeveral = 0;
    runSteps(simulator, 4 * 3600, [&](const StepRecord& step, const MarketSimulator&) {
        std::vector<Liquidation> published;
        for (const MarketEvent& event : step.events) {
            if (const auto* liquidation = std::get_if<Liquidation>(&event)) {
                published.push_back(*liquidation);
            }
        }
        if (step.forced.empty()) {
            ASSERT_TRUE(published.empty());
            return;
        }
        ++ticksWithForcedCloses;
        ticksWithSeveral += step.forced.size() > 1 ? 1 : 0;
        ASSERT_EQ(published.size(), 1u);
        const SimLiquidation& last = step.forced.back();
        const Liquidation& sampled = published.front();
        ASSERT_EQ(sampled.ts, step.end);
        ASSERT_EQ(sampled.side, last.side);
        ASSERT_EQ(sampled.price, last.fillPrice);
        ASSERT_EQ(sampled.qty, last.qty);
        ASSERT_EQ(sampled.notional, last.qty * last.fillPrice);
        ASSERT_EQ(sampled.priceKind, PriceKind::Average);
    });
    EXPECT_GT(ticksWithForcedCloses, 100);
    EXPECT_GT(ticksWithSeveral, 10);  // so the sampling was exercised
}

/// Rank of an event type in a tick's publication order.
int rankOf(const MarketEvent& event) {
    if (std::holds_alternative<Trade>(event)) {
        return 0;
    }
    if (std::holds_alternative<MarkPrice>(event)) {
        return 1;
    }
    if (std::holds_alternative<Liquidation>(event)) {
        return 2;
    }
    if (std::holds_alternative<Candle>(event)) {
        return 3;
    }
    return 4;  // OpenInterest
}

TEST(MarketSimulator, EventsOfATickAreInOrderAndInsideTheTick) {
    const SimulatorConfig config = SimulatorConfig::forSeed(9, MarketRegime::Range);
    MarketSimulator simulator(config);
    runSteps(simulator, 3600, [&](const StepRecord& step, const MarketSimulator&) {
        ASSERT_EQ(step.end, step.start + MarketSimulator::kTickMs);
        int rank = 0;
        TimestampMs latest = step.start;
        int marks = 0;
        int candles = 0;
        for (const MarketEvent& event : step.events) {
            ASSERT_GE(rankOf(event), rank);
            rank = rankOf(event);
            if (std::holds_alternative<Candle>(event)) {
                ++candles;  // stamped with its minute's open time, as exchanges do
                continue;
            }
            const TimestampMs ts = timestampOf(event);
            ASSERT_GT(ts, step.start);
            ASSERT_LE(ts, step.end);
            ASSERT_GE(ts, latest);
            latest = ts;
            if (const auto* mark = std::get_if<MarkPrice>(&event)) {
                ++marks;
                ASSERT_EQ(mark->ts, step.end);
                ASSERT_EQ(mark->price, step.mark);
                ASSERT_TRUE(mark->index.has_value());
                ASSERT_NEAR(*mark->index, step.mark, 0.002 * step.mark);
                ASSERT_TRUE(mark->funding.has_value());
                ASSERT_GE(*mark->funding, -0.0002);
                ASSERT_LE(*mark->funding, 0.0004);
            }
        }
        ASSERT_EQ(marks, 1);
        ASSERT_EQ(candles, 1);
    });
}

TEST(MarketSimulator, TradesAreOnTheTickGridNearTheMarkAndIncludeForcedCloses) {
    const SimulatorConfig config = SimulatorConfig::forSeed(10, MarketRegime::Crash);
    MarketSimulator simulator(config);
    std::size_t trades = 0;
    runSteps(simulator, 3 * 3600, [&](const StepRecord& step, const MarketSimulator&) {
        // Background trades walk from the previous mark to this one with a spread of two ticks;
        // 2 (20 ticks, ten standard deviations) is a bound no trade should reach.
        const double low = std::min(step.previousMark, step.mark) - 2;
        const double high = std::max(step.previousMark, step.mark) + 2;
        std::vector<Trade> atTickEnd;
        for (const MarketEvent& event : step.events) {
            if (const auto* trade = std::get_if<Trade>(&event)) {
                ++trades;
                ASSERT_TRUE(isOnPriceTick(trade->price)) << trade->price;
                ASSERT_GE(trade->price, low);
                ASSERT_LE(trade->price, high);
                const double lots = trade->qty / kSimLotSize;
                ASSERT_NEAR(lots, std::round(lots), 1e-6);
                ASSERT_GE(std::round(lots), 1);
                if (trade->ts == step.end && trade->price == step.mark) {
                    atTickEnd.push_back(*trade);
                }
            }
        }
        // Each forced close is a market order at the mark: a long's is a sell.
        for (const SimLiquidation& forced : step.forced) {
            const Aggressor aggressor =
                forced.side == Side::Long ? Aggressor::Sell : Aggressor::Buy;
            const auto match = std::find_if(
                atTickEnd.begin(), atTickEnd.end(),
                [&](const Trade& t) { return t.qty == forced.qty && t.aggressor == aggressor; });
            ASSERT_NE(match, atTickEnd.end());
            atTickEnd.erase(match);
        }
    });
    EXPECT_GT(trades, 3u * 3600 * 4);
}

TEST(MarketSimulator, CandlesSpanTheMarksAndTradesOfTheirMinute) {
    const SimulatorConfig config = SimulatorConfig::forSeed(11, MarketRegime::Squeeze);
    MarketSimulator simulator(config);
    struct Minute {
        double open = 0;
        double high = -std::numeric_limits<double>::infinity();
        double low = std::numeric_limits<double>::infinity();
        double volume = 0;
        bool started = false;
        void add(double price) {
            if (!started) {
                open = price;
                started = true;
            }
            high = std::max(high, price);
            low = std::min(low, price);
        }
    } minute;
    int closedCandles = 0;
    runSteps(simulator, 2 * 3600, [&](const StepRecord& step, const MarketSimulator&) {
        const Candle* candle = nullptr;
        for (const MarketEvent& event : step.events) {
            if (const auto* trade = std::get_if<Trade>(&event)) {
                minute.add(trade->price);
                minute.volume += trade->qty;
            } else if (const auto* mark = std::get_if<MarkPrice>(&event)) {
                minute.add(mark->price);
            } else if (const auto* c = std::get_if<Candle>(&event)) {
                candle = c;
            }
        }
        ASSERT_NE(candle, nullptr);
        // Ticks cover (start, end]: the tick ending on a minute boundary is that minute's last.
        ASSERT_EQ(candle->ts, (step.end - 1) / kMinuteMs * kMinuteMs);
        ASSERT_EQ(candle->intervalMs, kMinuteMs);
        ASSERT_EQ(candle->closed, step.end % kMinuteMs == 0);
        ASSERT_EQ(candle->open, minute.open);
        ASSERT_EQ(candle->high, minute.high);
        ASSERT_EQ(candle->low, minute.low);
        ASSERT_EQ(candle->close, step.mark);
        ASSERT_NEAR(candle->volume, minute.volume, 1e-9 * minute.volume);
        if (candle->closed) {
            ++closedCandles;
            minute = Minute{};
        }
    });
    EXPECT_EQ(closedCandles, 120);
}

TEST(MarketSimulator, TrueMapHoldsEveryPositionAtItsLiquidationPrice) {
    const SimulatorConfig config = SimulatorConfig::forSeed(12, MarketRegime::Range);
    MarketSimulator simulator(config);
    std::vector<MarketEvent> events;
    simulator.advanceTo(config.startMs + kHourMs, events);
    const double price = simulator.markPrice();
    const LiquidationMap map = simulator.trueMap(price, {200, 0.15});
    std::vector<double> leverages;
    for (const LeverageTier& tier : config.trueLeverageMix.tiers()) {
        leverages.push_back(tier.leverage);
    }
    EXPECT_EQ(map.leverages(), leverages);
    EXPECT_EQ(map.currentPrice(), price);
    double longNotional = 0;
    double shortNotional = 0;
    std::vector<double> longByTier(leverages.size());
    simulator.forEachPosition([&](const SimPosition& p) {
        (p.side == Side::Long ? longNotional : shortNotional) += p.entryNotional();
        if (p.side == Side::Long && map.binIndexOf(p.liquidationPrice)) {
            longByTier[p.mixTier] += p.entryNotional();
        }
    });
    EXPECT_NEAR(map.totalLong() + map.outsideLong(), longNotional, 1e-9 * longNotional);
    EXPECT_NEAR(map.totalShort() + map.outsideShort(), shortNotional, 1e-9 * shortNotional);
    for (std::size_t tier = 0; tier < leverages.size(); ++tier) {
        double inMap = 0;
        for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
            inMap += map.longNotional(bin, tier);
        }
        EXPECT_NEAR(inMap, longByTier[tier], 1e-9 * longNotional) << tier;
    }
}

TEST(MarketSimulator, AStartOffTheSecondGridKeepsTicksAndMinutesConsistent) {
    SimulatorConfig config = smallMarket(13, MarketRegime::Range);
    config.startMs += 250;  // ticks end at …250 ms; minutes still start on the minute
    MarketSimulator simulator(config);
    int closed = 0;
    int openInterest = 0;
    runSteps(simulator, 600, [&](const StepRecord& step, const MarketSimulator&) {
        for (const MarketEvent& event : step.events) {
            if (const auto* candle = std::get_if<Candle>(&event)) {
                ASSERT_EQ(candle->ts % kMinuteMs, 0);
                closed += candle->closed ? 1 : 0;
            }
            openInterest += std::holds_alternative<OpenInterest>(event) ? 1 : 0;
        }
    });
    EXPECT_EQ(closed, 10);
    EXPECT_EQ(openInterest, 2);
}

TEST(MarketSimulator, CrashesLiquidateLongsAndSqueezesShorts) {
    // Four hours include seed 10's first episode (2.4–3.3 h after the start).
    for (const MarketRegime regime : {MarketRegime::Crash, MarketRegime::Squeeze}) {
        SimulatorConfig config = SimulatorConfig::forSeed(10, regime);
        config.publishTrades = false;
        MarketSimulator simulator(config);
        std::vector<MarketEvent> events;
        std::vector<SimLiquidation> forced;
        simulator.advanceTo(config.startMs + 4 * kHourMs, events, &forced);
        double longNotional = 0;
        double shortNotional = 0;
        for (const SimLiquidation& liquidation : forced) {
            (liquidation.side == Side::Long ? longNotional : shortNotional) +=
                liquidation.qty * liquidation.fillPrice;
        }
        const bool crash = regime == MarketRegime::Crash;
        EXPECT_GT(crash ? longNotional : shortNotional,
                  1.5 * (crash ? shortNotional : longNotional))
            << toString(regime);
    }
}

}  // namespace
}  // namespace liqmap::core
