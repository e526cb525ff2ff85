#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/market_event.h"
#include "liqmap/core/skip_counts.h"

namespace liqmap::core {

/// A normalized event with the venue and the venue's own symbol it belongs to.
struct EventRecord {
    std::string exchange;
    std::string symbol;
    MarketEvent event;
};

/// Why a line was not an event: the reason and the field it concerns ("" for the whole line).
struct EventParseStatus {
    bool ok = true;
    SkipReason reason = SkipReason::MalformedJson;
    std::string_view field;
};

/// Reads one line of the normalized event format (ARCHITECTURE.md "Command-line contract"),
/// e.g. {"type":"trade","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,...}.
/// Strict JSON for one flat object; unknown keys are ignored (the format may grow); values are
/// checked for type, finiteness, sign and plausible scale. Never throws. `out` is reused across
/// calls so parsing a file allocates almost nothing.
EventParseStatus parseEventLine(std::string_view line, EventRecord& out);

/// Appends `record` as one JSON line (without the newline) in the same format.
void appendEventLine(const EventRecord& record, std::string& out);

/// Checks an event's numbers the way parseEventLine does (for events built in code, e.g. by the
/// exchange adapters): finite, positive prices and sizes within plausible bounds, a consistent
/// candle. Returns the failing field, or ok.
EventParseStatus validateEvent(const MarketEvent& event);
/// The same checks for one event type, for callers that dispatch on the type themselves.
EventParseStatus validateEvent(const Trade& trade);
EventParseStatus validateEvent(const MarkPrice& mark);
EventParseStatus validateEvent(const OpenInterest& oi);
EventParseStatus validateEvent(const Candle& candle);
EventParseStatus validateEvent(const Liquidation& liquidation);

}  // namespace liqmap::core
