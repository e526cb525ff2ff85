#include "liqmap/core/market_simulator.h"

#include <algorithm>  // std::max, std::min, std::clamp, std::stable_sort
#include <cmath>      // std::exp, std::log, std::round, std::tanh, std::llround
#include <utility>    // std::move

#include "liqmap/core/liquidation_price.h"
#include "sim_instrument.h"
#include "sim_market_memory.h"
#include "sim_model_constants.h"
#include "sim_position_book.h"
#include "sim_price_path.h"
#include "sim_random.h"

namespace liqmap::core {

namespace {

/// The simulated contract's tick is 0.1: prices are rounded to tenths by dividing by 10, which
/// gives the double nearest to the decimal (multiplying by 0.1 would not).
constexpr double kTicksPerUnitPrice = 10;

/// Order-flow impact: a net market order of this much notional moves the log price by 1, i.e.
/// 400 million USDT of net selling moves the price about 1 %. A large cluster of liquidations
/// (tens of millions within seconds) then extends a move by a fraction of a percent, and the
/// traders' ordinary net flow (a few hundred thousand a second, of either sign) adds only a few
/// percent to the variance of the price.
constexpr double kImpactNotional = 4e10;

/// Activity: arrivals and the trade count scale with 0.5 + 0.5 × the volatility multiple, at most
/// this much.
constexpr double kMaxActivity = 3;

// Entry rules: the look-back windows and how sharply each kind reacts.
constexpr double kTrendLookbackMinutesLow = 15;
constexpr double kTrendLookbackMinutesHigh = 60;
/// A return of this size over the look-back makes a trend follower 73 % likely to follow it.
constexpr double kTrendReturnScale = 0.002;
constexpr double kWindowMinutesLow = 60;
constexpr double kWindowMinutesHigh = 240;
/// A fall of this much from the recent high makes a dip buyer clearly lean long.
constexpr double kDipScale = 0.01;
/// A range narrower than this (relative) has no top or bottom to trade.
constexpr double kMinRangeWidth = 0.002;

// The anonymous trade tape: about four trades a second when calm, sizes around 0.02 coin.
constexpr double kTradesPerTick = 4;
constexpr double kTradeLotsMedian = 20;
constexpr double kTradeLotsLogSigma = 1.3;
constexpr double kTradeSpreadTicks = 2;

// Mark and index: funding leans with the traders' imbalance, the index sits slightly below a
// long-heavy market's mark.
constexpr double kBaseFunding = 0.0001;
constexpr double kFundingPerImbalance = 0.0003;
constexpr double kBasisPerImbalance = 0.0005;
constexpr double kBasisNoise = 0.00003;

double roundToTick(double price) {
    return std::round(price * kTicksPerUnitPrice) / kTicksPerUnitPrice;
}

TimestampMs floorDiv(TimestampMs value, TimestampMs divisor) {
    const TimestampMs quotient = value / divisor;
    return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

/// Open time of the minute a tick ending at `tickEnd` belongs to: ticks cover (start, end], so the
/// tick ending exactly on a minute boundary is that minute's last.
TimestampMs minuteOf(TimestampMs tickEnd) { return floorDiv(tickEnd - 1, kMinuteMs) * kMinuteMs; }

double logistic(double x) { return 1 / (1 + std::exp(-x)); }

/// A trade of the tick: background trades carry their own time, the traders' market orders the
/// tick's end.
struct TickTrade {
    TimestampMs ts;
    double price;
    double qty;
    Aggressor aggressor;
};

}  // namespace

struct MarketSimulator::State {
    explicit State(SimulatorConfig cfg)
        : config(std::move(cfg)),
          path(config),
          agents(config.seed, SimStream::Agents),
          tape(config.seed, SimStream::Trades),
          publish(config.seed, SimStream::Publish),
          book(kTickMs, config.startPrice),
          now(config.startMs),
          mark(roundToTick(config.startPrice)) {
        double cumulative = 0;
        for (const LeverageTier& tier : config.trueLeverageMix.tiers()) {
            cumulative += tier.weight;
            leverageCumulative.push_back(cumulative);
        }
        double shareCumulative = 0;
        for (const double share : config.traderShares) {
            shareCumulative += share;
            kindCumulative.push_back(shareCumulative);
        }
        memory.record(mark, false);
    }

