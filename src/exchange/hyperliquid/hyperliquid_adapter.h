#pragma once

#include "liqmap/exchange/adapter.h"

namespace liqmap::exchange::hyperliquid {

/// PLACEHOLDER: implemented by the Hyperliquid adapter work.
class HyperliquidAdapter final : public Adapter {
public:
    Venue venue() const override { return Venue::Hyperliquid; }
    std::vector<StreamSpec> streams(const Endpoints& endpoints,
                                    std::string_view symbol) const override;
    std::vector<RestRequest> instrumentRequests(std::string_view symbol) const override;
    std::vector<RestRequest> historyRequests(std::string_view symbol, core::TimestampMs startMs,
                                             core::TimestampMs endMs) const override;
    FrameOutcome parseFrame(std::string_view frame, core::TimestampMs receiveMs,
                            std::vector<core::EventRecord>& out) override;
    RestOutcome parseRest(const RestRequest& request, std::string_view body,
                          core::TimestampMs receiveMs,
                          std::vector<core::EventRecord>& out) override;
};

}  // namespace liqmap::exchange::hyperliquid
