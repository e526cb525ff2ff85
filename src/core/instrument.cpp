#include "liqmap/core/instrument.h"

#include <cmath>    // std::isfinite, std::isinf
#include <limits>   // std::numeric_limits
#include <utility>  // std::move

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

std::string tierField(std::size_t index, const char* name) {
    std::string field = "instrument.tiers[";
    appendInteger(field, static_cast<std::int64_t>(index));
    field += "].";
    field += name;
    return field;
}

void requirePositiveFinite(double value, const std::string& field) {
    if (!std::isfinite(value)) {
        throw ConfigError(field, "not a finite number");
    }
    if (value <= 0) {
        throw ConfigError(field, "must be positive, got " + formatNumber(value));
    }
}

void validateTiers(const std::vector<MaintenanceTier>& tiers) {
    if (tiers.empty()) {
        throw ConfigError("instrument.tiers", "at least one maintenance tier is needed");
    }
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const MaintenanceTier& tier = tiers[i];
        const bool last = i + 1 == tiers.size();
        // Only the last tier may be open-ended (+infinity).
        if (std::isnan(tier.notionalCap) || (std::isinf(tier.notionalCap) && !last) ||
            tier.notionalCap <= 0) {
            throw ConfigError(tierField(i, "notionalCap"),
                              "must be positive and finite (only the last may be infinite), got " +
                                  formatNumber(tier.notionalCap));
        }
        if (i > 0 && tier.notionalCap <= tiers[i - 1].notionalCap) {
            throw ConfigError(tierField(i, "notionalCap"), "caps must strictly increase");
        }
        if (!std::isfinite(tier.mmr) || tier.mmr < 0 || tier.mmr >= 1) {
            throw ConfigError(tierField(i, "mmr"),
                              "must be in [0, 1), got " + formatNumber(tier.mmr));
        }
        if (!std::isfinite(tier.maintenanceAmount) || tier.maintenanceAmount < 0) {
            throw ConfigError(
                tierField(i, "maintenanceAmount"),
                "must be finite and not negative, got " + formatNumber(tier.maintenanceAmount));
        }
        if (!std::isfinite(tier.maxLeverage) || tier.maxLeverage <= 1) {
            throw ConfigError(tierField(i, "maxLeverage"),
                              "must be finite and above 1, got " + formatNumber(tier.maxLeverage));
        }
    }
}

}  // namespace

Instrument::Instrument(std::string exchange, std::string symbol, MarginFormula formula,
                       double contractValue, double tickSize, std::vector<MaintenanceTier> tiers,
                       double closeFeeRate)
    : m_exchange(std::move(exchange)),
      m_symbol(std::move(symbol)),
      m_formula(formula),
      m_contractValue(contractValue),
      m_tickSize(tickSize),
      m_tiers(std::move(tiers)),
      m_closeFeeRate(closeFeeRate) {
    if (m_exchange.empty()) {
        throw ConfigError("instrument.exchange", "must not be empty");
    }
    if (m_symbol.empty()) {
        throw ConfigError("instrument.symbol", "must not be empty");
    }
    requirePositiveFinite(m_contractValue, "instrument.contractValue");
    requirePositiveFinite(m_tickSize, "instrument.tickSize");
    if (!std::isfinite(m_closeFeeRate) || m_closeFeeRate < 0 || m_closeFeeRate >= 0.1) {
        throw ConfigError("instrument.closeFeeRate",
                          "must be in [0, 0.1), got " + formatNumber(m_closeFeeRate));
    }
    validateTiers(m_tiers);
}

const MaintenanceTier& Instrument::tierFor(double notional) const {
    for (const MaintenanceTier& tier : m_tiers) {
        if (notional <= tier.notionalCap) {
            return tier;
        }
    }
    return m_tiers.back();
}

Instrument Instrument::withFlatMaintenance(double mmr) const {
    if (!std::isfinite(mmr) || mmr < 0 || mmr >= 1) {
        throw ConfigError("mmr", "must be in [0, 1), got " + formatNumber(mmr));
    }
    const MaintenanceTier flat{std::numeric_limits<double>::infinity(), mmr, 0, maxLeverage()};
    return Instrument(m_exchange, m_symbol, m_formula, m_contractValue, m_tickSize, {flat},
                      m_closeFeeRate);
}

}  // namespace liqmap::core
