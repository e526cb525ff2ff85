#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "demo/market_store.h"
#include "liqmap/core/instrument.h"

namespace liqmap::exchange::demo {

/// One HTTP answer of the demo exchange.
struct RestAnswer {
    unsigned status = 200;
    std::string body;
    /// Binance's request weight of the call, summed into X-MBX-USED-WEIGHT-1M.
    int weight = 1;
};

/// The REST endpoints of the demo exchange over a MarketStore, with Binance's parameters,
/// defaults, limits and error bodies (PROTOCOLS.md §1.4): exchangeInfo, openInterest,
/// openInterestHist (period 5m only), klines (interval 1m only), premiumIndex, ping and time.
/// Pure: the answer depends on the request and the store alone. Not thread-safe (the store).
class RestApi {
public:
    /// `store` and `instrument` must outlive the API.
    RestApi(const MarketStore& store, const core::Instrument& instrument, std::string baseAsset,
            std::string quoteAsset);

    /// The answer to `method` `target` (path and query): 404 for an unknown path or a method
    /// other than GET, 400 with Binance's code for a bad parameter.
    RestAnswer answer(std::string_view method, std::string_view target) const;

private:
    const MarketStore& m_store;
    const core::Instrument& m_instrument;
    std::string m_baseAsset;
    std::string m_quoteAsset;
};

}  // namespace liqmap::exchange::demo
