#include "demo/frame_encoder.h"

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::llround
#include <utility>    // std::move
#include <variant>    // std::visit

#include "liqmap/core/sim_position.h"  // core::kSimLotSize

namespace liqmap::exchange::demo {

namespace {

// Ids of the size a busy Binance symbol has reached, so they look like the real thing.
constexpr std::int64_t kFirstAggregateId = 2'400'000'000;
constexpr std::int64_t kFirstTradeId = 5'800'000'000;
// An aggregate trade is one taker order filled against resting orders at one price: a larger
// order meets more of them. One fill per this many lots, at most kMaxFills.
constexpr std::int64_t kLotsPerFill = 50;
constexpr std::int64_t kMaxFills = 25;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

FrameEncoder::FrameEncoder(std::string symbol, double tickSize)
    : m_symbol(std::move(symbol)),
      m_tickSize(tickSize),
      m_nextAggregateId(kFirstAggregateId),
      m_nextTradeId(kFirstTradeId) {}

AggTradeIds FrameEncoder::countTrade(const core::Trade& trade) {
    const std::int64_t lots =
        std::max<std::int64_t>(1, std::llround(trade.qty / core::kSimLotSize));
    const std::int64_t fills = 1 + std::min(kMaxFills - 1, lots / kLotsPerFill);
    const AggTradeIds ids{m_nextAggregateId, m_nextTradeId, m_nextTradeId + fills - 1};
    ++m_nextAggregateId;
    m_nextTradeId += fills;

    if (m_tally.tradeCount == 0) {
        m_tally.firstTradeId = ids.firstTrade;
    }
    m_tally.lastTradeId = ids.lastTrade;
    m_tally.tradeCount += fills;
    const double quote = trade.price * trade.qty;
    m_tally.quoteVolume += quote;
    if (trade.aggressor == core::Aggressor::Buy) {
        m_tally.takerBuyVolume += trade.qty;
        m_tally.takerBuyQuoteVolume += quote;
    }
    return ids;
}

void FrameEncoder::countCandle(const core::Candle& candle) {
    m_lastKline.candle = candle;
    m_lastKline.tally = m_tally;
    if (m_tally.tradeCount == 0 && candle.volume > 0) {
        // Volume without published trades (a simulator run with trades off): quote volumes from
        // the candle's mean price and an even taker split, so the row stays consistent.
        KlineTally& tally = m_lastKline.tally;
        tally.quoteVolume =
            candle.volume * (candle.open + candle.high + candle.low + candle.close) / 4;
        tally.takerBuyVolume = candle.volume / 2;
        tally.takerBuyQuoteVolume = tally.quoteVolume / 2;
    }
    if (candle.closed) {
        m_tally = KlineTally{};
    }
}

void FrameEncoder::account(const core::MarketEvent& event) {
    m_lastEventTs = std::max(m_lastEventTs, core::timestampOf(event));
    if (const auto* trade = std::get_if<core::Trade>(&event)) {
        countTrade(*trade);
    } else if (const auto* candle = std::get_if<core::Candle>(&event)) {
        countCandle(*candle);
    }
}

std::optional<EncodedFrame> FrameEncoder::encode(const core::MarketEvent& event) {
    m_lastEventTs = std::max(m_lastEventTs, core::timestampOf(event));
    return std::visit(
        Overloaded{
            [&](const core::Trade& trade) -> std::optional<EncodedFrame> {
                const AggTradeIds ids = countTrade(trade);
                return EncodedFrame{FrameKind::AggTrade, trade.ts,
                                    aggTradePayload(m_symbol, trade, ids)};
            },
            [&](const core::MarkPrice& mark) -> std::optional<EncodedFrame> {
                return EncodedFrame{FrameKind::MarkPrice, mark.ts,
                                    markPricePayload(m_symbol, mark)};
            },
            [&](const core::Candle& candle) -> std::optional<EncodedFrame> {
                countCandle(candle);
                // A candle's own time is its open; the frame goes out when it was updated.
                const core::TimestampMs eventTime = std::max(m_lastEventTs, candle.ts);
                return EncodedFrame{FrameKind::Kline, eventTime,
                                    klinePayload(m_symbol, m_lastKline, eventTime)};
            },
            [&](const core::Liquidation& liquidation) -> std::optional<EncodedFrame> {
                return EncodedFrame{FrameKind::ForceOrder, liquidation.ts,
                                    forceOrderPayload(m_symbol, liquidation, m_tickSize)};
            },
            [](const core::OpenInterest&) -> std::optional<EncodedFrame> { return std::nullopt; },
        },
        event);
}

}  // namespace liqmap::exchange::demo
