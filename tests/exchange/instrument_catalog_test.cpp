// The instrument catalog over loopback TLS: each venue's instrument endpoint answered in its own
// format (bodies in tests/data/<venue>/, written from PROTOCOLS.md), Bybit's cursor paging, and
// every way the fetch can fail (HTTP error, venue error body, malformed JSON, silence, cancel).
// Then the picker order and the "All" source's common base assets on hand-made lists.

#include "liqmap/exchange/instrument_catalog.h"

#include <gtest/gtest.h>

#include <chrono>  // std::chrono
#include <cstdio>  // std::snprintf
#include <string>  // std::string
#include <thread>  // std::thread
#include <vector>  // std::vector

#include "liqmap/exchange/network_thread.h"
#include "support/fixture_file.h"
#include "support/loopback_exchange.h"

namespace liqmap::exchange {
namespace {

using namespace std::chrono_literals;
using test::HttpReply;
using test::HttpRequestInfo;
using test::LoopbackExchange;
using Symbols = std::vector<std::string>;

HttpReply json(std::string body) {
    HttpReply reply;
    reply.body = std::move(body);
    reply.headers = {{"Content-Type", "application/json"}};
    return reply;
}

HttpReply notFound() {
    HttpReply reply;
    reply.status = 404;
    reply.body = "not found";
    return reply;
}

// The venues' instrument endpoints with the bodies from tests/data.
HttpReply answerInstruments(const HttpRequestInfo& request) {
    if (request.target == "/fapi/v1/exchangeInfo") {
        return json(test::readTestData("binance/exchange_info_picker.json"));
    }
    if (request.target == "/v5/market/instruments-info?category=linear&limit=1000") {
        return json(test::readTestData("bybit/instruments_info_page1.json"));
    }
    if (request.target == "/v5/market/instruments-info?category=linear&limit=1000&cursor=abc123") {
        return json(test::readTestData("bybit/instruments_info_page2.json"));
    }
    if (request.target == "/api/v5/public/instruments?instType=SWAP") {
        return json(test::readTestData("okx/instruments_picker.json"));
    }
    if (request.method == "POST" && request.target == "/info" &&
        request.body == R"({"type":"metaAndAssetCtxs"})") {
        return json(test::readTestData("hyperliquid/meta_and_asset_ctxs_picker.json"));
    }
    return notFound();
}

class InstrumentCatalogTest : public ::testing::Test {
protected:
    InstrumentCatalogOptions options(Venue venue) const {
        InstrumentCatalogOptions result;
        result.venue = venue;
        result.endpoints = {m_server.restBaseUrl(), m_server.webSocketBaseUrl()};
        result.tls.extraCaPem = m_server.certificatePem();
        result.timeout = 10s;
        result.retryDelay = 1ms;
        return result;
    }

    InstrumentCatalogResult fetch(const InstrumentCatalogOptions& catalogOptions) {
        InstrumentCatalog catalog(m_network, catalogOptions);
        return catalog.fetch();
    }

    static Symbols symbolsOf(const std::vector<InstrumentInfo>& instruments) {
        Symbols symbols;
        for (const InstrumentInfo& info : instruments) {
            symbols.push_back(info.symbol);
        }
        return symbols;
    }

    LoopbackExchange m_server;
    NetworkThread m_network;
};

TEST_F(InstrumentCatalogTest, BinanceExchangeInfoGivesItsUsdtAndUsdcPerpetuals) {
    m_server.setHttpHandler(answerInstruments);
    const InstrumentCatalogResult result = fetch(options(Venue::Binance));
    ASSERT_TRUE(result.ok()) << result.error;
    // Eight rows; NOFILTERUSDT has no filters and is skipped; the registry sorts by symbol.
    EXPECT_EQ(symbolsOf(result.instruments),
              (Symbols{"1000PEPEUSDT", "AAVEUSDT", "BTCUSDT", "BTCUSDT_260925", "ETHBTC", "ETHUSDT",
                       "SOLUSDC"}));
    EXPECT_EQ(result.skippedRows, 1u);
    EXPECT_EQ(result.requests, 1u);
    EXPECT_EQ(result.bytes, test::readTestData("binance/exchange_info_picker.json").size());
    // BTC, ETH, SOL first; the dated BTCUSDT_260925 and the BTC-quoted ETHBTC are left out.
    EXPECT_EQ(pickerSymbols(result.instruments),
              (Symbols{"BTCUSDT", "ETHUSDT", "SOLUSDC", "1000PEPEUSDT", "AAVEUSDT"}));
    // Only the instrument list was asked for, not the tiers.
    const auto requests = m_server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].target, "/fapi/v1/exchangeInfo");
}

