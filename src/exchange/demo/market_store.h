#pragma once

#include <cstddef>   // std::size_t
#include <deque>     // std::deque
#include <optional>  // std::optional
#include <vector>    // std::vector

#include "demo/binance_wire.h"  // KlineRow
#include "liqmap/core/market_event.h"

namespace liqmap::exchange::demo {

/// What the demo exchange's REST endpoints serve: the closed 1-minute candles and the current
/// one, the open-interest snapshots, the latest mark and the current open interest. Older rows
/// than `retentionMs` before the newest are dropped, so memory is bounded by the retention
/// (30 days = 43 200 candles and 8 640 snapshots), not by how long the market has run. Queries
/// follow Binance's documented semantics (PROTOCOLS.md §1.4). Not thread-safe.
class MarketStore {
public:
    explicit MarketStore(core::TimestampMs retentionMs);

    /// An unclosed candle replaces the current one; a closed one is appended (or replaces a
    /// closed row with the same open time) and ends the current one.
    void addCandle(const KlineRow& row);
    void addOpenInterest(const core::OpenInterest& row);
    void setMark(const core::MarkPrice& mark);
    /// The market's time (the end of its last tick) and open interest then.
    void setNow(core::TimestampMs now, double openInterest);

    /// Candles in time order, the current unclosed one included: with `startMs`, the first
    /// `limit` whose open time is ≥ startMs and ≤ endMs; without, the latest `limit` whose open
    /// time is ≤ endMs (no endMs: no upper bound).
    std::vector<KlineRow> klines(std::optional<core::TimestampMs> startMs,
                                 std::optional<core::TimestampMs> endMs, std::size_t limit) const;
    /// The latest `limit` snapshots with a time in [startMs, endMs] (open ends where absent), in
    /// ascending time.
    std::vector<core::OpenInterest> openInterestHistory(std::optional<core::TimestampMs> startMs,
                                                        std::optional<core::TimestampMs> endMs,
                                                        std::size_t limit) const;

    const std::optional<core::MarkPrice>& mark() const { return m_mark; }
    core::TimestampMs now() const { return m_now; }
    double openInterest() const { return m_openInterest; }
    std::size_t closedCandles() const { return m_closed.size(); }
    std::size_t openInterestRows() const { return m_openInterestRows.size(); }

private:
    std::size_t candleCount() const;
    const KlineRow& candleAt(std::size_t index) const;

    core::TimestampMs m_retentionMs;
    std::deque<KlineRow> m_closed;
    std::optional<KlineRow> m_current;
    std::deque<core::OpenInterest> m_openInterestRows;
    std::optional<core::MarkPrice> m_mark;
    core::TimestampMs m_now = 0;
    double m_openInterest = 0;
};

}  // namespace liqmap::exchange::demo
