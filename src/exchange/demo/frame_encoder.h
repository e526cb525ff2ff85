#pragma once

#include <cstdint>   // std::int64_t, std::uint8_t
#include <optional>  // std::optional
#include <string>    // std::string

#include "demo/binance_wire.h"  // KlineRow, KlineTally
#include "liqmap/core/market_event.h"

namespace liqmap::exchange::demo {

/// Which WebSocket payload a frame is.
enum class FrameKind : std::uint8_t { AggTrade, MarkPrice, Kline, ForceOrder };

/// One payload, encoded once for every connection that streams it.
struct EncodedFrame {
    FrameKind kind = FrameKind::MarkPrice;
    /// The exchange time of the event it carries.
    core::TimestampMs ts = 0;
    std::string payload;
};

/// Turns a simulator's published events, in order, into Binance payloads, keeping what a frame
/// needs beyond its own event: increasing aggregate and trade ids, and each candle's trade tally
/// (first and last trade id, count, quote and taker-buy volumes) from the trades published since
/// the previous candle closed — the simulator's own attribution of trades to candles. Equal
/// input gives equal bytes. Not thread-safe.
class FrameEncoder {
public:
    FrameEncoder(std::string symbol, double tickSize);

    /// Accounts for `event` and returns its payload; nullopt for open interest, which Binance
    /// publishes over REST only.
    std::optional<EncodedFrame> encode(const core::MarketEvent& event);
    /// The same bookkeeping without the text, for history nobody streams.
    void account(const core::MarketEvent& event);

    /// The last candle accounted for, with its tally as of then.
    const KlineRow& lastKline() const { return m_lastKline; }

private:
    AggTradeIds countTrade(const core::Trade& trade);
    void countCandle(const core::Candle& candle);

    std::string m_symbol;
    double m_tickSize;
    std::int64_t m_nextAggregateId;
    std::int64_t m_nextTradeId;
    /// Trades since the last closed candle.
    KlineTally m_tally;
    KlineRow m_lastKline;
    /// The latest exchange time seen: a kline's event time (its own `ts` is the open time).
    core::TimestampMs m_lastEventTs = 0;
};

}  // namespace liqmap::exchange::demo
