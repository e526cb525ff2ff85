#include "demo/binance_wire.h"

#include <array>         // std::array
#include <charconv>      // std::to_chars
#include <cmath>         // std::floor, std::ceil, std::llround, std::isfinite
#include <system_error>  // std::errc

#include "liqmap/core/number_text.h"   // core::appendNumber, core::appendInteger
#include "liqmap/core/sim_position.h"  // core::kSimLotSize

namespace liqmap::exchange::demo {

namespace {

constexpr core::TimestampMs kFundingPeriodMs = 8 * core::kHourMs;
// The IOC limit of a forced order sits this far beyond its average fill: the engine sells a
// long's position "at any price down to" it (Binance shows p 0.3 %–0.6 % worse than ap).
constexpr double kForceOrderSlippage = 0.005;
// Fixed decimals of the fields liqmap does not read, as Binance prints them for BTCUSDT.
constexpr int kQuoteDecimals = 5;
constexpr int kQuantityDecimals = 3;
// Binance's own; a fixed figure (the demo coin has no supply schedule).
constexpr std::string_view kCirculatingSupply = "19950000.00000000";

/// `"key":` after a comma unless it opens the object.
void key(std::string& out, std::string_view name) {
    if (out.back() != '{') {
        out += ',';
    }
    out += '"';
    out += name;
    out += "\":";
}

void text(std::string& out, std::string_view name, std::string_view value) {
    key(out, name);
    out += '"';
    out += value;
    out += '"';
}

/// A str-dec field: the shortest text that reads back exactly.
void decimal(std::string& out, std::string_view name, double value) {
    key(out, name);
    out += '"';
    core::appendNumber(out, value);
    out += '"';
}

void integer(std::string& out, std::string_view name, std::int64_t value) {
    key(out, name);
    core::appendInteger(out, value);
}

void boolean(std::string& out, std::string_view name, bool value) {
    key(out, name);
    out += value ? "true" : "false";
}

/// `value` with exactly `decimals` decimals ("28425514.78940"), for fields nobody parses back.
void appendFixed(std::string& out, double value, int decimals) {
    std::array<char, 64> buffer{};
    const auto result =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                      std::isfinite(value) ? value : 0, std::chars_format::fixed, decimals);
    if (result.ec != std::errc()) {
        out += '0';
        return;
    }
    out.append(buffer.data(), result.ptr);
}

void fixed(std::string& out, std::string_view name, double value, int decimals) {
    key(out, name);
    out += '"';
    appendFixed(out, value, decimals);
    out += '"';
}

/// `value` moved to the tick grid, down or up. Dividing the whole number of ticks by ticks per
/// unit gives the double nearest the decimal (59812.3, not 59812.300000000003).
double onTickGrid(double value, double tickSize, bool up) {
    const double perUnit = 1 / tickSize;
    const double wholePerUnit = std::round(perUnit);
    if (wholePerUnit >= 1 && std::abs(perUnit - wholePerUnit) < 1e-9 * wholePerUnit) {
        const double ticks =
            up ? std::ceil(value * wholePerUnit) : std::floor(value * wholePerUnit);
        return ticks / wholePerUnit;
    }
    const double ticks = up ? std::ceil(value / tickSize) : std::floor(value / tickSize);
    return ticks * tickSize;
}

void appendJsonString(std::string& out, std::string_view value) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    out += '"';
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

core::TimestampMs nextFundingTime(core::TimestampMs ts) {
    // Floor division, so a time before 1970 still lands on a boundary after it.
    core::TimestampMs periods = ts / kFundingPeriodMs;
    if (ts < 0 && ts % kFundingPeriodMs != 0) {
        --periods;
    }
    return (periods + 1) * kFundingPeriodMs;
}

std::string aggTradePayload(std::string_view symbol, const core::Trade& trade,
                            const AggTradeIds& ids) {
    std::string out = "{";
    text(out, "e", "aggTrade");
    integer(out, "E", trade.ts);
    integer(out, "a", ids.aggregate);
    text(out, "s", symbol);
    decimal(out, "p", trade.price);
    decimal(out, "q", trade.qty);
    integer(out, "f", ids.firstTrade);
    integer(out, "l", ids.lastTrade);
    integer(out, "T", trade.ts);
    // Buyer is maker: the taker sold.
    boolean(out, "m", trade.aggressor == core::Aggressor::Sell);
    out += '}';
    return out;
}

std::string markPricePayload(std::string_view symbol, const core::MarkPrice& mark) {
    std::string out = "{";
    text(out, "e", "markPriceUpdate");
    integer(out, "E", mark.ts);
    text(out, "s", symbol);
    decimal(out, "p", mark.price);
    if (mark.index) {
        decimal(out, "i", *mark.index);
        // The estimated settle price only matters for dated contracts; on a perpetual Binance
        // sends a figure next to the index.
        decimal(out, "P", *mark.index);
    }
    if (mark.funding) {
        decimal(out, "r", *mark.funding);
    } else {
        text(out, "r", "");
    }
    integer(out, "T", nextFundingTime(mark.ts));
    out += '}';
    return out;
}

std::string klinePayload(std::string_view symbol, const KlineRow& row,
                         core::TimestampMs eventTime) {
    const core::Candle& candle = row.candle;
    const KlineTally& tally = row.tally;
    std::string out = "{";
    text(out, "e", "kline");
    integer(out, "E", eventTime);
    text(out, "s", symbol);
    key(out, "k");
    out += '{';
    integer(out, "t", candle.ts);
    integer(out, "T", candle.ts + candle.intervalMs - 1);
    text(out, "s", symbol);
    text(out, "i", core::formatInterval(candle.intervalMs));
    integer(out, "f", tally.firstTradeId);
    integer(out, "L", tally.lastTradeId);
    decimal(out, "o", candle.open);
    decimal(out, "c", candle.close);
    decimal(out, "h", candle.high);
    decimal(out, "l", candle.low);
    decimal(out, "v", candle.volume);
    integer(out, "n", tally.tradeCount);
    boolean(out, "x", candle.closed);
    fixed(out, "q", tally.quoteVolume, kQuoteDecimals);
    fixed(out, "V", tally.takerBuyVolume, kQuantityDecimals);
    fixed(out, "Q", tally.takerBuyQuoteVolume, kQuoteDecimals);
    text(out, "B", "0");
    out += "}}";
    return out;
}

std::string forceOrderPayload(std::string_view symbol, const core::Liquidation& liquidation,
                              double tickSize) {
    // The engine sells a long's position and buys back a short's.
    const bool sell = liquidation.side == core::Side::Long;
    const double limit =
        onTickGrid(liquidation.price * (sell ? 1 - kForceOrderSlippage : 1 + kForceOrderSlippage),
                   tickSize, !sell);
    std::string out = "{";
    text(out, "e", "forceOrder");
    integer(out, "E", liquidation.ts);
    key(out, "o");
    out += '{';
    text(out, "s", symbol);
    text(out, "S", sell ? "SELL" : "BUY");
    text(out, "o", "LIMIT");
    text(out, "f", "IOC");
    decimal(out, "q", liquidation.qty);
    decimal(out, "p", limit);
    decimal(out, "ap", liquidation.price);
    text(out, "X", "FILLED");
    // One fill: the last fill is the whole order.
    decimal(out, "l", liquidation.qty);
    decimal(out, "z", liquidation.qty);
    integer(out, "T", liquidation.ts);
    out += "}}";
    return out;
}

std::string combinedFrame(std::string_view stream, std::string_view payload) {
    std::string out;
    out.reserve(stream.size() + payload.size() + 22);
    out += R"({"stream":")";
    out += stream;
    out += R"(","data":)";
    out += payload;
    out += '}';
    return out;
}

