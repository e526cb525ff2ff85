#include "support/venue_rest_scripts.h"

#include <utility>  // std::move

namespace liqmap::test {

namespace {

std::string ms(std::int64_t value) { return std::to_string(value); }

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

HttpReply json(std::string body) { return HttpReply{200, {}, std::move(body)}; }

}  // namespace

// Binance: exchangeInfo, openInterestHist (newest page by endTime), klines, premiumIndex, and the
// open-interest poll. Open interest at S+5 min and S+10 min, candles at S … S+9 min.
HttpReply VenueRestScripts::binance(const HttpRequestInfo& request) const {
    if (request.target == "/fapi/v1/exchangeInfo") {
        return json(
            R"({"timezone":"UTC","serverTime":1,"rateLimits":[],"symbols":[{"symbol":"BTCUSDT",)"
            R"("pair":"BTCUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"BTC",)"
            R"("quoteAsset":"USDT","marginAsset":"USDT","filters":[{"filterType":"PRICE_FILTER",)"
            R"("tickSize":"0.10","minPrice":"556.80","maxPrice":"4529764"}]}]})");
    }
    if (request.target.starts_with("/futures/data/openInterestHist?")) {
        return json(R"([{"symbol":"BTCUSDT","sumOpenInterest":"80000.000",)"
                    R"("sumOpenInterestValue":"6400000000","timestamp":)" +
                    ms(m_start + 5 * kMinuteMs) +
                    R"(},{"symbol":"BTCUSDT","sumOpenInterest":"80100.000",)"
                    R"("sumOpenInterestValue":"6408000000","timestamp":)" +
                    ms(m_now) + "}]");
    }
    if (request.target.starts_with("/fapi/v1/klines?")) {
        std::string rows = "[";
        for (int i = 0; i < 10; ++i) {
            const std::int64_t open = m_start + i * kMinuteMs;
            if (i != 0) {
                rows += ',';
            }
            rows += "[";
            rows += ms(open) + R"(,"80000.0","80100.0","79900.0","80050.0","12.5",)" +
                    ms(open + kMinuteMs - 1) + R"(,"1000000.0",100,"6.0","480000.0","0"])";
        }
        return json(rows + "]");
    }
    if (request.target.starts_with("/fapi/v1/premiumIndex?")) {
        return json(R"({"symbol":"BTCUSDT","markPrice":"80050.00","indexPrice":"80040.00",)"
                    R"("estimatedSettlePrice":"80045.0","lastFundingRate":"0.0001",)"
                    R"("interestRate":"0.0001","nextFundingTime":)" +
                    ms(m_now + 3600000) + R"(,"time":)" + ms(m_now) + "}");
    }
    if (request.target.starts_with("/fapi/v1/openInterest?")) {
        return json(R"({"openInterest":"80010.000","symbol":"BTCUSDT","time":)" + ms(m_now) + "}");
    }
    return HttpReply{404, {}, R"({"code":-1,"msg":"not scripted"})"};
}

std::string VenueRestScripts::bybitEnvelope(const std::string& result) const {
    return R"({"retCode":0,"retMsg":"OK","result":)" + result + R"(,"retExtInfo":{},"time":)" +
           ms(m_now) + "}";
}

HttpReply VenueRestScripts::bybit(const HttpRequestInfo& request) const {
    if (request.target.starts_with("/v5/market/instruments-info?")) {
        return json(bybitEnvelope(
            R"({"category":"linear","list":[{"symbol":"BTCUSDT","contractType":"LinearPerpetual",)"
            R"("status":"Trading","baseCoin":"BTC","quoteCoin":"USDT","priceFilter":{)"
            R"("tickSize":"0.10","minPrice":"0.10","maxPrice":"1999999.80"},"leverageFilter":{)"
            R"("minLeverage":"1","maxLeverage":"100.00","leverageStep":"0.01"}}],)"
            R"("nextPageCursor":""})"));
    }
    if (request.target.starts_with("/v5/market/risk-limit?")) {
        return json(bybitEnvelope(
            R"({"category":"linear","list":[{"id":1,"symbol":"BTCUSDT","riskLimitValue":"2000000",)"
            R"("maintenanceMargin":"0.5","initialMargin":"1","isLowestRisk":1,)"
            R"("maxLeverage":"100.00","mmDeduction":""}],"nextPageCursor":""})"));
    }
    if (request.target.starts_with("/v5/market/open-interest?")) {
        // Two pages: the first names a cursor (with characters that need escaping).
        if (!contains(request.target, "cursor=")) {
            return json(bybitEnvelope(
                R"({"category":"linear","symbol":"BTCUSDT","list":[{"openInterest":"100200",)"
                R"("singleOpenInterest":"50100","timestamp":")" +
                ms(m_now) + R"("}],"nextPageCursor":"page=2&x"})"));
        }
        return json(bybitEnvelope(
            R"({"category":"linear","symbol":"BTCUSDT","list":[{"openInterest":"100000",)"
            R"("singleOpenInterest":"50000","timestamp":")" +
            ms(m_start + 5 * kMinuteMs) + R"("}],"nextPageCursor":""})"));
    }
    if (request.target.starts_with("/v5/market/kline?")) {
        std::string rows = "[";
        for (int i = 9; i >= 0; --i) {  // newest first
            if (i != 9) {
                rows += ',';
            }
            rows += "[\"";
            rows += ms(m_start + i * kMinuteMs) +
                    R"(","80000.0","80100.0","79900.0","80050.0","12.5","1000000.0"])";
        }
        return json(
            bybitEnvelope(R"({"category":"linear","symbol":"BTCUSDT","list":)" + rows + "]}"));
    }
    return HttpReply{404, {}, R"({"retCode":10001,"retMsg":"not scripted"})"};
}

