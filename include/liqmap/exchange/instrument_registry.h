#pragma once

#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/instrument.h"
#include "liqmap/exchange/venue.h"

namespace liqmap::exchange {

/// What a venue's instruments endpoint (and its tier endpoint) says about one contract.
struct InstrumentInfo {
    std::string symbol;      ///< the venue's own name: BTCUSDT, BTC-USDT-SWAP, BTC
    std::string baseAsset;   ///< "BTC"; the aggregate source matches venues by it
    std::string quoteAsset;  ///< "USDT", "USDC"
    double contractValue = 1;  ///< base units per contract (OKX ctVal × ctMult; 1 elsewhere)
    double tickSize = 0;
    double maxLeverage = 0;
    /// Maintenance tiers from the venue's tier endpoint; empty until it answered (Binance's
    /// needs an API key, so Binance always uses the built-in tiers).
    std::vector<core::MaintenanceTier> tiers;
};

/// The contracts of one venue, filled from its REST instrument and tier endpoints and handed to
/// the estimator as a core::Instrument.
class InstrumentRegistry {
public:
    /// Adds or replaces `info.symbol`. Tiers already known are kept when `info` has none, so
    /// the instrument list and the tier list may arrive in either order.
    void upsert(InstrumentInfo info);
    /// Sets the tiers of a known symbol; returns false (and changes nothing) for an unknown one.
    bool setTiers(std::string_view symbol, std::vector<core::MaintenanceTier> tiers);

    const InstrumentInfo* find(std::string_view symbol) const;
    std::size_t size() const { return m_instruments.size(); }
    /// Every symbol, sorted.
    std::vector<std::string> symbols() const;

    /// The estimator's view of `symbol`: the venue's margin formula, contract value and tick
    /// size from the registry, its own tiers when known, otherwise the built-in tiers
    /// (core::defaultInstrument) capped at the registry's max leverage. A symbol the registry
    /// does not know gets the built-in instrument. Throws core::ConfigError when the
    /// registry's numbers do not make a valid instrument.
    core::Instrument instrument(Venue venue, std::string_view symbol) const;

private:
    std::map<std::string, InstrumentInfo, std::less<>> m_instruments;
};

}  // namespace liqmap::exchange