TEST_F(InstrumentCatalogTest, BybitFollowsTheCursorToTheSecondPage) {
    m_server.setHttpHandler(answerInstruments);
    const InstrumentCatalogResult result = fetch(options(Venue::Bybit));
    ASSERT_TRUE(result.ok()) << result.error;
    // Three rows on page 1, four on page 2.
    EXPECT_EQ(result.instruments.size(), 7u);
    EXPECT_EQ(result.requests, 2u);
    // BTCUSDT before the USDC BTCPERP; the dated BTCUSDT-14AUG26 and BTC-26DEC25 are left out.
    EXPECT_EQ(pickerSymbols(result.instruments),
              (Symbols{"BTCUSDT", "BTCPERP", "DOGEUSDT", "10000SATSUSDT", "ZKUSDT"}));
    const auto requests = m_server.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].target, "/v5/market/instruments-info?category=linear&limit=1000");
    EXPECT_EQ(requests[1].target,
              "/v5/market/instruments-info?category=linear&limit=1000&cursor=abc123");
}

TEST_F(InstrumentCatalogTest, OkxListsLinearSwapsAndSkipsTheInverseOne) {
    m_server.setHttpHandler(answerInstruments);
    const InstrumentCatalogResult result = fetch(options(Venue::Okx));
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.skippedRows, 1u);  // BTC-USD-SWAP
    EXPECT_EQ(pickerSymbols(result.instruments),
              (Symbols{"BTC-USDT-SWAP", "ETH-USDC-SWAP", "XRP-USDT-SWAP", "ARB-USDT-SWAP"}));
    // ctVal × ctMult = 0.01 × 1.
    ASSERT_EQ(result.instruments[1].symbol, "BTC-USDT-SWAP");
    EXPECT_DOUBLE_EQ(result.instruments[1].contractValue, 0.01);
}

TEST_F(InstrumentCatalogTest, HyperliquidListsTheUniverseWithoutDelistedCoins) {
    m_server.setHttpHandler(answerInstruments);
    const InstrumentCatalogResult result = fetch(options(Venue::Hyperliquid));
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.skippedRows, 0u);
    // OLD is delisted; kPEPE sorts as "kpepe", after HYPE.
    EXPECT_EQ(pickerSymbols(result.instruments), (Symbols{"BTC", "ETH", "HYPE", "kPEPE"}));
}

TEST_F(InstrumentCatalogTest, CommonBaseAssetsOfTheFourFetchedLists) {
    m_server.setHttpHandler(answerInstruments);
    std::vector<std::vector<InstrumentInfo>> lists;
    for (const Venue venue : kAllVenues) {
        InstrumentCatalogResult result = fetch(options(venue));
        ASSERT_TRUE(result.ok()) << toString(venue) << ": " << result.error;
        lists.push_back(std::move(result.instruments));
    }
    // The contracts "All" opens: Binance AAVE, BTC, ETH, 1000PEPE (SOLUSDC is not SOLUSDT);
    // Bybit BTC, DOGE, ZK, 10000SATS; OKX BTC, XRP, ARB (ETH-USDC-SWAP is not ETH-USDT-SWAP);
    // Hyperliquid BTC, ETH, HYPE, kPEPE. BTC on four venues, ETH on two, the rest on one.
    EXPECT_EQ(commonBaseAssets(lists), (Symbols{"BTC", "ETH"}));
}

