// liqmap-cli eval: runs the simulated market, feeds what it publishes to the estimator and
// prints how close the estimated map came to the true one, next to a naive baseline
// (docs/accuracy.md).

#include <cstdint>      // std::uint64_t
#include <cstdio>       // std::fwrite
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "arguments.h"
#include "commands.h"
#include "liqmap/core/accuracy_evaluation.h"
#include "liqmap/core/evaluation_format.h"
#include "liqmap/core/leverage_mix.h"
#include "liqmap/core/market_regime.h"
#include "liqmap/core/number_text.h"
#include "model_arguments.h"

namespace liqmap::cli {

namespace {

enum class EvalFormat { Table, Json };

core::MarketRegime parseRegime(std::string_view text) {
    if (const auto regime = core::parseMarketRegime(text)) {
        return *regime;
    }
    std::string message = "--regime: expected ";
    const auto regimes = core::allMarketRegimes();
    for (std::size_t i = 0; i < regimes.size(); ++i) {
        if (i > 0) {
            message += i + 1 == regimes.size() ? " or " : ", ";
        }
        message += core::toString(regimes[i]);
    }
    message += ", got '";
    message += text;
    message += '\'';
    throw UsageError(message);
}

EvalFormat parseEvalFormat(std::string_view text) {
    if (text == "table") {
        return EvalFormat::Table;
    }
    if (text == "json") {
        return EvalFormat::Json;
    }
    std::string message = "--format: expected table or json, got '";
    message += text;
    message += '\'';
    throw UsageError(message);
}

std::uint64_t parseSeed(std::string_view text) {
    const auto seed = core::parseInteger(text);
    if (!seed || *seed < 0) {
        std::string message = "--seed: expected a whole number from 0, got '";
        message += text;
        message += '\'';
        throw UsageError(message);
    }
    return static_cast<std::uint64_t>(*seed);
}

}  // namespace

int runEval(std::span<const std::string_view> args) {
    const Arguments arguments(
        args, {"seed", "hours", "regime", "format", "warmup", "horizon", "checkpoints", "bins",
               "range", "leverage", "turnover", "initial-share"});
    core::EvaluationOptions options;
    options.seed = parseSeed(arguments.requiredText("seed"));
    options.hours = arguments.requiredNumber("hours");
    if (const auto regime = arguments.text("regime")) {
        options.regime = parseRegime(*regime);
    }
    const EvalFormat format = parseEvalFormat(arguments.text("format").value_or("table"));
    options.warmupHours = arguments.number("warmup").value_or(options.warmupHours);
    options.horizonHours = arguments.number("horizon");
    options.checkpoints = arguments.wholeNumber("checkpoints").value_or(options.checkpoints);
    options.map.bins = arguments.wholeNumber("bins").value_or(options.map.bins);
    if (const auto percent = arguments.number("range")) {
        options.map.range = *percent / 100;  // given in percent, as for map --range
    }
    if (const auto spec = arguments.text("leverage")) {
        // Taken as given, as map takes it: the estimator rejects a mix the venue forbids.
        options.model.leverageMix = core::LeverageMix::parse(*spec);
    }

    readModelArguments(arguments, options.model);

    const core::EvaluationReport report = core::evaluate(options);
    const std::string output = format == EvalFormat::Json ? core::formatEvaluationJson(report)
                                                          : core::formatEvaluationTable(report);
    std::fwrite(output.data(), 1, output.size(), stdout);
    return 0;
}

}  // namespace liqmap::cli
