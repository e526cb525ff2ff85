#include "liqmap/core/simulator_config.h"

#include <array>    // std::array
#include <cmath>    // std::isfinite, std::abs, std::exp, std::pow
#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <vector>   // std::vector

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"
#include "sim_instrument.h"
#include "sim_model_constants.h"
#include "sim_random.h"

namespace liqmap::core {

namespace {

/// The leverages real traders pick from (Binance's slider stops and common round numbers).
constexpr std::array<double, 11> kLeverageChoices = {2, 3, 5, 10, 15, 20, 25, 50, 75, 100, 125};

/// The mean leverage of a drawn mix stays in this range, so that every seed is a plausible
/// market but seeds differ a lot (a cautious crowd at 8x, a reckless one at 50x).
constexpr double kMinMeanLeverage = 8;
constexpr double kMaxMeanLeverage = 50;

/// Ranges the per-seed parameters are drawn from (docs/accuracy.md, "The simulated market").
/// Holding times in minutes, indexed by TraderKind: trend followers hold hours, dip buyers up to a
/// day, range traders tens of minutes, noise traders anything in between.
constexpr std::array<double, 4> kHoldMinutesLow = {30, 60, 15, 20};
constexpr std::array<double, 4> kHoldMinutesHigh = {240, 720, 90, 480};
/// Open positions the arrival rate aims at (liquidations keep the real count lower, volatility
/// raises it); bounds the simulator's memory and time per tick.
constexpr double kTargetPositionsLow = 80'000;
constexpr double kTargetPositionsHigh = 150'000;
/// Open interest (coins at the default start price) the position sizes aim at.
constexpr double kTargetOpenInterestLow = 12'000;
constexpr double kTargetOpenInterestHigh = 25'000;
constexpr double kCalmVolatilityLow = 0.015;
constexpr double kCalmVolatilityHigh = 0.03;
/// Dirichlet concentration of the trader shares: 4 keeps every kind between about 5 % and 50 %.
constexpr double kShareConcentration = 4;

/// Sanity bounds of validate(): beyond them the simulator would be too slow or meaningless.
constexpr double kMaxArrivalsPerSecond = 100;
constexpr double kMaxHoldMinutes = 30.0 * 24 * 60;
constexpr double kMaxMedianNotional = 10'000'000;
constexpr double kMaxDailyVolatility = 0.5;

constexpr double kShareSumTolerance = 1e-9;

double meanLeverage(const std::vector<LeverageTier>& tiers) {
    double mean = 0;
    for (const LeverageTier& tier : tiers) {
        mean += tier.weight * tier.leverage;
    }
    return mean;
}

/// 5 to 8 distinct leverages with Dirichlet weights tilted by an "appetite": weight ∝ G · L^a,
/// G ~ Gamma(1.5), a ∈ [−1.2, 0.6]. A negative appetite favours low leverage. Draws are repeated
/// until the mean leverage is in range (a handful of tries at most in practice).
LeverageMix drawLeverageMix(SimRandom& random) {
    constexpr int kMaxAttempts = 1000;
    std::vector<LeverageTier> tiers;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        // A uniform random subset of `count` leverages, kept in ascending order: each pick is
        // the k-th of the leverages not yet picked.
        std::array<bool, kLeverageChoices.size()> picked{};
        const std::size_t count = 5 + static_cast<std::size_t>(random.below(4));
        for (std::size_t i = 0; i < count; ++i) {
            auto skip = random.below(kLeverageChoices.size() - i);
            for (bool& isPicked : picked) {
                if (!isPicked && skip-- == 0) {
                    isPicked = true;
                    break;
                }
            }
        }
        const double appetite = random.uniform(-1.2, 0.6);
        tiers.clear();
        double sum = 0;
        for (std::size_t j = 0; j < picked.size(); ++j) {
            if (picked[j]) {
                const double weight = random.gamma(1.5) * std::pow(kLeverageChoices[j], appetite);
                tiers.push_back({kLeverageChoices[j], weight});
                sum += weight;
            }
        }
        for (LeverageTier& tier : tiers) {
            tier.weight /= sum;
        }
        const double mean = meanLeverage(tiers);
        if (mean >= kMinMeanLeverage && mean <= kMaxMeanLeverage) {
            break;
        }
    }
    return LeverageMix(tiers);
}

std::array<double, 4> drawTraderShares(SimRandom& random) {
    std::array<double, 4> shares{};
    double sum = 0;
    for (double& share : shares) {
        share = random.gamma(kShareConcentration);
        sum += share;
    }
    for (double& share : shares) {
        share /= sum;
    }
    return shares;
}

std::string indexedField(const char* name, std::size_t index) {
    std::string field = name;
    field += '[';
    appendInteger(field, static_cast<std::int64_t>(index));
    field += ']';
    return field;
}

void requirePositiveFinite(double value, const std::string& field, double maximum) {
    if (!std::isfinite(value) || value <= 0) {
        std::string problem = "must be a positive finite number, got ";
        problem += formatNumber(value);
        throw ConfigError(field, problem);
    }
    if (value > maximum) {
        std::string problem = "must be at most ";
        problem += formatNumber(maximum);
        problem += ", got ";
        problem += formatNumber(value);
        throw ConfigError(field, problem);
    }
}

}  // namespace