TEST_F(InstrumentCatalogTest, AListAsLongAsTheRealOneComesThroughWhole) {
    // 800 rows of about 1.1 kB each, like Binance's ~700 symbols and Bybit's 800+ (PROTOCOLS.md
    // §2.4): C000USDT … C799USDT, with the row shape of exchange_info_picker.json.
    constexpr int kRows = 800;
    std::string body = R"({"timezone":"UTC","serverTime":1791561600000,"symbols":[)";
    for (int i = 0; i < kRows; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "C%03d", i);
        const std::string base = name;
        body += i == 0 ? "" : ",";
        // Appended piece by piece: GCC 12's -O3 warns (-Wrestrict) on literal + std::string.
        body += R"({"symbol":")";
        body += base;
        body += R"(USDT","pair":")";
        body += base;
        body += R"(USDT","contractType":"PERPETUAL","deliveryDate":4133404800000,)"
                R"("onboardDate":1569398400000,"status":"TRADING","maintMarginPercent":"2.5000",)"
                R"("requiredMarginPercent":"5.0000","baseAsset":")";
        body += base;
        body += R"(","quoteAsset":"USDT","marginAsset":"USDT","pricePrecision":2,)"
                R"("quantityPrecision":3,"baseAssetPrecision":8,"quotePrecision":8,)"
                R"("underlyingType":"COIN","underlyingSubType":["PoW"],"triggerProtect":"0.0500",)"
                R"("liquidationFee":"0.012500","marketTakeBound":"0.05","maxMoveOrderLimit":10000,)"
                R"("filters":[{"filterType":"PRICE_FILTER","minPrice":"556.80",)"
                R"("maxPrice":"4529764","tickSize":"0.10"},{"filterType":"LOT_SIZE",)"
                R"("stepSize":"0.001","minQty":"0.001","maxQty":"1000"},)"
                R"({"filterType":"MARKET_LOT_SIZE","stepSize":"0.001","minQty":"0.001",)"
                R"("maxQty":"120"},{"filterType":"MAX_NUM_ORDERS","limit":200},)"
                R"({"filterType":"MIN_NOTIONAL","notional":"100"},{"filterType":"PERCENT_PRICE",)"
                R"("multiplierUp":"1.0500","multiplierDown":"0.9500","multiplierDecimal":"4"}],)"
                R"("orderTypes":["LIMIT","MARKET","STOP","STOP_MARKET","TAKE_PROFIT",)"
                R"("TAKE_PROFIT_MARKET","TRAILING_STOP_MARKET"],"timeInForce":["GTC","IOC","FOK",)"
                R"("GTX","GTD"],"permissionSets":["GRID","COPY"]})";
    }
    body += "]}";
    m_server.setHttpHandler([&body](const HttpRequestInfo&) { return json(body); });
    const InstrumentCatalogResult result = fetch(options(Venue::Binance));
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.bytes, body.size());
    const Symbols symbols = pickerSymbols(result.instruments);
    ASSERT_EQ(symbols.size(), static_cast<std::size_t>(kRows));
    EXPECT_EQ(symbols.front(), "C000USDT");
    EXPECT_EQ(symbols.back(), "C799USDT");
}

TEST_F(InstrumentCatalogTest, HttpErrorAfterTheRetriesIsTheError) {
    m_server.setHttpHandler([](const HttpRequestInfo&) {
        HttpReply reply;
        reply.status = 500;
        reply.body = "Internal error";
        return reply;
    });
    InstrumentCatalogOptions catalogOptions = options(Venue::Binance);
    catalogOptions.maxAttempts = 2;
    const InstrumentCatalogResult result = fetch(catalogOptions);
    EXPECT_EQ(result.error, "exchangeInfo: HTTP 500: Internal error");
    EXPECT_TRUE(result.instruments.empty());
    EXPECT_EQ(m_server.requests().size(), 2u);  // one retry
}

TEST_F(InstrumentCatalogTest, BybitErrorEnvelopeIsTheError) {
    m_server.setHttpHandler([](const HttpRequestInfo&) {
        return json(R"({"retCode":10001,"retMsg":"params error","result":{},"retExtInfo":{},)"
                    R"("time":1791561600000})");
    });
    const InstrumentCatalogResult result = fetch(options(Venue::Bybit));
    EXPECT_EQ(result.error, "instruments-info: retCode 10001: params error");
    EXPECT_TRUE(result.instruments.empty());
}

TEST_F(InstrumentCatalogTest, OkxErrorEnvelopeIsTheError) {
    m_server.setHttpHandler([](const HttpRequestInfo&) {
        return json(R"({"code":"50011","msg":"Too Many Requests","data":[]})");
    });
    const InstrumentCatalogResult result = fetch(options(Venue::Okx));
    EXPECT_EQ(result.error, "instruments: code 50011: Too Many Requests");
}

TEST_F(InstrumentCatalogTest, BinanceErrorBodyIsTheError) {
    m_server.setHttpHandler(
        [](const HttpRequestInfo&) { return json(R"({"code":-1003,"msg":"Too much weight."})"); });
    const InstrumentCatalogResult result = fetch(options(Venue::Binance));
    EXPECT_EQ(result.error, "exchangeInfo: code -1003: Too much weight.");
}