    void step(std::vector<MarketEvent>& published, std::vector<SimLiquidation>* forcedCloses);
    std::uint8_t drawIndex(const std::vector<double>& cumulative);
    Side chooseSide(TraderKind kind);
    void openPositions(TimestampMs tickEnd);
    void trade(TimestampMs ts, double price, double qty, Aggressor aggressor);
    void recordFlow(Side side, bool opening, double notional);
    void appendTape(TimestampMs tickStart);
    void publishTick(TimestampMs tickStart, TimestampMs tickEnd, std::vector<MarketEvent>& out);
    std::int64_t makerLongLots() const {
        return std::max<std::int64_t>(0, book.shortLots() - book.longLots());
    }
    std::int64_t makerShortLots() const {
        return std::max<std::int64_t>(0, book.longLots() - book.shortLots());
    }

    SimulatorConfig config;
    const Instrument& instrument = simulatedInstrument();
    SimPricePath path;
    SimRandom agents;
    SimRandom tape;
    SimRandom publish;
    SimPositionBook book;
    SimMarketMemory memory;
    std::vector<double> leverageCumulative;
    std::vector<double> kindCumulative;

    TimestampMs now;
    double mark;
    double previousMark = 0;
    double pendingImpactLog = 0;
    double tickSignedFlow = 0;  ///< quote currency, buys positive
    std::uint64_t nextId = 1;

    Candle candle;
    bool candleStarted = false;
    std::int64_t candleVolumeLots = 0;