std::string exchangeInfoBody(const core::Instrument& instrument, std::string_view baseAsset,
                             std::string_view quoteAsset, core::TimestampMs serverTime) {
    std::string out = "{";
    text(out, "timezone", "UTC");
    integer(out, "serverTime", serverTime);
    text(out, "futuresType", "U_MARGINED");
    out += R"(,"rateLimits":[)"
           R"({"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":2400},)"
           R"({"rateLimitType":"ORDERS","interval":"MINUTE","intervalNum":1,"limit":1200},)"
           R"({"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":300}])";
    out += R"(,"exchangeFilters":[],"assets":[)";
    out += R"({"asset":")";
    out += quoteAsset;
    out += R"(","marginAvailable":true,"autoAssetExchange":"-10000"},)";
    out += R"({"asset":")";
    out += baseAsset;
    out += R"(","marginAvailable":true,"autoAssetExchange":"-0.00100000"}])";
    out += R"(,"symbols":[{)";
    text(out, "symbol", instrument.symbol());
    text(out, "pair", instrument.symbol());
    text(out, "contractType", "PERPETUAL");
    integer(out, "deliveryDate", 4'133'404'800'000);  // Binance's "never" for perpetuals
    integer(out, "onboardDate", 1'569'398'400'000);
    text(out, "status", "TRADING");
    // Binance's flat figures, not the tiered maintenance rates (those need leverageBracket).
    text(out, "maintMarginPercent", "2.5000");
    text(out, "requiredMarginPercent", "5.0000");
    text(out, "baseAsset", baseAsset);
    text(out, "quoteAsset", quoteAsset);
    text(out, "marginAsset", quoteAsset);
    integer(out, "pricePrecision", 2);
    integer(out, "quantityPrecision", 3);
    integer(out, "baseAssetPrecision", 8);
    integer(out, "quotePrecision", 8);
    text(out, "underlyingType", "COIN");
    out += R"(,"underlyingSubType":["PoW"])";
    integer(out, "settlePlan", 0);
    text(out, "triggerProtect", "0.0500");
    text(out, "liquidationFee", "0.012500");
    text(out, "marketTakeBound", "0.05");
    integer(out, "maxMoveOrderLimit", 10000);
    out += R"(,"filters":[{)";
    text(out, "minPrice", "261.10");
    text(out, "maxPrice", "809484");
    text(out, "filterType", "PRICE_FILTER");
    decimal(out, "tickSize", instrument.tickSize());
    out += "},{";
    decimal(out, "stepSize", core::kSimLotSize);
    text(out, "filterType", "LOT_SIZE");
    text(out, "maxQty", "1000");
    decimal(out, "minQty", core::kSimLotSize);
    out += "},{";
    decimal(out, "stepSize", core::kSimLotSize);
    text(out, "filterType", "MARKET_LOT_SIZE");
    text(out, "maxQty", "120");
    decimal(out, "minQty", core::kSimLotSize);
    out += "},{";
    integer(out, "limit", 200);
    text(out, "filterType", "MAX_NUM_ORDERS");
    out += "},{";
    integer(out, "limit", 10);
    text(out, "filterType", "MAX_NUM_ALGO_ORDERS");
    out += "},{";
    text(out, "notional", "100");
    text(out, "filterType", "MIN_NOTIONAL");
    out += "},{";
    text(out, "multiplierUp", "1.0500");
    text(out, "multiplierDown", "0.9500");
    text(out, "multiplierDecimal", "4");
    text(out, "filterType", "PERCENT_PRICE");
    out += "}]";
    out += R"(,"orderTypes":["LIMIT","MARKET","STOP","STOP_MARKET","TAKE_PROFIT",)"
           R"("TAKE_PROFIT_MARKET","TRAILING_STOP_MARKET"])";
    out += R"(,"timeInForce":["GTC","IOC","FOK","GTX","GTD"])";
    out += "}]}";
    return out;
}

