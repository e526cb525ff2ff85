#include "okx_adapter.h"

namespace liqmap::exchange::okx {

std::vector<StreamSpec> OkxAdapter::streams(const Endpoints&, std::string_view) const {
    return {};
}
std::vector<RestRequest> OkxAdapter::instrumentRequests(std::string_view) const { return {}; }
std::vector<RestRequest> OkxAdapter::historyRequests(std::string_view, core::TimestampMs,
                                                      core::TimestampMs) const {
    return {};
}
FrameOutcome OkxAdapter::parseFrame(std::string_view, core::TimestampMs,
                                     std::vector<core::EventRecord>&) {
    return {};
}
RestOutcome OkxAdapter::parseRest(const RestRequest&, std::string_view, core::TimestampMs,
                                   std::vector<core::EventRecord>&) {
    return {};
}

}  // namespace liqmap::exchange::okx
