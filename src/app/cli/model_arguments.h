#pragma once

#include "arguments.h"
#include "liqmap/core/estimator_config.h"

namespace liqmap::cli {

/// Reads --turnover HOURS (0 turns turnover off) and --initial-share S (0 to 1) into `config`;
/// throws UsageError for values outside those ranges.
void readModelArguments(const Arguments& arguments, core::EstimatorConfig& config);

}  // namespace liqmap::cli
