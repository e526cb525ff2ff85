#include "liqmap/exchange/adapter.h"

#include "binance/binance_adapter.h"
#include "bybit/bybit_adapter.h"
#include "hyperliquid/hyperliquid_adapter.h"
#include "okx/okx_adapter.h"

namespace liqmap::exchange {

std::vector<RestRequest> Adapter::pollRequests(std::string_view /*symbol*/) const { return {}; }

std::chrono::milliseconds Adapter::pollInterval() const { return std::chrono::milliseconds(0); }

std::chrono::milliseconds Adapter::requestSpacing() const { return std::chrono::milliseconds(0); }

std::unique_ptr<Adapter> makeAdapter(Venue venue) {
    switch (venue) {
        case Venue::Binance:
            return std::make_unique<binance::BinanceAdapter>();
        case Venue::Bybit:
            return std::make_unique<bybit::BybitAdapter>();
        case Venue::Okx:
            return std::make_unique<okx::OkxAdapter>();
        case Venue::Hyperliquid:
            return std::make_unique<hyperliquid::HyperliquidAdapter>();
    }
    return nullptr;
}

}  // namespace liqmap::exchange
