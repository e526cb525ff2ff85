#pragma once

#include <map>          // std::map
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "liqmap/core/market_event.h"  // core::Candle
#include "liqmap/exchange/adapter.h"

namespace liqmap::exchange::detail {
class JsonScan;
}  // namespace liqmap::exchange::detail

namespace liqmap::exchange::hyperliquid {

/// parseFrame's fast path for trades frames: appends the frame's Trades and returns its outcome,
/// both exactly as the DOM path gives them, or returns nullopt (appending nothing) for any other
/// frame and for any frame it cannot read exactly or with a record the DOM path would skip
/// (scan_fields.h): the DOM path then decides.
std::optional<FrameOutcome> parseTradesFast(detail::JsonScan& scan, std::string_view frame,
                                            std::vector<core::EventRecord>& out);

/// Hyperliquid perpetuals (PROTOCOLS.md §4): one WebSocket ("/ws") carrying trades,
/// activeAssetCtx (mark price, funding, open interest) and 1-minute candles for one coin, and the
/// POST /info endpoint for the universe with its margin tables and for candle history. Symbols
/// are bare coin names ("BTC", "kPEPE"). There is no public liquidation feed, so this adapter
/// never produces Liquidation events.
class HyperliquidAdapter final : public Adapter {
public:
    /// `fastTrades` false sends trades frames through the DOM path too (parseTradesFast
    /// skipped): only for tests that check both paths give the same results.
    explicit HyperliquidAdapter(bool fastTrades = true);
    ~HyperliquidAdapter() override;

    Venue venue() const override { return Venue::Hyperliquid; }

    /// One stream "ws" subscribing to trades, activeAssetCtx and the 1m candle of `symbol`;
    /// `{"method":"ping"}` after 20 s without a frame.
    std::vector<StreamSpec> streams(const Endpoints& endpoints,
                                    std::string_view symbol) const override;
    /// metaAndAssetCtxs: the universe, margin tables and every asset's current context.
    std::vector<RestRequest> instrumentRequests(std::string_view symbol) const override;
    /// candleSnapshot of 1m candles over [startMs, endMs], the start raised to the oldest of the
    /// 5000 candles the venue keeps; empty when startMs > endMs. There is no open-interest
    /// history on Hyperliquid.
    std::vector<RestRequest> historyRequests(std::string_view symbol, core::TimestampMs startMs,
                                             core::TimestampMs endMs) const override;

    /// Candles carry no closed flag: the latest candle per (coin, interval) is kept, and a
    /// candle with a later open time first re-emits the kept one as closed.
    FrameOutcome parseFrame(std::string_view frame, core::TimestampMs receiveMs,
                            std::vector<core::EventRecord>& out) override;
    /// Handles "metaAndAssetCtxs", "meta" (registry only) and "candleSnapshot".
    RestOutcome parseRest(const RestRequest& request, std::string_view body,
                          core::TimestampMs receiveMs,
                          std::vector<core::EventRecord>& out) override;

private:
    bool m_fastTrades;
    /// The fast path's tokenizer, reused frame after frame (allocated once).
    std::unique_ptr<detail::JsonScan> m_scan;
    /// The forming candle of each (coin, interval): the one a candle with a later open time
    /// closes.
    std::map<std::pair<std::string, std::string>, core::Candle> m_openCandles;
};

}  // namespace liqmap::exchange::hyperliquid
