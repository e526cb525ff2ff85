#pragma once

#include <functional>   // std::less
#include <map>          // std::map
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/exchange/adapter.h"
#include "ticker_state.h"

namespace liqmap::exchange::detail {
class JsonScan;
}  // namespace liqmap::exchange::detail

namespace liqmap::exchange::bybit {

/// parseFrame's fast path for publicTrade frames: appends the frame's Trades and returns its
/// outcome, both exactly as the DOM path gives them, or returns nullopt (appending nothing) for
/// any other frame and for any frame it cannot read exactly or with a record the DOM path would
/// skip (scan_fields.h): the DOM path then decides.
std::optional<FrameOutcome> parsePublicTradeFast(detail::JsonScan& scan, std::string_view frame,
                                                 std::vector<core::EventRecord>& out);

/// Bybit v5 linear contracts (USDT/USDC perpetuals and futures, PROTOCOLS.md §2): one public
/// WebSocket with allLiquidation, tickers, publicTrade and kline.1, and the public REST market
/// endpoints for instruments, risk-limit tiers, open-interest and kline history. Sizes are base
/// coins (contract value 1); a liquidation's side is the liquidated position's and its price the
/// bankruptcy price. Keeps a per-symbol ticker cache because tickers deltas omit unchanged fields.
class BybitAdapter final : public Adapter {
public:
    /// `fastTrades` false sends publicTrade frames through the DOM path too
    /// (parsePublicTradeFast skipped): only for tests that check both paths give the same results.
    explicit BybitAdapter(bool fastTrades = true);
    ~BybitAdapter() override;

    Venue venue() const override { return Venue::Bybit; }
    std::vector<StreamSpec> streams(const Endpoints& endpoints,
                                    std::string_view symbol) const override;
    std::vector<RestRequest> instrumentRequests(std::string_view symbol) const override;
    std::vector<RestRequest> historyRequests(std::string_view symbol, core::TimestampMs startMs,
                                             core::TimestampMs endMs) const override;
    FrameOutcome parseFrame(std::string_view frame, core::TimestampMs receiveMs,
                            std::vector<core::EventRecord>& out) override;
    RestOutcome parseRest(const RestRequest& request, std::string_view body,
                          core::TimestampMs receiveMs,
                          std::vector<core::EventRecord>& out) override;

private:
    bool m_fastTrades;
    /// The fast path's tokenizer, reused frame after frame (allocated once).
    std::unique_ptr<detail::JsonScan> m_scan;
    /// Merged tickers fields per symbol (the topic's symbol).
    std::map<std::string, TickerState, std::less<>> m_tickers;
};

}  // namespace liqmap::exchange::bybit
