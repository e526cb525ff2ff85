#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "liqmap/core/liquidation_price.h"  // MarginFormula

namespace liqmap::core {

/// One maintenance-margin bracket: applies to positions with notional up to `notionalCap`.
struct MaintenanceTier {
    double notionalCap = 0;        ///< quote currency; +infinity for the last, open-ended tier
    double mmr = 0;                ///< maintenance-margin rate, 0.004 = 0.4 %
    double maintenanceAmount = 0;  ///< Binance "cum" / Bybit "mmDeduction"
    double maxLeverage = 0;        ///< highest leverage allowed inside this tier
};

/// A perpetual contract and the margin rules its liquidations follow.
class Instrument {
public:
    /// Throws ConfigError naming the field for an empty name, non-finite numbers, contract value
    /// or tick size ≤ 0, max leverage ≤ 1, no tiers, caps not strictly increasing, mmr outside
    /// [0, 1), a negative maintenance amount or a tier max leverage ≤ 1.
    Instrument(std::string exchange, std::string symbol, MarginFormula formula,
               double contractValue, double tickSize, std::vector<MaintenanceTier> tiers,
               double closeFeeRate = 0);

    const std::string& exchange() const { return m_exchange; }
    const std::string& symbol() const { return m_symbol; }
    MarginFormula formula() const { return m_formula; }
    double contractValue() const { return m_contractValue; }
    double tickSize() const { return m_tickSize; }
    /// The highest leverage any position may use (the first tier's).
    double maxLeverage() const { return m_tiers.front().maxLeverage; }
    double closeFeeRate() const { return m_closeFeeRate; }
    const std::vector<MaintenanceTier>& tiers() const { return m_tiers; }

    /// The tier a position of `notional` falls in; the last tier beyond every cap.
    const MaintenanceTier& tierFor(double notional) const;

    /// The same contract with one flat maintenance rate and no maintenance amount, as a user
    /// override (`--mmr`). Throws ConfigError("mmr", …) when `mmr` is outside [0, 1).
    Instrument withFlatMaintenance(double mmr) const;

private:
    std::string m_exchange;
    std::string m_symbol;
    MarginFormula m_formula;
    double m_contractValue;
    double m_tickSize;
    std::vector<MaintenanceTier> m_tiers;
    double m_closeFeeRate;
};

}  // namespace liqmap::core