    // Scratch buffers reused every tick.
    std::vector<SimPosition> removed;
    std::vector<TickTrade> tickTrades;
    std::vector<TickTrade> traderTrades;
    std::vector<SimLiquidation> tickLiquidations;
};

std::uint8_t MarketSimulator::State::drawIndex(const std::vector<double>& cumulative) {
    const double u = agents.uniform() * cumulative.back();
    for (std::size_t i = 0; i + 1 < cumulative.size(); ++i) {
        if (u < cumulative[i]) {
            return static_cast<std::uint8_t>(i);
        }
    }
    return static_cast<std::uint8_t>(cumulative.size() - 1);
}

Side MarketSimulator::State::chooseSide(TraderKind kind) {
    double longProbability = 0.5;
    switch (kind) {
        case TraderKind::TrendFollower: {
            const double minutes =
                agents.uniform(kTrendLookbackMinutesLow, kTrendLookbackMinutesHigh);
            const double before = memory.markAgo(static_cast<std::size_t>(minutes * 60));
            longProbability = logistic(std::log(mark / before) / kTrendReturnScale);
            break;
        }
        case TraderKind::DipBuyer: {
            const double minutes = agents.uniform(kWindowMinutesLow, kWindowMinutesHigh);
            const auto window = static_cast<std::size_t>(minutes);
            const double fall = 1 - mark / memory.highOver(window);
            const double rise = mark / memory.lowOver(window) - 1;
            // Mostly long after a fall; sometimes short after a rip (weaker reaction).
            longProbability = std::clamp(
                0.5 + 0.45 * std::tanh(fall / kDipScale) - 0.3 * std::tanh(rise / kDipScale), 0.05,
                0.95);
            break;
        }
        case TraderKind::RangeTrader: {
            const double minutes = agents.uniform(kWindowMinutesLow, kWindowMinutesHigh);
            const auto window = static_cast<std::size_t>(minutes);
            const double high = memory.highOver(window);
            const double low = memory.lowOver(window);
            if (high - low >= kMinRangeWidth * mark) {
                const double position = (mark - low) / (high - low);
                longProbability = 0.9 - 0.8 * position;
            }
            break;
        }
        case TraderKind::Noise:
            break;
    }
    return agents.chance(longProbability) ? Side::Long : Side::Short;
}

void MarketSimulator::State::recordFlow(Side side, bool opening, double notional) {
    // Opening a long or closing a short buys; the market maker takes the other side.
    const bool buys = (side == Side::Long) == opening;
    tickSignedFlow += buys ? notional : -notional;
}

void MarketSimulator::State::trade(TimestampMs ts, double price, double qty, Aggressor aggressor) {
    traderTrades.push_back({ts, price, qty, aggressor});
}

void MarketSimulator::State::openPositions(TimestampMs tickEnd) {
    const double activity = std::min(kMaxActivity, 0.5 + 0.5 * path.volatilityMultiple());
    const std::int64_t arrivals = agents.poisson(config.arrivalsPerSecond * activity);
    for (std::int64_t i = 0; i < arrivals; ++i) {
        SimPosition position;
        position.kind = static_cast<TraderKind>(drawIndex(kindCumulative));
        position.side = chooseSide(position.kind);
        position.mixTier = drawIndex(leverageCumulative);
        const double wanted =
            std::min(kSimMaxNotional,
                     agents.logNormal(std::log(config.medianNotional), kSimNotionalLogSigma));
        position.lots = std::max<std::int64_t>(1, std::llround(wanted / (mark * kSimLotSize)));
        position.entry = mark;
        const double notional = position.entryNotional();
        const MaintenanceTier& bracket = instrument.tierFor(notional);
        // Binance allows at most the bracket's leverage for a position of this size.
        position.leverage = std::min(config.trueLeverageMix.tiers()[position.mixTier].leverage,
                                     bracket.maxLeverage);
        PositionTerms terms;
        terms.side = position.side;
        terms.entry = position.entry;
        terms.leverage = position.leverage;
        terms.mmr = bracket.mmr;
        terms.maintenanceAmount = bracket.maintenanceAmount;
        terms.qty = position.qty();
        position.liquidationPrice = liquidationPrice(instrument.formula(), terms);
        position.openedMs = tickEnd;
        const double holdMs =
            agents.exponential(config.meanHoldMinutes[static_cast<std::size_t>(position.kind)] *
                               static_cast<double>(kMinuteMs));
        // Closing happens on a later tick's end.
        const TimestampMs holdTicks = std::max<TimestampMs>(1, std::llround(holdMs / kTickMs));
        position.closeAtMs = tickEnd + holdTicks * kTickMs;
        position.id = nextId++;
        book.open(position);
        recordFlow(position.side, true, notional);
        trade(tickEnd, mark, position.qty(),
              position.side == Side::Long ? Aggressor::Buy : Aggressor::Sell);
    }
}

void MarketSimulator::State::appendTape(TimestampMs tickStart) {
    tickTrades.clear();
    const double activity = std::min(kMaxActivity, 0.5 + 0.5 * path.volatilityMultiple());
    const std::int64_t count = tape.poisson(kTradesPerTick * activity);
    const double move = mark - previousMark;
    // More buyers while the price rises: the aggressor leans with the tick's move.
    const double buyProbability = 0.5 + 0.4 * std::tanh(move / (mark * 1e-4));
    for (std::int64_t i = 0; i < count; ++i) {
        TickTrade trade{};
        trade.ts = tickStart + 1 + static_cast<TimestampMs>(tape.below(kTickMs));
        // Trades walk from the previous mark to this one, a few ticks either side.
        const double progress = static_cast<double>(trade.ts - tickStart) / kTickMs;
        const double noise = kTradeSpreadTicks / kTicksPerUnitPrice * tape.normal();
        trade.price = roundToTick(previousMark + move * progress + noise);
        trade.qty = coinsOfLots(std::max<std::int64_t>(
            1, std::llround(tape.logNormal(std::log(kTradeLotsMedian), kTradeLotsLogSigma))));
        trade.aggressor = tape.chance(buyProbability) ? Aggressor::Buy : Aggressor::Sell;
        tickTrades.push_back(trade);
    }
    std::stable_sort(tickTrades.begin(), tickTrades.end(),
                     [](const TickTrade& a, const TickTrade& b) { return a.ts < b.ts; });
    // The traders' own market orders (openings, closings, liquidations) fill at the tick's end.
    tickTrades.insert(tickTrades.end(), traderTrades.begin(), traderTrades.end());
}

void MarketSimulator::State::publishTick(TimestampMs tickStart, TimestampMs tickEnd,
                                         std::vector<MarketEvent>& out) {
    const TimestampMs minute = minuteOf(tickEnd);
    const bool minuteEnds = minuteOf(tickEnd + kTickMs) != minute;
    if (!candleStarted || candle.ts != minute) {
        candle = Candle{};
        candle.ts = minute;
        candle.intervalMs = kMinuteMs;
        const double first = tickTrades.empty() ? mark : tickTrades.front().price;
        candle.open = candle.high = candle.low = candle.close = first;
        candleStarted = true;
        candleVolumeLots = 0;
    }
    // Trades are computed whether or not they are published, so the candles (which count them)
    // are the same either way.
    for (const TickTrade& trade : tickTrades) {
        candle.high = std::max(candle.high, trade.price);
        candle.low = std::min(candle.low, trade.price);
        // Summed in lots, so the volume is as exact as each trade's size.
        candleVolumeLots += std::llround(trade.qty * kSimLotsPerCoin);
        candle.volume = coinsOfLots(candleVolumeLots);
        if (config.publishTrades) {
            out.emplace_back(Trade{trade.ts, trade.price, trade.qty, trade.aggressor});
        }
    }
    candle.high = std::max(candle.high, mark);
    candle.low = std::min(candle.low, mark);
    candle.close = mark;

    const auto traderLots = static_cast<double>(book.longLots() + book.shortLots());
    const double imbalance =
        traderLots > 0 ? static_cast<double>(book.longLots() - book.shortLots()) / traderLots : 0;
    MarkPrice markEvent;
    markEvent.ts = tickEnd;
    markEvent.price = mark;
    markEvent.index =
        roundToTick(mark * (1 - kBasisPerImbalance * imbalance + kBasisNoise * publish.normal()));
    markEvent.funding = std::round((kBaseFunding + kFundingPerImbalance * imbalance) * 1e8) / 1e8;
    out.emplace_back(markEvent);

    if (!tickLiquidations.empty()) {
        // Binance pushes only the latest forced order per symbol per 1000 ms.
        const SimLiquidation& last = tickLiquidations.back();
        out.emplace_back(Liquidation{tickEnd, last.side, last.fillPrice, last.qty,
                                     last.qty * last.fillPrice, PriceKind::Average});
    }

    Candle update = candle;
    update.closed = minuteEnds;
    out.emplace_back(update);
    if (minuteEnds) {
        candleStarted = false;
    }

    const TimestampMs period = config.openInterestPeriodMs;
    if (floorDiv(tickEnd, period) != floorDiv(tickStart, period)) {
        const double qty = coinsOfLots(std::max(book.longLots(), book.shortLots()));
        out.emplace_back(OpenInterest{tickEnd, qty, qty * mark});
    }
    memory.record(mark, minuteEnds);
}

void MarketSimulator::State::step(std::vector<MarketEvent>& published,
                                  std::vector<SimLiquidation>* forcedCloses) {
    const TimestampMs tickStart = now;
    const TimestampMs tickEnd = now + kTickMs;
    previousMark = mark;
    traderTrades.clear();
    tickLiquidations.clear();
    tickSignedFlow = 0;

    // (1)–(2) The price moves, with the impact of the previous tick's orders; mark = price.
    mark = roundToTick(path.advance(tickEnd, pendingImpactLog));

    // (3) Every position whose liquidation price the mark reached is force-closed at the mark.
    removed.clear();
    book.liquidateCrossed(mark, removed);
    for (const SimPosition& position : removed) {
        SimLiquidation liquidation;
        liquidation.ts = tickEnd;
        liquidation.side = position.side;
        liquidation.liquidationPrice = position.liquidationPrice;
        liquidation.fillPrice = mark;
        liquidation.qty = position.qty();
        liquidation.entryNotional = position.entryNotional();
        liquidation.leverage = position.leverage;
        tickLiquidations.push_back(liquidation);
        recordFlow(position.side, false, position.qty() * mark);
        trade(tickEnd, mark, position.qty(),
              position.side == Side::Long ? Aggressor::Sell : Aggressor::Buy);
    }

    // (4) Positions whose holding time is over are closed at the mark.
    removed.clear();
    book.closeDue(tickEnd, removed);
    for (const SimPosition& position : removed) {
        recordFlow(position.side, false, position.qty() * mark);
        trade(tickEnd, mark, position.qty(),
              position.side == Side::Long ? Aggressor::Sell : Aggressor::Buy);
    }

    // (5) New traders arrive and open at the mark.
    openPositions(tickEnd);

    // This tick's net order flow moves the next tick's price (forced sells cascade).
    pendingImpactLog = tickSignedFlow / kImpactNotional;

    // (6) Publish.
    appendTape(tickStart);
    publishTick(tickStart, tickEnd, published);
    if (forcedCloses != nullptr) {
        forcedCloses->insert(forcedCloses->end(), tickLiquidations.begin(), tickLiquidations.end());
    }
    now = tickEnd;
}

MarketSimulator::MarketSimulator(SimulatorConfig config) {
    config.validate();
    m_state = std::make_unique<State>(std::move(config));
}

MarketSimulator::~MarketSimulator() = default;
MarketSimulator::MarketSimulator(MarketSimulator&&) noexcept = default;
MarketSimulator& MarketSimulator::operator=(MarketSimulator&&) noexcept = default;

const SimulatorConfig& MarketSimulator::config() const { return m_state->config; }

const Instrument& MarketSimulator::instrument() const { return m_state->instrument; }

void MarketSimulator::step(std::vector<MarketEvent>& published,
                           std::vector<SimLiquidation>* forcedCloses) {
    m_state->step(published, forcedCloses);
}

void MarketSimulator::advanceTo(TimestampMs ts, std::vector<MarketEvent>& published,
                                std::vector<SimLiquidation>* forcedCloses) {
    while (m_state->now < ts) {
        m_state->step(published, forcedCloses);
    }
}

TimestampMs MarketSimulator::now() const { return m_state->now; }

double MarketSimulator::markPrice() const { return m_state->mark; }

std::int64_t MarketSimulator::openInterestLots() const {
    return std::max(m_state->book.longLots(), m_state->book.shortLots());
}

std::int64_t MarketSimulator::longLots() const {
    return m_state->book.longLots() + m_state->makerLongLots();
}

std::int64_t MarketSimulator::shortLots() const {
    return m_state->book.shortLots() + m_state->makerShortLots();
}

std::size_t MarketSimulator::positionCount() const { return m_state->book.size(); }

void MarketSimulator::forEachPosition(const std::function<void(const SimPosition&)>& visit) const {
    m_state->book.forEach(visit);
}

LiquidationMap MarketSimulator::trueMap(double currentPrice, const MapOptions& options) const {
    std::vector<double> leverages;
    for (const LeverageTier& tier : m_state->config.trueLeverageMix.tiers()) {
        leverages.push_back(tier.leverage);
    }
    std::vector<LiquidationLevel> levels;
    levels.reserve(m_state->book.size());
    m_state->book.forEach([&](const SimPosition& position) {
        levels.push_back(
            {position.side, position.mixTier, position.liquidationPrice, position.entryNotional()});
    });
    return LiquidationMap::fromLevels(std::move(leverages), levels, currentPrice, options);
}

}  // namespace liqmap::core
