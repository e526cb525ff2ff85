#include "liqmap/exchange/adapter.h"

#include <utility>  // std::move

#include "binance/binance_adapter.h"
#include "bybit/bybit_adapter.h"
#include "hyperliquid/hyperliquid_adapter.h"
#include "okx/okx_adapter.h"

namespace liqmap::exchange {

FrameOutcome FrameOutcome::control(std::string detail) {
    FrameOutcome outcome;
    outcome.kind = Kind::Control;
    outcome.detail = std::move(detail);
    return outcome;
}

FrameOutcome FrameOutcome::skipped(core::SkipCounts& counts, core::SkipReason reason,
                                   std::string_view detail) {
    counts.add(reason);
    FrameOutcome outcome;
    outcome.kind = Kind::Skipped;
    outcome.reason = reason;
    outcome.detail = std::string(detail);
    return outcome;
}

RestOutcome RestOutcome::failed(std::string detail) {
    RestOutcome outcome;
    outcome.ok = false;
    outcome.detail = std::move(detail);
    return outcome;
}

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