HttpReply VenueRestScripts::okx(const HttpRequestInfo& request) const {
    const auto envelope = [](const std::string& data) {
        return json(R"({"code":"0","msg":"","data":)" + data + "}");
    };
    if (request.target.starts_with("/api/v5/public/instruments?")) {
        return envelope(
            R"([{"instId":"BTC-USDT-SWAP","instType":"SWAP","ctVal":"0.01","ctMult":"1",)"
            R"("ctValCcy":"BTC","ctType":"linear","settleCcy":"USDT","tickSz":"0.1",)"
            R"("lever":"100","state":"live","instFamily":"BTC-USDT","uly":"BTC-USDT"}])");
    }
    if (request.target.starts_with("/api/v5/public/position-tiers?")) {
        return envelope(
            R"([{"tier":"1","minSz":"0","maxSz":"500","mmr":"0.004","imr":"0.01",)"
            R"("maxLever":"100","instFamily":"BTC-USDT","uly":"BTC-USDT","instType":"SWAP"}])");
    }
    if (request.target.starts_with("/api/v5/rubik/stat/contracts/open-interest-history?")) {
        return envelope(R"([[")" + ms(m_now) + R"(","5010000","50100","4010000000"],[")" +
                        ms(m_start + 5 * kMinuteMs) + R"(","5000000","50000","4000000000"]])");
    }
    if (request.target.starts_with("/api/v5/market/history-candles?")) {
        std::string rows = "[";
        for (int i = 9; i >= 0; --i) {
            if (i != 9) {
                rows += ',';
            }
            rows += "[\"";
            rows += ms(m_start + i * kMinuteMs) +
                    R"(","80000.0","80100.0","79900.0","80050.0","1250","12.5","1000000","1"])";
        }
        return envelope(rows + "]");
    }
    if (request.target.starts_with("/api/v5/public/open-interest?")) {
        return envelope(R"([{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"5010000",)"
                        R"("oiCcy":"50100","oiUsd":"4010000000","ts":")" +
                        ms(m_now) + R"("}])");
    }
    return HttpReply{404, {}, R"({"code":"51000","msg":"not scripted"})"};
}

HttpReply VenueRestScripts::hyperliquid(const HttpRequestInfo& request) const {
    if (request.method != "POST" || request.target != "/info") {
        return HttpReply{404, {}, "not scripted"};
    }
    if (contains(request.body, R"("type":"metaAndAssetCtxs")")) {
        return json(R"([{"universe":[{"name":"BTC","szDecimals":5,"maxLeverage":40}]},[{)"
                    R"("funding":"0.0000125","openInterest":"28000.5","prevDayPx":"81000.0",)"
                    R"("dayNtlVlm":"1.0","premium":"0.0","oraclePx":"80040.0","markPx":"80050.0",)"
                    R"("midPx":"80050.5","impactPxs":["80050.0","80051.0"]}]])");
    }
    if (contains(request.body, R"("type":"candleSnapshot")")) {
        std::string rows = "[";
        for (int i = 0; i < 10; ++i) {
            const std::int64_t open = m_start + i * kMinuteMs;
            if (i != 0) {
                rows += ',';
            }
            rows += R"({"t":)";
            rows += ms(open) + R"(,"T":)" + ms(open + kMinuteMs - 1) +
                    R"(,"s":"BTC","i":"1m","o":"80000.0","c":"80050.0","h":"80100.0",)"
                    R"("l":"79900.0","v":"12.5","n":100})";
        }
        return json(rows + "]");
    }
    return HttpReply{422, {}, "Failed to deserialize the JSON body into the target type"};
}

HttpReply VenueRestScripts::any(const HttpRequestInfo& request) const {
    if (request.target.starts_with("/fapi/") || request.target.starts_with("/futures/")) {
        return binance(request);
    }
    if (request.target.starts_with("/v5/")) {
        return bybit(request);
    }
    if (request.target.starts_with("/api/v5/")) {
        return okx(request);
    }
    return hyperliquid(request);
}

}  // namespace liqmap::test
