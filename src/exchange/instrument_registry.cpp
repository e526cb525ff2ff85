#include "liqmap/exchange/instrument_registry.h"

#include <algorithm>  // std::min
#include <utility>    // std::move

#include "liqmap/core/default_instruments.h"

namespace liqmap::exchange {

void InstrumentRegistry::upsert(InstrumentInfo info) {
    const auto found = m_instruments.find(info.symbol);
    if (found != m_instruments.end() && info.tiers.empty()) {
        info.tiers = std::move(found->second.tiers);
    }
    std::string symbol = info.symbol;
    m_instruments.insert_or_assign(std::move(symbol), std::move(info));
}

bool InstrumentRegistry::setTiers(std::string_view symbol,
                                  std::vector<core::MaintenanceTier> tiers) {
    const auto found = m_instruments.find(symbol);
    if (found == m_instruments.end()) {
        return false;
    }
    found->second.tiers = std::move(tiers);
    return true;
}

const InstrumentInfo* InstrumentRegistry::find(std::string_view symbol) const {
    const auto found = m_instruments.find(symbol);
    return found == m_instruments.end() ? nullptr : &found->second;
}

std::vector<std::string> InstrumentRegistry::symbols() const {
    std::vector<std::string> names;
    names.reserve(m_instruments.size());
    for (const auto& [symbol, info] : m_instruments) {
        names.push_back(symbol);
    }
    return names;
}

core::Instrument InstrumentRegistry::instrument(Venue venue, std::string_view symbol) const {
    const core::Instrument builtIn = core::defaultInstrument(toString(venue), symbol);
    const InstrumentInfo* info = find(symbol);
    if (info == nullptr) {
        return builtIn;
    }
    std::vector<core::MaintenanceTier> tiers = info->tiers;
    if (tiers.empty()) {
        // No public tier list (Binance): the built-in tiers, but never above the contract's own
        // leverage cap, or the estimator would open cohorts the venue does not allow.
        tiers = builtIn.tiers();
        if (info->maxLeverage > 1) {
            for (core::MaintenanceTier& tier : tiers) {
                tier.maxLeverage = std::min(tier.maxLeverage, info->maxLeverage);
            }
        }
    }
    const double tickSize = info->tickSize > 0 ? info->tickSize : builtIn.tickSize();
    return core::Instrument(std::string(toString(venue)), info->symbol, builtIn.formula(),
                            info->contractValue, tickSize, std::move(tiers),
                            builtIn.closeFeeRate());
}

}  // namespace liqmap::exchange
