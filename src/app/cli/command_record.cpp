// liqmap-cli record: what a live feed receives (REST history and frames), as JSON lines.

#include <chrono>  // std::chrono::milliseconds
#include <cstdio>  // std::fprintf
#include <memory>  // std::unique_ptr

#include "arguments.h"
#include "commands.h"
#include "liqmap/core/estimator_config.h"
#include "liqmap/exchange/estimator_set.h"
#include "liqmap/exchange/recording.h"
#include "live_run.h"

namespace liqmap::cli {

int runRecord(std::span<const std::string_view> args) {
    const Arguments arguments(
        args, {"exchange", "symbol", "out", "seconds", "lookback", "rest-url", "ws-url", "ca-file",
               "seed", "regime", "speed", "history-hours"});
    core::TimestampMs lookbackMs = core::EstimatorConfig{}.lookbackMs;
    if (const auto lookback = arguments.text("lookback")) {
        lookbackMs = core::parseLookback(*lookback);
    }
    const double seconds = arguments.requiredNumber("seconds");
    if (!(seconds >= 0 && seconds <= 7 * 24 * 3600)) {
        throw UsageError("--seconds: expected 0 to 604800");
    }
    const FeedSelection selection = selectFeeds(arguments, std::chrono::milliseconds(lookbackMs));
    const std::string out(arguments.requiredText("out"));
    std::unique_ptr<exchange::RecordingWriter> opened;
    try {
        opened = std::make_unique<exchange::RecordingWriter>(out);
    } catch (const std::runtime_error& error) {
        throw UsageError(std::string("--out: ") + error.what());
    }
    exchange::RecordingWriter& writer = *opened;
    // The recording holds what the feeds received; the estimators are run too, so the summary
    // can say how much of it was usable.
    EstimatorSet estimators(EstimatorSettings{std::nullopt, std::nullopt, lookbackMs});
    RunPlan plan;
    plan.liveFor = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    const RunResult run = runFeeds(selection, plan, estimators, &writer);
    printFeedSummary("record", selection, run.statuses);
    std::fprintf(stderr, "liqmap-cli record: wrote %llu lines to %s\n",
                 static_cast<unsigned long long>(writer.linesWritten()), out.c_str());
    if (!writer.error().empty()) {
        std::fprintf(stderr, "liqmap-cli record: %s: %s\n", out.c_str(), writer.error().c_str());
        return 1;
    }
    return 0;
}

}  // namespace liqmap::cli
