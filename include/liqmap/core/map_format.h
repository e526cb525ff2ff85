#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/combined_map.h"
#include "liqmap/core/liquidation_map.h"

namespace liqmap::core {

/// What a printed map is about, for the headers of the text formats.
struct MapCaption {
    std::string_view exchange;
    std::string_view symbol;
};

/// CSV: header "price_low,price_high,long_notional,short_notional" then long_<L>x,short_<L>x per
/// tier; one row per bin; numbers in shortest round-trip form.
std::string formatMapCsv(const LiquidationMap& map);

/// JSON object with the caption, current price, range, tiers, totals and one object per bin.
std::string formatMapJson(const LiquidationMap& map, const MapCaption& caption);

/// formatMapJson of the total, with a "sources" array added: per venue its exchange, symbol,
/// totals, and the long and short notional of every bin (the per-exchange split of a cluster).
std::string formatCombinedMapJson(const CombinedMap& map, const MapCaption& caption);

/// A table for people: one row per bin with bars, the current price marked, notional in K/M/B.
std::string formatMapTable(const LiquidationMap& map, const MapCaption& caption);

}  // namespace liqmap::core
