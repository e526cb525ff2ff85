#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/market_event.h"  // core::TimestampMs
#include "liqmap/exchange/live_feed.h"
#include "terminal.h"

namespace liqmap::cli {

/// The heading of a text map: "demo BTCUSDT · estimated liquidation map · market time
/// 2026-01-03 14:22:05 UTC" (without the time when `marketTimeMs` is 0), shortened to
/// "demo BTCUSDT · 2026-01-03 14:22:05 UTC" or "demo BTCUSDT" to fit `width` columns.
std::string textMapTitle(std::string_view exchange, std::string_view symbol,
                         core::TimestampMs marketTimeMs, int width);

/// One feed's status under the live chart: "demo BTCUSDT: live · 1 234 messages · last
/// 0.2 s ago · 0 skipped", and a connection that is not live with its state and last error.
/// Narrower than that: "demo: live · 1 234 msgs · 0.2 s ago · 0 skipped", cut to `width`
/// columns. `nowMs` is the wall clock (connection times are).
std::string feedStatusLine(std::string_view label, const exchange::FeedStatus& status,
                           core::TimestampMs nowMs, int width);

/// Rows of bars for a chart that shares the terminal with `otherLines` lines of text: 16, or
/// fewer when the terminal is lower (at least 4), so a redrawn frame does not scroll.
int chartHeightFor(const Terminal& terminal, int otherLines);

/// The wall clock in milliseconds since the epoch.
core::TimestampMs wallClockMs();

}  // namespace liqmap::cli