SimulatorConfig SimulatorConfig::forSeed(std::uint64_t seed, MarketRegime regime) {
    SimRandom random(seed, SimStream::Config);
    SimulatorConfig config;
    config.seed = seed;
    config.regime = regime;
    config.trueLeverageMix = drawLeverageMix(random);
    config.traderShares = drawTraderShares(random);
    double meanHoldMinutes = 0;
    for (std::size_t kind = 0; kind < config.meanHoldMinutes.size(); ++kind) {
        config.meanHoldMinutes[kind] =
            random.uniform(kHoldMinutesLow[kind], kHoldMinutesHigh[kind]);
        meanHoldMinutes += config.traderShares[kind] * config.meanHoldMinutes[kind];
    }
    // Little's law: open positions ≈ arrival rate × mean holding time.
    const double targetPositions = random.uniform(kTargetPositionsLow, kTargetPositionsHigh);
    config.arrivalsPerSecond = targetPositions / (meanHoldMinutes * 60);
    // Each side holds about half the positions: mean notional = 2 · OI · price / positions, and
    // the median of the log-normal sizes is the mean / e^(σ² / 2).
    const double targetOpenInterest =
        random.uniform(kTargetOpenInterestLow, kTargetOpenInterestHigh);
    const double meanNotional = 2 * targetOpenInterest * config.startPrice / targetPositions;
    config.medianNotional =
        meanNotional / std::exp(kSimNotionalLogSigma * kSimNotionalLogSigma / 2);
    config.calmDailyVolatility = random.uniform(kCalmVolatilityLow, kCalmVolatilityHigh);
    return config;
}

void SimulatorConfig::validate() const {
    if (!std::isfinite(startPrice) || startPrice <= 0) {
        std::string problem = "must be a positive finite number, got ";
        problem += formatNumber(startPrice);
        throw ConfigError("startPrice", problem);
    }
    if (regimeDelayMs < 0) {
        std::string problem = "must not be negative, got ";
        appendInteger(problem, regimeDelayMs);
        throw ConfigError("regimeDelayMs", problem);
    }
    if (openInterestPeriodMs <= 0 || openInterestPeriodMs % 1000 != 0) {
        std::string problem = "must be a positive multiple of 1000 ms, got ";
        appendInteger(problem, openInterestPeriodMs);
        throw ConfigError("openInterestPeriodMs", problem);
    }
    const double maxLeverage = simulatedInstrument().maxLeverage();
    for (const LeverageTier& tier : trueLeverageMix.tiers()) {
        if (tier.leverage > maxLeverage) {
            std::string problem = formatNumber(tier.leverage);
            problem += "x is above the instrument's maximum leverage ";
            problem += formatNumber(maxLeverage);
            throw ConfigError("trueLeverageMix", problem);
        }
    }
    double shareSum = 0;
    for (std::size_t kind = 0; kind < traderShares.size(); ++kind) {
        const double share = traderShares[kind];
        if (!std::isfinite(share) || share < 0) {
            std::string problem = "must be a finite number not below 0, got ";
            problem += formatNumber(share);
            throw ConfigError(indexedField("traderShares", kind), problem);
        }
        shareSum += share;
        requirePositiveFinite(meanHoldMinutes[kind], indexedField("meanHoldMinutes", kind),
                              kMaxHoldMinutes);
    }
    if (std::abs(shareSum - 1) > kShareSumTolerance) {
        std::string problem = "must sum to 1 (within 1e-9), got ";
        problem += formatNumber(shareSum);
        throw ConfigError("traderShares", problem);
    }
    requirePositiveFinite(arrivalsPerSecond, "arrivalsPerSecond", kMaxArrivalsPerSecond);
    requirePositiveFinite(medianNotional, "medianNotional", kMaxMedianNotional);
    requirePositiveFinite(calmDailyVolatility, "calmDailyVolatility", kMaxDailyVolatility);
}

}  // namespace liqmap::core
