#pragma once

#include <string>  // std::string

#include "liqmap/core/accuracy_evaluation.h"

namespace liqmap::core {

/// A table for people: a header naming the seed, regime, window, warm-up, horizon, checkpoints,
/// the simulator's true mix and the model's mix; the summary with one row per (model, baseline)
/// × side holding the four metrics; then one such block per checkpoint. "–" where a metric has
/// nothing to measure.
std::string formatEvaluationTable(const EvaluationReport& report);

/// One JSON object (and a newline):
/// {"seed","regime","hours","warmup_hours","horizon_hours","checkpoint_count","bins",
///  "range_fraction","true_mix","model_mix","baseline_leverages","window_start","skipped_events",
///  "model":{"long":{"wasserstein","correlation","notional_ratio","capture","captured",
///  "realized"},"short":{…}}, "baseline":{…}, "end":{checkpoint}, "checkpoints":[{"ts","price",
///  "open_interest","model","baseline"}]}
/// with null for a metric that has nothing to measure and numbers in shortest round-trip form.
std::string formatEvaluationJson(const EvaluationReport& report);

}  // namespace liqmap::core
