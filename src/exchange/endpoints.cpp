#include "liqmap/exchange/endpoints.h"

namespace liqmap::exchange {

Endpoints defaultEndpoints(Venue venue) {
    switch (venue) {
        case Venue::Binance:
            return {"https://fapi.binance.com", "wss://fstream.binance.com"};
        case Venue::Bybit:
            return {"https://api.bybit.com", "wss://stream.bybit.com"};
        case Venue::Okx:
            return {"https://www.okx.com", "wss://ws.okx.com:8443"};
        case Venue::Hyperliquid:
            return {"https://api.hyperliquid.xyz", "wss://api.hyperliquid.xyz"};
    }
    return {};
}

}  // namespace liqmap::exchange
