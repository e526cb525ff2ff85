#include "liqmap/core/combined_map.h"

#include <utility>  // std::move

namespace liqmap::core {

LiquidationMap CombinedMap::sumOf(const std::vector<Source>& sources) {
    std::vector<LiquidationMap> maps;
    maps.reserve(sources.size());
    for (const Source& source : sources) {
        maps.push_back(source.map);
    }
    return LiquidationMap::sum(maps);
}

CombinedMap::CombinedMap(std::vector<Source> sources)
    : m_sources(std::move(sources)), m_total(sumOf(m_sources)) {}

}  // namespace liqmap::core