TEST_F(InstrumentCatalogTest, MalformedJsonIsTheError) {
    m_server.setHttpHandler([](const HttpRequestInfo&) { return json(R"({"symbols":[)"); });
    // Binance's adapter names the request itself; it is not repeated.
    EXPECT_EQ(fetch(options(Venue::Binance)).error, "exchangeInfo: the body is not JSON");
    EXPECT_EQ(fetch(options(Venue::Bybit)).error, "instruments-info: malformed JSON");
    EXPECT_EQ(fetch(options(Venue::Okx)).error, "instruments: malformed JSON");
    EXPECT_EQ(fetch(options(Venue::Hyperliquid)).error,
              R"(metaAndAssetCtxs: not JSON: {"symbols":[)");
}

TEST_F(InstrumentCatalogTest, AnEmptyListIsAnError) {
    m_server.setHttpHandler([](const HttpRequestInfo&) { return json(R"({"symbols":[]})"); });
    const InstrumentCatalogResult result = fetch(options(Venue::Binance));
    EXPECT_EQ(result.error, "no usable instruments in the answer (0 rows skipped)");
}

TEST_F(InstrumentCatalogTest, ServerThatNeverAnswersEndsInTheTimeoutError) {
    m_server.setHttpHandler([](const HttpRequestInfo&) {
        HttpReply reply;
        reply.noAnswer = true;
        return reply;
    });
    InstrumentCatalogOptions catalogOptions = options(Venue::Binance);
    catalogOptions.timeout = 300ms;
    const InstrumentCatalogResult result = fetch(catalogOptions);
    EXPECT_EQ(result.error, "exchangeInfo: timeout after 300 ms");
    EXPECT_EQ(result.requests, 0u);
}

TEST_F(InstrumentCatalogTest, StalledHandshakeEndsInTheTimeoutError) {
    m_server.stallHandshakes(true);
    InstrumentCatalogOptions catalogOptions = options(Venue::Hyperliquid);
    catalogOptions.timeout = 300ms;
    EXPECT_EQ(fetch(catalogOptions).error, "metaAndAssetCtxs: timeout after 300 ms");
}

TEST_F(InstrumentCatalogTest, CancelEndsAWaitingFetch) {
    m_server.setHttpHandler([](const HttpRequestInfo&) {
        HttpReply reply;
        reply.noAnswer = true;
        return reply;
    });
    InstrumentCatalogOptions catalogOptions = options(Venue::Binance);
    catalogOptions.timeout = 60s;  // far beyond the test's own timeout: only cancel ends it
    InstrumentCatalog catalog(m_network, catalogOptions);
    InstrumentCatalogResult result;
    std::thread worker([&] { result = catalog.fetch(); });
    ASSERT_TRUE(m_server.waitForRequests(1, 10s));
    catalog.cancel();
    worker.join();
    EXPECT_EQ(result.error, "cancelled");
    // A cancelled catalog stays cancelled and sends nothing more.
    EXPECT_EQ(catalog.fetch().error, "cancelled");
    EXPECT_EQ(m_server.requests().size(), 1u);
}

TEST_F(InstrumentCatalogTest, EndlessPagingStopsAtTheLimit) {
    // Every page names another one.
    m_server.setHttpHandler([](const HttpRequestInfo&) {
        return json(R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[],)"
                    R"("nextPageCursor":"again"},"retExtInfo":{},"time":1791561600000})");
    });
    InstrumentCatalogOptions catalogOptions = options(Venue::Bybit);
    catalogOptions.maxPages = 3;
    const InstrumentCatalogResult result = fetch(catalogOptions);
    EXPECT_EQ(result.error, "instruments-info: more than 3 pages");
    EXPECT_EQ(m_server.requests().size(), 3u);
}

