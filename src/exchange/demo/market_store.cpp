#include "demo/market_store.h"

#include <algorithm>  // std::min, std::lower_bound, std::upper_bound
#include <cstddef>    // std::ptrdiff_t

namespace liqmap::exchange::demo {

MarketStore::MarketStore(core::TimestampMs retentionMs) : m_retentionMs(retentionMs) {}

void MarketStore::addCandle(const KlineRow& row) {
    if (!row.candle.closed) {
        m_current = row;
        return;
    }
    m_current.reset();
    if (!m_closed.empty() && m_closed.back().candle.ts == row.candle.ts) {
        m_closed.back() = row;
    } else {
        m_closed.push_back(row);
    }
    while (m_closed.front().candle.ts < row.candle.ts - m_retentionMs) {
        m_closed.pop_front();
    }
}

void MarketStore::addOpenInterest(const core::OpenInterest& row) {
    if (!m_openInterestRows.empty() && m_openInterestRows.back().ts == row.ts) {
        m_openInterestRows.back() = row;
    } else {
        m_openInterestRows.push_back(row);
    }
    while (m_openInterestRows.front().ts < row.ts - m_retentionMs) {
        m_openInterestRows.pop_front();
    }
}

void MarketStore::setMark(const core::MarkPrice& mark) { m_mark = mark; }

void MarketStore::setNow(core::TimestampMs now, double openInterest) {
    m_now = now;
    m_openInterest = openInterest;
}

std::size_t MarketStore::candleCount() const { return m_closed.size() + (m_current ? 1 : 0); }

const KlineRow& MarketStore::candleAt(std::size_t index) const {
    return index < m_closed.size() ? m_closed[index] : *m_current;
}

std::vector<KlineRow> MarketStore::klines(std::optional<core::TimestampMs> startMs,
                                          std::optional<core::TimestampMs> endMs,
                                          std::size_t limit) const {
    // Candles are in open-time order, closed ones first, so both ends are binary searches.
    auto countWhere = [this](auto before) {
        std::size_t low = 0;
        std::size_t high = candleCount();
        while (low < high) {
            const std::size_t middle = low + (high - low) / 2;
            if (before(candleAt(middle).candle.ts)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    };
    // One past the last candle that opened at or before endMs.
    const std::size_t end =
        endMs ? countWhere([&](core::TimestampMs ts) { return ts <= *endMs; }) : candleCount();
    std::size_t begin = 0;
    std::size_t stop = end;
    if (startMs) {
        begin = std::min(countWhere([&](core::TimestampMs ts) { return ts < *startMs; }), end);
        stop = begin + std::min(limit, end - begin);
    } else {
        begin = end - std::min(limit, end);
    }
    std::vector<KlineRow> rows;
    rows.reserve(stop - begin);
    for (std::size_t i = begin; i < stop; ++i) {
        rows.push_back(candleAt(i));
    }
    return rows;
}

std::vector<core::OpenInterest> MarketStore::openInterestHistory(
    std::optional<core::TimestampMs> startMs, std::optional<core::TimestampMs> endMs,
    std::size_t limit) const {
    const auto& rows = m_openInterestRows;
    auto byTime = [](const core::OpenInterest& row, core::TimestampMs ts) { return row.ts < ts; };
    const auto first =
        startMs ? std::lower_bound(rows.begin(), rows.end(), *startMs, byTime) : rows.begin();
    auto last = endMs ? std::upper_bound(rows.begin(), rows.end(), *endMs,
                                         [](core::TimestampMs ts, const core::OpenInterest& row) {
                                             return ts < row.ts;
                                         })
                      : rows.end();
    if (last < first) {
        return {};
    }
    // The latest `limit` of the window.
    const auto begin =
        last - std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(limit), last - first);
    return {begin, last};
}

}  // namespace liqmap::exchange::demo