std::string openInterestBody(std::string_view symbol, double openInterest, core::TimestampMs time) {
    std::string out = "{";
    decimal(out, "openInterest", openInterest);
    text(out, "symbol", symbol);
    integer(out, "time", time);
    out += '}';
    return out;
}

std::string openInterestHistBody(std::string_view symbol,
                                 std::span<const core::OpenInterest> rows) {
    std::string out = "[";
    for (const core::OpenInterest& row : rows) {
        if (out.size() > 1) {
            out += ',';
        }
        out += '{';
        text(out, "symbol", symbol);
        decimal(out, "sumOpenInterest", row.qty);
        if (row.notional) {
            decimal(out, "sumOpenInterestValue", *row.notional);
        }
        text(out, "CMCCirculatingSupply", kCirculatingSupply);
        integer(out, "timestamp", row.ts);
        out += '}';
    }
    out += ']';
    return out;
}

std::string klinesBody(std::span<const KlineRow> rows) {
    std::string out = "[";
    auto quoted = [&out](double value) {
        out += ",\"";
        core::appendNumber(out, value);
        out += '"';
    };
    auto quotedFixed = [&out](double value, int decimals) {
        out += ",\"";
        appendFixed(out, value, decimals);
        out += '"';
    };
    for (const KlineRow& row : rows) {
        const core::Candle& candle = row.candle;
        if (out.size() > 1) {
            out += ',';
        }
        out += '[';
        core::appendInteger(out, candle.ts);
        quoted(candle.open);
        quoted(candle.high);
        quoted(candle.low);
        quoted(candle.close);
        quoted(candle.volume);
        out += ',';
        core::appendInteger(out, candle.ts + candle.intervalMs - 1);
        quotedFixed(row.tally.quoteVolume, kQuoteDecimals);
        out += ',';
        core::appendInteger(out, row.tally.tradeCount);
        quotedFixed(row.tally.takerBuyVolume, kQuantityDecimals);
        quotedFixed(row.tally.takerBuyQuoteVolume, kQuoteDecimals);
        out += R"(,"0"])";
    }
    out += ']';
    return out;
}

std::string premiumIndexBody(std::string_view symbol, const core::MarkPrice& mark, bool asArray) {
    std::string out = asArray ? "[{" : "{";
    text(out, "symbol", symbol);
    decimal(out, "markPrice", mark.price);
    if (mark.index) {
        decimal(out, "indexPrice", *mark.index);
        decimal(out, "estimatedSettlePrice", *mark.index);
    } else {
        text(out, "indexPrice", "");
        text(out, "estimatedSettlePrice", "");
    }
    if (mark.funding) {
        decimal(out, "lastFundingRate", *mark.funding);
    } else {
        text(out, "lastFundingRate", "");
    }
    text(out, "interestRate", "0.00010000");
    integer(out, "nextFundingTime", nextFundingTime(mark.ts));
    integer(out, "time", mark.ts);
    out += asArray ? "}]" : "}";
    return out;
}

std::string errorBody(int code, std::string_view message) {
    std::string out = "{";
    integer(out, "code", code);
    key(out, "msg");
    appendJsonString(out, message);
    out += '}';
    return out;
}

}  // namespace liqmap::exchange::demo