TEST_F(InstrumentCatalogTest, MalformedBaseUrlIsAnErrorNotAnException) {
    InstrumentCatalogOptions catalogOptions = options(Venue::Binance);
    catalogOptions.endpoints.restBaseUrl = "ftp://127.0.0.1";
    const InstrumentCatalogResult result = fetch(catalogOptions);
    EXPECT_EQ(result.error, R"(url: "ftp://127.0.0.1" is not https://host[:port] (scheme))");
    EXPECT_EQ(result.requests, 0u);
}

// --- Ordering on hand-made lists ------------------------------------------------------------

InstrumentInfo info(std::string symbol, std::string base, std::string quote) {
    InstrumentInfo result;
    result.symbol = std::move(symbol);
    result.baseAsset = std::move(base);
    result.quoteAsset = std::move(quote);
    return result;
}

TEST(PickerSymbols, MostTradedFirstThenAlphabetical) {
    const std::vector<InstrumentInfo> instruments = {
        info("ZECUSDT", "ZEC", "USDT"), info("DOGEUSDT", "DOGE", "USDT"),
        info("ADAUSDT", "ADA", "USDT"), info("XRPUSDT", "XRP", "USDT"),
        info("SOLUSDT", "SOL", "USDT"), info("ETHUSDC", "ETH", "USDC"),
        info("ETHUSDT", "ETH", "USDT"), info("BTCUSDC", "BTC", "USDC"),
        info("BTCUSDT", "BTC", "USDT"), info("aaveusdt", "AAVE", "USDT"),
        info("ABCUSDT", "ABC", "USDT"),
    };
    // BTC (USDT, then USDC), ETH (same), SOL, XRP, DOGE; then the rest ignoring case:
    // "aaveusdt" < "abcusdt" < "adausdt" < "zecusdt".
    EXPECT_EQ(pickerSymbols(instruments),
              (Symbols{"BTCUSDT", "BTCUSDC", "ETHUSDT", "ETHUSDC", "SOLUSDT", "XRPUSDT", "DOGEUSDT",
                       "aaveusdt", "ABCUSDT", "ADAUSDT", "ZECUSDT"}));
}

TEST(PickerSymbols, LeavesOutWhatTheAppCannotMap) {
    const std::vector<InstrumentInfo> instruments = {
        info("BTCUSDT", "BTC", "USDT"),
        info("BTCUSDT_260925", "BTC", "USDT"),   // Binance quarterly
        info("BTCUSDT-14AUG26", "BTC", "USDT"),  // Bybit USDT future
        info("BTC-26DEC25", "BTC", "USDC"),      // Bybit USDC future
        info("BTC-USDT-250627", "BTC", "USDT"),  // OKX future
        info("ETHBTC", "ETH", "BTC"),            // not USDT/USDC
        info("BTCUSD", "BTC", "USD"),            // inverse
        info("SOLUSDT", "", ""),                 // tier-only registry entry (Bybit risk-limit)
        info("", "X", "USDT"),
        info("ETH-USDT-SWAP", "ETH", "USDT"),
    };
    EXPECT_EQ(pickerSymbols(instruments), (Symbols{"BTCUSDT", "ETH-USDT-SWAP"}));
    EXPECT_TRUE(pickerSymbols({}).empty());
}

TEST(CommonBaseAssets, BasesOnAtLeastTwoVenuesInPickerOrder) {
    const std::vector<std::vector<InstrumentInfo>> venues = {
        // Binance
        {info("BTCUSDT", "BTC", "USDT"), info("LINKUSDT", "LINK", "USDT"),
         info("AVAXUSDC", "AVAX", "USDC"), info("XRPUSDT", "XRP", "USDT")},
        // Bybit: AVAXUSDT, so AVAX is on one venue in the form "All" opens (Binance has only
        // AVAXUSDC)
        {info("BTCUSDT", "BTC", "USDT"), info("AVAXUSDT", "AVAX", "USDT"),
         info("BTCUSDT-14AUG26", "BTC", "USDT")},
        // OKX
        {info("LINK-USDT-SWAP", "LINK", "USDT"), info("XRP-USDT-SWAP", "XRP", "USDT"),
         info("AAVE-USDT-SWAP", "AAVE", "USDT")},
        // Hyperliquid
        {info("AAVE", "AAVE", "USDC"), info("BTC", "BTC", "USDC")},
    };
    // BTC 3 venues, XRP 2, AAVE 2 (OKX, Hyperliquid), LINK 2, AVAX 1.
    EXPECT_EQ(commonBaseAssets(venues), (Symbols{"BTC", "XRP", "AAVE", "LINK"}));
    // One venue alone has nothing in common with itself.
    EXPECT_TRUE(commonBaseAssets({venues[0]}).empty());
}

}  // namespace
}  // namespace liqmap::exchange
