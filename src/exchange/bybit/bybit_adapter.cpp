#include "bybit_adapter.h"

namespace liqmap::exchange::bybit {

std::vector<StreamSpec> BybitAdapter::streams(const Endpoints&, std::string_view) const {
    return {};
}
std::vector<RestRequest> BybitAdapter::instrumentRequests(std::string_view) const { return {}; }
std::vector<RestRequest> BybitAdapter::historyRequests(std::string_view, core::TimestampMs,
                                                      core::TimestampMs) const {
    return {};
}
FrameOutcome BybitAdapter::parseFrame(std::string_view, core::TimestampMs,
                                     std::vector<core::EventRecord>&) {
    return {};
}
RestOutcome BybitAdapter::parseRest(const RestRequest&, std::string_view, core::TimestampMs,
                                   std::vector<core::EventRecord>&) {
    return {};
}

}  // namespace liqmap::exchange::bybit
