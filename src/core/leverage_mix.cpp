#include "liqmap/core/leverage_mix.h"

#include <algorithm>  // std::sort
#include <cmath>      // std::isfinite, std::abs
#include <utility>    // std::move

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

std::string indexedField(const char* name, std::size_t index) {
    std::string field = name;
    field += '[';
    appendInteger(field, static_cast<std::int64_t>(index));
    field += ']';
    return field;
}

constexpr double kWeightSumTolerance = 1e-9;

std::string_view trimSpaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

LeverageMix::LeverageMix(std::vector<LeverageTier> tiers) : m_tiers(std::move(tiers)) {
    if (m_tiers.empty()) {
        throw ConfigError("leverage", "at least one tier is needed");
    }
    if (m_tiers.size() > kMaxTiers) {
        throw ConfigError("leverage", "at most " + std::to_string(kMaxTiers) + " tiers, got " +
                                          std::to_string(m_tiers.size()));
    }
    // Field indices refer to the order the user gave, so check before sorting.
    for (std::size_t i = 0; i < m_tiers.size(); ++i) {
        const LeverageTier& tier = m_tiers[i];
        if (!std::isfinite(tier.leverage)) {
            throw ConfigError(indexedField("leverage.tiers", i), "not a finite number");
        }
        if (tier.leverage <= 1) {
            throw ConfigError(indexedField("leverage.tiers", i),
                              "leverage must be above 1, got " + formatNumber(tier.leverage));
        }
        if (!std::isfinite(tier.weight)) {
            throw ConfigError(indexedField("leverage.weights", i), "not a finite number");
        }
        if (tier.weight < 0) {
            throw ConfigError(indexedField("leverage.weights", i),
                              "must not be negative, got " + formatNumber(tier.weight));
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (m_tiers[j].leverage == tier.leverage) {
                throw ConfigError(indexedField("leverage.tiers", i),
                                  formatNumber(tier.leverage) + "x appears twice");
            }
        }
    }
    std::sort(m_tiers.begin(), m_tiers.end(),
              [](const LeverageTier& a, const LeverageTier& b) { return a.leverage < b.leverage; });
    // Summed in leverage order, not the order given: floating-point addition depends on the
    // order, and a sum within a few ulps of the tolerance could otherwise pass as given but fail
    // after toString() (which writes the sorted tiers), so a saved mix would not load again
    // (fuzz finding, tests/data/fuzz-regressions/fuzz_leverage_mix).
    double weightSum = 0;
    for (const LeverageTier& tier : m_tiers) {
        weightSum += tier.weight;
    }
    if (std::abs(weightSum - 1) > kWeightSumTolerance) {
        throw ConfigError("leverage.weights",
                          "must sum to 1 (within 1e-9), got " + formatNumber(weightSum));
    }
}

LeverageMix LeverageMix::parse(std::string_view spec) {
    std::vector<LeverageTier> tiers;
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t comma = std::min(spec.find(',', start), spec.size());
        const std::string_view item = trimSpaces(spec.substr(start, comma - start));
        const std::size_t colon = item.find(':');
        if (colon == std::string_view::npos) {
            throw ConfigError("leverage",
                              "expected leverage:weight pairs like 10:0.5,25:0.5, got '" +
                                  std::string(item) + "'");
        }
        std::string_view leverageText = trimSpaces(item.substr(0, colon));
        if (!leverageText.empty() && (leverageText.back() == 'x' || leverageText.back() == 'X')) {
            leverageText.remove_suffix(1);
        }
        const auto leverage = parseDecimal(leverageText);
        const auto weight = parseDecimal(trimSpaces(item.substr(colon + 1)));
        if (!leverage || !weight) {
            throw ConfigError("leverage", "expected numbers in '" + std::string(item) + "'");
        }
        tiers.push_back({*leverage, *weight});
        if (tiers.size() > kMaxTiers) {
            break;  // the constructor reports the count; no need to read a huge spec
        }
        start = comma + 1;
    }
    return LeverageMix(std::move(tiers));
}

LeverageMix LeverageMix::defaultMix() {
    return LeverageMix({{5, 0.10}, {10, 0.25}, {25, 0.30}, {50, 0.20}, {100, 0.15}});
}

LeverageMix LeverageMix::cappedAt(double maxLeverage) const {
    std::vector<LeverageTier> capped;
    double excessWeight = 0;
    for (const LeverageTier& tier : m_tiers) {
        if (tier.leverage < maxLeverage) {
            capped.push_back(tier);
        } else {
            excessWeight += tier.weight;
        }
    }
    if (excessWeight > 0) {
        capped.push_back({maxLeverage, excessWeight});
    }
    return LeverageMix(std::move(capped));
}

std::string LeverageMix::toString() const {
    std::string text;
    for (const LeverageTier& tier : m_tiers) {
        if (!text.empty()) {
            text += ',';
        }
        appendNumber(text, tier.leverage);
        text += ':';
        appendNumber(text, tier.weight);
    }
    return text;
}

}  // namespace liqmap::core
