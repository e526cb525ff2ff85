#include "demo_arguments.h"

#include <string>  // std::string

#include "liqmap/core/market_regime.h"
#include "liqmap/core/number_text.h"

namespace liqmap::cli {

namespace {

constexpr double kMaxSpeed = 10'000;
constexpr long long kMaxHistoryHours = 30LL * 24;

}  // namespace

exchange::DemoOptions demoOptionsFrom(const Arguments& arguments, double defaultSpeed) {
    exchange::DemoOptions options;
    if (const auto seed = arguments.text("seed")) {
        const auto parsed = core::parseInteger(*seed);
        if (!parsed || *parsed < 0) {
            throw UsageError(std::string("--seed: expected a whole number from 0, got '")
                                 .append(*seed)
                                 .append("'"));
        }
        options.seed = static_cast<std::uint64_t>(*parsed);
    }
    if (const auto regime = arguments.text("regime")) {
        const auto parsed = core::parseMarketRegime(*regime);
        if (!parsed) {
            std::string message("--regime: expected ");
            const auto regimes = core::allMarketRegimes();
            for (std::size_t i = 0; i < regimes.size(); ++i) {
                if (i > 0) {
                    message.append(i + 1 == regimes.size() ? " or " : ", ");
                }
                message.append(core::toString(regimes[i]));
            }
            throw UsageError(message.append(", got '").append(*regime).append("'"));
        }
        options.regime = *parsed;
    }
    options.speed = arguments.number("speed").value_or(defaultSpeed);
    if (!(options.speed > 0 && options.speed <= kMaxSpeed)) {
        throw UsageError(std::string("--speed: expected more than 0 and at most 10000, got ")
                             .append(core::formatNumber(options.speed)));
    }
    if (const auto hours = arguments.text("history-hours")) {
        const auto parsed = core::parseInteger(*hours);
        if (!parsed || *parsed < 1 || *parsed > kMaxHistoryHours) {
            throw UsageError(std::string("--history-hours: expected a whole number from 1 to 720, "
                                         "got '")
                                 .append(*hours)
                                 .append("'"));
        }
        options.history = std::chrono::hours(*parsed);
    }
    return options;
}

void rejectDemoOptions(const Arguments& arguments) {
    for (const std::string_view name : kDemoOptionNames) {
        if (arguments.has(name)) {
            throw UsageError(std::string("--").append(name).append(" is for --exchange demo"));
        }
    }
}

}  // namespace liqmap::cli
