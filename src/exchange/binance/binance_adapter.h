#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/market_event.h"  // core::TimestampMs
#include "liqmap/exchange/adapter.h"

namespace liqmap::exchange::detail {
class JsonScan;
}  // namespace liqmap::exchange::detail

namespace liqmap::exchange::binance {

/// parseFrame's fast path for aggTrade frames, bare or in the combined-stream wrapper
/// {"stream","data"}: appends the frame's Trade and returns its outcome, both exactly as the DOM
/// path gives them, or returns nullopt (appending nothing) for any other frame and for any frame
/// it cannot read exactly (scan_fields.h): the DOM path then decides.
std::optional<FrameOutcome> parseAggTradeFast(detail::JsonScan& scan, std::string_view frame,
                                              std::vector<core::EventRecord>& out);

/// Binance USDⓈ-M futures (PROTOCOLS.md §1): one socket on the routed `/market` path for
/// liquidations, mark price, aggregate trades and 1-minute klines (frames are read bare or in
/// the combined-stream wrapper); open interest only over REST, polled. Sizes are coins (one
/// contract = one base unit) and prices are in the quote currency.
class BinanceAdapter final : public Adapter {
public:
    /// `fastTrades` false sends aggTrade frames through the DOM path too (parseAggTradeFast
    /// skipped): only for tests that check both paths give the same results.
    explicit BinanceAdapter(bool fastTrades = true);
    ~BinanceAdapter() override;

    Venue venue() const override { return Venue::Binance; }

    /// One "market" connection to `<base>/market/ws` subscribing to forceOrder, markPrice@1s,
    /// aggTrade and kline_1m of `symbol` (stream names in lowercase).
    std::vector<StreamSpec> streams(const Endpoints& endpoints,
                                    std::string_view symbol) const override;
    /// exchangeInfo only: the tier endpoint (leverageBracket) needs a signed request.
    std::vector<RestRequest> instrumentRequests(std::string_view symbol) const override;
    /// openInterestHist (paged backwards from `endMs`), klines (paged forwards from
    /// `startMs`) and premiumIndex. The open-interest pages carry no start in their target, so
    /// the request carries it (RestRequest::windowStartMs): their paging stops there.
    std::vector<RestRequest> historyRequests(std::string_view symbol, core::TimestampMs startMs,
                                             core::TimestampMs endMs) const override;
    /// The current open interest: Binance has no open-interest stream.
    std::vector<RestRequest> pollRequests(std::string_view symbol) const override;
    std::chrono::milliseconds pollInterval() const override;

    FrameOutcome parseFrame(std::string_view frame, core::TimestampMs receiveMs,
                            std::vector<core::EventRecord>& out) override;
    /// Parses the responses named exchangeInfo, leverageBracket (recorded by users with an API
    /// key), openInterestHist, klines, premiumIndex and openInterest.
    RestOutcome parseRest(const RestRequest& request, std::string_view body,
                          core::TimestampMs receiveMs,
                          std::vector<core::EventRecord>& out) override;

private:
    bool m_fastTrades;
    /// The fast path's tokenizer, reused frame after frame (allocated once).
    std::unique_ptr<detail::JsonScan> m_scan;
};

}  // namespace liqmap::exchange::binance
