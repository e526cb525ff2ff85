#pragma once

#include <cstdint>      // std::int64_t
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/instrument.h"
#include "liqmap/core/market_event.h"

// The demo exchange's text: core events written as Binance USDⓈ-M frames and REST bodies
// (PROTOCOLS.md §1.3, §1.4), field for field as the exchange sends them. Decimals the adapter
// reads are the shortest text that reads back as exactly the same double, so a parsed frame
// equals the event it was made from; fields it does not read (quote volumes, order price) are
// written with the fixed decimals Binance uses. Pure functions: equal input, equal bytes.
namespace liqmap::exchange::demo {

/// The ids of one aggregate trade: its own (a) and its first and last fill (f, l).
struct AggTradeIds {
    std::int64_t aggregate = 0;
    std::int64_t firstTrade = 0;
    std::int64_t lastTrade = 0;
};

/// What a Binance kline says about the trades inside it beyond OHLCV.
struct KlineTally {
    /// -1 for both when no trade fell in the candle.
    std::int64_t firstTradeId = -1;
    std::int64_t lastTradeId = -1;
    std::int64_t tradeCount = 0;
    double quoteVolume = 0;
    double takerBuyVolume = 0;
    double takerBuyQuoteVolume = 0;

    friend bool operator==(const KlineTally&, const KlineTally&) = default;
};

/// A 1-minute candle as the kline stream and the klines endpoint report it.
struct KlineRow {
    core::Candle candle;
    KlineTally tally;

    friend bool operator==(const KlineRow&, const KlineRow&) = default;
};

/// Binance funds perpetuals every 8 hours from 00:00 UTC: the first boundary after `ts`.
core::TimestampMs nextFundingTime(core::TimestampMs ts);

// --- WebSocket payloads, as sent on /market/ws (raw) --------------------------------------

/// {"e":"aggTrade",…}; m (buyer is maker) is true when the taker sold.
std::string aggTradePayload(std::string_view symbol, const core::Trade& trade,
                            const AggTradeIds& ids);
/// {"e":"markPriceUpdate",…} with E = the mark's time and T = the next funding time; i and P
/// are left out without an index price, r is "" without a funding rate.
std::string markPricePayload(std::string_view symbol, const core::MarkPrice& mark);
/// {"e":"kline",…,"k":{…}} with E = `eventTime` and T = t + interval − 1.
std::string klinePayload(std::string_view symbol, const KlineRow& row, core::TimestampMs eventTime);
/// {"e":"forceOrder",…}: S = SELL for a long liquidated, BUY for a short; q = l = z = qty;
/// ap = the event's price, p = the IOC limit a little worse than ap, on the `tickSize` grid.
std::string forceOrderPayload(std::string_view symbol, const core::Liquidation& liquidation,
                              double tickSize);
/// The combined-stream wrapper {"stream":…,"data":…} around a payload.
std::string combinedFrame(std::string_view stream, std::string_view payload);

// --- REST bodies ------------------------------------------------------------------------------

/// GET /fapi/v1/exchangeInfo: one PERPETUAL TRADING symbol with its filters (tick size from the
/// instrument, lot step kSimLotSize) and Binance's rate limits.
std::string exchangeInfoBody(const core::Instrument& instrument, std::string_view baseAsset,
                             std::string_view quoteAsset, core::TimestampMs serverTime);
/// GET /fapi/v1/openInterest.
std::string openInterestBody(std::string_view symbol, double openInterest, core::TimestampMs time);
/// GET /futures/data/openInterestHist: the rows in the given order.
std::string openInterestHistBody(std::string_view symbol, std::span<const core::OpenInterest> rows);
/// GET /fapi/v1/klines: 12-element rows [t, o, h, l, c, v, T, q, n, V, Q, "0"].
std::string klinesBody(std::span<const KlineRow> rows);
/// GET /fapi/v1/premiumIndex: one object, or (`asArray`, no symbol asked for) an array of it.
std::string premiumIndexBody(std::string_view symbol, const core::MarkPrice& mark, bool asArray);
/// Binance's error envelope {"code":-1121,"msg":"Invalid symbol."}; `message` is escaped.
std::string errorBody(int code, std::string_view message);

}  // namespace liqmap::exchange::demo
