#include "binance_adapter.h"

namespace liqmap::exchange::binance {

std::vector<StreamSpec> BinanceAdapter::streams(const Endpoints&, std::string_view) const {
    return {};
}
std::vector<RestRequest> BinanceAdapter::instrumentRequests(std::string_view) const { return {}; }
std::vector<RestRequest> BinanceAdapter::historyRequests(std::string_view, core::TimestampMs,
                                                      core::TimestampMs) const {
    return {};
}
FrameOutcome BinanceAdapter::parseFrame(std::string_view, core::TimestampMs,
                                     std::vector<core::EventRecord>&) {
    return {};
}
RestOutcome BinanceAdapter::parseRest(const RestRequest&, std::string_view, core::TimestampMs,
                                   std::vector<core::EventRecord>&) {
    return {};
}

}  // namespace liqmap::exchange::binance
