#pragma once

// What each venue's REST API answers for a short history, written from the venues' documented
// formats (PROTOCOLS.md) — not captures. Shared by the feed tests and the CLI tests, which run
// liqmap against the loopback exchange.

#include <cstdint>  // std::int64_t
#include <string>   // std::string

#include "support/loopback_exchange.h"

namespace liqmap::test {

/// REST answers of Binance, Bybit, OKX and Hyperliquid for a 10-minute window ending at `nowMs`
/// (a whole minute): open interest at start + 5 min and at now (each venue's own units and
/// order), ten 1-minute candles from start, closing at 80 050, BTC instrument lists and tiers.
class VenueRestScripts {
public:
    explicit VenueRestScripts(std::int64_t nowMs) : m_now(nowMs), m_start(nowMs - 10 * kMinuteMs) {}

    std::int64_t now() const { return m_now; }
    std::int64_t start() const { return m_start; }

    HttpReply binance(const HttpRequestInfo& request) const;
    /// Open interest comes in two pages, the first naming the cursor "page=2&x".
    HttpReply bybit(const HttpRequestInfo& request) const;
    HttpReply okx(const HttpRequestInfo& request) const;
    HttpReply hyperliquid(const HttpRequestInfo& request) const;
    /// The venue whose paths `request` uses (they do not overlap), so one loopback server can
    /// stand in for all four.
    HttpReply any(const HttpRequestInfo& request) const;

private:
    static constexpr std::int64_t kMinuteMs = 60'000;

    std::string bybitEnvelope(const std::string& result) const;

    std::int64_t m_now;
    std::int64_t m_start;
};

}  // namespace liqmap::test
