#include "hyperliquid_adapter.h"

namespace liqmap::exchange::hyperliquid {

std::vector<StreamSpec> HyperliquidAdapter::streams(const Endpoints&, std::string_view) const {
    return {};
}
std::vector<RestRequest> HyperliquidAdapter::instrumentRequests(std::string_view) const { return {}; }
std::vector<RestRequest> HyperliquidAdapter::historyRequests(std::string_view, core::TimestampMs,
                                                      core::TimestampMs) const {
    return {};
}
FrameOutcome HyperliquidAdapter::parseFrame(std::string_view, core::TimestampMs,
                                     std::vector<core::EventRecord>&) {
    return {};
}
RestOutcome HyperliquidAdapter::parseRest(const RestRequest&, std::string_view, core::TimestampMs,
                                   std::vector<core::EventRecord>&) {
    return {};
}

}  // namespace liqmap::exchange::hyperliquid
