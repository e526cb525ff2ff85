#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "liqmap/core/estimator.h"
#include "liqmap/core/event_codec.h"  // EventRecord

// Data sets shared by the benchmarks, generated once per process (outside every timed loop).
namespace liqmap::bench {

/// 30 days of one-minute candles and five-minute open interest (43 200 + 8 640 events), seed 42:
/// the "30-day build" of docs/performance.md.
const std::vector<core::EventRecord>& thirtyDayRecords();
const std::vector<core::MarketEvent>& thirtyDayEvents();

/// A realistic live mix: 7 days of candles, open interest, marks every 3 s and liquidation
/// bursts (seed 7).
const std::vector<core::MarketEvent>& mixedEvents();

/// One day of the same mix as JSON lines (seed 7), for the parser comparison.
const std::vector<std::string>& mixedLines();
/// thirtyDayRecords() as JSON lines.
const std::vector<std::string>& thirtyDayLines();

/// What `liqmap-cli map` builds for a Binance BTCUSDT file: default configuration, the default
/// leverage mix capped at the instrument's maximum.
core::Estimator makeBinanceEstimator();

/// The lines joined with '\n' (a file's content).
std::string joinLines(const std::vector<std::string>& lines);

}  // namespace liqmap::bench
