#pragma once

#include <cstdint>  // std::int64_t
#include <string>   // std::string

namespace liqmap::exchange {

/// One HTTPS request an adapter wants made. Adapters only describe requests; the REST client
/// sends them, and the adapter parses the answer by `name`.
struct RestRequest {
    /// What the answer is, for the adapter's parser and for recordings: "exchangeInfo",
    /// "openInterestHist", "klines", ….
    std::string name;
    std::string method = "GET";
    /// Path and query, "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500".
    std::string target;
    /// JSON body for POST (Hyperliquid's info endpoint); empty for GET.
    std::string body;
    /// For history pages whose query does not say where the wanted window starts (Binance's
    /// openInterestHist pages backwards by endTime alone): the window's start in epoch ms, so the
    /// parser can drop older rows and stop paging — the same way live and on replay, since
    /// recordings keep it. Zero when not needed.
    std::int64_t windowStartMs = 0;

    friend bool operator==(const RestRequest&, const RestRequest&) = default;
};

}  // namespace liqmap::exchange
