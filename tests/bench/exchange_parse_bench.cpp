// Frame parsing per adapter (frames/s and MB/s) for the frame types that arrive most: trades,
// liquidations, tickers / mark prices; and, on the hottest one (Binance aggTrade), nlohmann's
// DOM against its SAX interface (docs/performance.md, "Exchange frame parsing").
//
// The frames are written here from the venues' documented formats (PROTOCOLS.md), with
// realistic lengths; they are not captures.

#include <benchmark/benchmark.h>

#include <cmath>        // std::isfinite
#include <cstdint>      // std::int64_t
#include <memory>       // std::unique_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "liqmap/core/event_codec.h"
#include "liqmap/core/number_text.h"
#include "liqmap/exchange/adapter.h"

namespace liqmap::bench {

namespace {

using exchange::Venue;

struct FrameCase {
    const char* name;
    Venue venue;
    const char* frame;
};

constexpr const char* kOkxInstruments =
    R"({"code":"0","msg":"","data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","ctVal":"0.01",)"
    R"("ctMult":"1","ctValCcy":"BTC","ctType":"linear","settleCcy":"USDT","tickSz":"0.1",)"
    R"("lever":"100","state":"live","instFamily":"BTC-USDT","uly":"BTC-USDT"}]})";

constexpr FrameCase kCases[] = {
    {"binance/aggTrade", Venue::Binance,
     R"({"e":"aggTrade","E":1791565603055,"a":2612345678,"s":"BTCUSDT","p":"82651.90",)"
     R"("q":"0.012","f":6012345678,"l":6012345680,"T":1791565603050,"m":true})"},
    {"binance/forceOrder", Venue::Binance,
     R"({"e":"forceOrder","E":1791565603055,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT",)"
     R"("f":"IOC","q":"0.190","p":"82338.30","ap":"82651.90","X":"FILLED","l":"0.155",)"
     R"("z":"0.190","T":1791565602120}})"},
    {"binance/markPrice", Venue::Binance,
     R"({"e":"markPriceUpdate","E":1791565603000,"s":"BTCUSDT","p":"82650.10000000",)"
     R"("P":"82655.20000000","i":"82660.12000000","r":"0.00010000","T":1791568800000})"},
    {"bybit/publicTrade", Venue::Bybit,
     R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1791565603055,"data":[{)"
     R"("T":1791565603050,"s":"BTCUSDT","S":"Buy","v":"0.012","p":"82651.90","L":"PlusTick",)"
     R"("i":"3d5f1c2a-8e1b-5a4f-9b7c-2f6e0d1a4b3c","BT":false,"RPI":false,"seq":123456789}]})"},
    {"bybit/allLiquidation", Venue::Bybit,
     R"({"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1791565603055,"data":[{)"
     R"("T":1791565603050,"s":"BTCUSDT","S":"Buy","v":"0.190","p":"82338.30"}]})"},
    {"bybit/tickers", Venue::Bybit,
     R"({"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT",)"
     R"("markPrice":"82650.10","indexPrice":"82660.12","openInterest":"104000.5",)"
     R"("singleOpenInterest":"52000.25","bid1Price":"82650.0","bid1Size":"1.2"},)"
     R"("cs":123456789,"ts":1791565603055})"},
    {"okx/trades", Venue::Okx,
     R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP",)"
     R"("tradeId":"1234567890","px":"82651.9","sz":"12","side":"buy","ts":"1791565603050",)"
     R"("count":"1","source":"0","seqId":1234567}]})"},
    {"okx/liquidation-orders", Venue::Okx,
     R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{)"
     R"("bkLoss":"0","bkPx":"82655.7","ccy":"","posSide":"long","side":"sell","sz":"8.55",)"
     R"("ts":"1791565600771"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP",)"
     R"("instType":"SWAP","uly":"BTC-USDT"}]})"},
    {"okx/mark-price", Venue::Okx,
     R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{)"
     R"("instId":"BTC-USDT-SWAP","instType":"SWAP","markPx":"82650.1","ts":"1791565603055"}]})"},
    {"hyperliquid/trades", Venue::Hyperliquid,
     R"({"channel":"trades","data":[{"coin":"BTC","side":"B","px":"82651.0","sz":"0.012",)"
     R"("hash":"0x4f1a0c2b3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",)"
     R"("time":1791565603050,"tid":812345678901234,)"
     R"("users":["0x1111111111111111111111111111111111111111",)"
     R"("0x2222222222222222222222222222222222222222"]}]})"},
    {"hyperliquid/activeAssetCtx", Venue::Hyperliquid,
     R"({"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{"funding":"0.0000125",)"
     R"("openInterest":"28000.5","prevDayPx":"81000.0","dayNtlVlm":"1500000000.0",)"
     R"("premium":"0.0001","oraclePx":"82660.0","markPx":"82650.0","midPx":"82650.5",)"
     R"("impactPxs":["82650.0","82651.0"],"dayBaseVlm":"18000.0"}}})"},
};

std::unique_ptr<exchange::Adapter> readyAdapter(Venue venue) {
    auto adapter = exchange::makeAdapter(venue);
    if (venue == Venue::Okx) {
        std::vector<core::EventRecord> ignored;
        adapter->parseRest(adapter->instrumentRequests("BTC-USDT-SWAP").front(), kOkxInstruments,
                           0, ignored);
    }
    return adapter;
}

void parseAdapterFrame(benchmark::State& state, const FrameCase& frameCase) {
    const auto adapter = readyAdapter(frameCase.venue);
    const std::string_view frame = frameCase.frame;
    std::vector<core::EventRecord> events;
    // One check outside the timing: a frame that does not parse would measure the error path.
    adapter->parseFrame(frame, 1791565603100, events);
    if (events.empty()) {
        state.SkipWithError("the frame produced no event");
        return;
    }
    for (auto _ : state) {
        events.clear();
        adapter->parseFrame(frame, 1791565603100, events);
        benchmark::DoNotOptimize(events.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(frame.size()));
}

// The same aggTrade fields through nlohmann's DOM and SAX directly, into the same event,
// validated the same way — the cost of the tree against a handler that keeps only six keys.
constexpr std::string_view kAggTrade = kCases[0].frame;

void BM_AggTradeNlohmannDom(benchmark::State& state) {
    for (auto _ : state) {
        const auto json = nlohmann::json::parse(kAggTrade, nullptr, false);
        core::Trade trade;
        trade.ts = json["T"].get<std::int64_t>();
        trade.price = *core::parseDecimal(json["p"].get_ref<const std::string&>());
        trade.qty = *core::parseDecimal(json["q"].get_ref<const std::string&>());
        trade.aggressor = json["m"].get<bool>() ? core::Aggressor::Sell : core::Aggressor::Buy;
        benchmark::DoNotOptimize(core::validateEvent(trade));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AggTradeNlohmannDom);

class AggTradeSax : public nlohmann::json_sax<nlohmann::json> {
public:
    core::Trade trade;

    bool null() override { return true; }
    bool boolean(bool value) override {
        if (m_key == "m") {
            trade.aggressor = value ? core::Aggressor::Sell : core::Aggressor::Buy;
        }
        return true;
    }
    bool number_integer(number_integer_t value) override {
        if (m_key == "T") {
            trade.ts = value;
        }
        return true;
    }
    bool number_unsigned(number_unsigned_t value) override {
        if (m_key == "T") {
            trade.ts = static_cast<std::int64_t>(value);
        }
        return true;
    }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t& value) override {
        if (m_key == "p") {
            trade.price = core::parseDecimal(value).value_or(0);
        } else if (m_key == "q") {
            trade.qty = core::parseDecimal(value).value_or(0);
        }
        return true;
    }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t& value) override {
        m_key = value;
        return true;
    }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }

private:
    std::string m_key;
};

void BM_AggTradeNlohmannSax(benchmark::State& state) {
    for (auto _ : state) {
        AggTradeSax handler;
        nlohmann::json::sax_parse(kAggTrade, &handler);
        benchmark::DoNotOptimize(core::validateEvent(handler.trade));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AggTradeNlohmannSax);

const bool kRegistered = [] {
    for (const FrameCase& frameCase : kCases) {
        benchmark::RegisterBenchmark((std::string("BM_ParseFrame/") + frameCase.name).c_str(),
                                     [&frameCase](benchmark::State& state) {
                                         parseAdapterFrame(state, frameCase);
                                     });
    }
    return true;
}();

}  // namespace

}  // namespace liqmap::bench
