#include "model_arguments.h"

namespace liqmap::cli {

void readModelArguments(const Arguments& arguments, core::EstimatorConfig& config) {
    if (const auto hours = arguments.number("turnover")) {
        if (!(*hours >= 0 && *hours <= 24 * 365)) {
            throw UsageError("--turnover: expected a half-life of 0 (off) to 8760 hours");
        }
        config.turnoverHalfLifeMs = static_cast<core::TimestampMs>(*hours * core::kHourMs);
    }
    if (const auto share = arguments.number("initial-share")) {
        if (!(*share >= 0 && *share <= 1)) {
            throw UsageError("--initial-share: expected 0 to 1");
        }
        config.initialOpenInterestShare = *share;
    }
}

}  // namespace liqmap::cli
