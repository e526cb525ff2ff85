#include "liqmap/core/estimator_config.h"

#include <cmath>   // std::isfinite
#include <string>  // std::string

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

void requireWithin(double value, double low, double high, const char* field,
                   const char* rangeText) {
    if (!std::isfinite(value)) {
        throw ConfigError(field, "not a finite number");
    }
    if (value < low || value > high) {
        throw ConfigError(field,
                          std::string("must be in ") + rangeText + ", got " + formatNumber(value));
    }
}

}  // namespace

void EstimatorConfig::validate() const {
    if (lookbackMs <= 0) {
        throw ConfigError("lookback", "must be positive");
    }
    if (uniformSlices < 1 || uniformSlices > 64) {
        throw ConfigError("uniformSlices",
                          "must be in [1, 64], got " + std::to_string(uniformSlices));
    }
    requireWithin(entryBucketStep, 0, 0.01, "entryBucketStep", "(0, 0.01]");
    if (entryBucketStep <= 0) {
        throw ConfigError("entryBucketStep", "must be in (0, 0.01], got 0");
    }
    requireWithin(typicalPositionNotional, 0, 1e12, "typicalPositionNotional", "(0, 1e12]");
    if (typicalPositionNotional <= 0) {
        throw ConfigError("typicalPositionNotional",
                          "must be positive, got " + formatNumber(typicalPositionNotional));
    }
    if (minOpenInterestStepMs < 0) {
        throw ConfigError("minOpenInterestStep", "must not be negative");
    }
    if (turnoverHalfLifeMs < 0) {
        throw ConfigError("turnoverHalfLife", "must not be negative");
    }
    requireWithin(initialOpenInterestShare, 0, 1, "initialOpenInterestShare", "[0, 1]");
    requireWithin(realizedWindow, 0, 0.5, "realizedWindow", "[0, 0.5]");
    requireWithin(realizedScale, 0, 100, "realizedScale", "[0, 100]");
    if (!std::isfinite(maxPriceJump) || maxPriceJump <= 1) {
        throw ConfigError("maxPriceJump",
                          "must be finite and above 1, got " + formatNumber(maxPriceJump));
    }
}

TimestampMs parseLookback(std::string_view text) {
    const auto interval = parseInterval(text);
    if (!interval) {
        throw ConfigError("lookback", "expected a duration like 1d, 7d, 30d or 12h, got '" +
                                          std::string(text) + "'");
    }
    return *interval;
}

}  // namespace liqmap::core
