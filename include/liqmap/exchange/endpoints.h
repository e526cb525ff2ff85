#pragma once

#include <string>  // std::string

#include "liqmap/exchange/venue.h"

namespace liqmap::exchange {

/// Where a venue is reached. The defaults are the real exchange; tests point both at loopback.
struct Endpoints {
    /// "https://host[:port]" without a trailing slash.
    std::string restBaseUrl;
    /// The WebSocket base the adapter appends its path to: Binance "wss://fstream.binance.com"
    /// (+ "/market/stream?streams=…"), Bybit "wss://stream.bybit.com" (+ "/v5/public/linear"),
    /// OKX "wss://ws.okx.com:8443" (+ "/ws/v5/public" and "/ws/v5/business"), Hyperliquid
    /// "wss://api.hyperliquid.xyz" (+ "/ws").
    std::string webSocketBaseUrl;
};

/// The real endpoints of `venue` (PROTOCOLS.md §1.1, §2.1, §3.1, §4.1).
Endpoints defaultEndpoints(Venue venue);

}  // namespace liqmap::exchange
