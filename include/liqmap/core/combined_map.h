#pragma once

#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <vector>   // std::vector

#include "liqmap/core/liquidation_map.h"

namespace liqmap::core {

/// One asset's maps from several venues (the aggregate "all" source), cut around one price with
/// one set of options, and their bin-by-bin sum. Each venue's own map is kept, so a cluster can
/// say how much of it comes from which exchange.
class CombinedMap {
public:
    struct Source {
        std::string exchange;
        std::string symbol;
        LiquidationMap map;
    };

    /// Throws ConfigError("maps", …) for no sources or maps cut differently
    /// (LiquidationMap::sum).
    explicit CombinedMap(std::vector<Source> sources);

    const LiquidationMap& total() const { return m_total; }
    const std::vector<Source>& sources() const { return m_sources; }

private:
    static LiquidationMap sumOf(const std::vector<Source>& sources);

    std::vector<Source> m_sources;
    LiquidationMap m_total;
};

}  // namespace liqmap::core
