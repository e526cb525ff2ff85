#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <cstddef>      // std::size_t
#include <map>          // std::map
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

namespace liqmap::exchange::okx {

/// parseFrame's fast path for trades frames: appends the frame's Trades (sizes converted with
/// the ctVal in `registry`) and returns its outcome, both exactly as the DOM path gives them, or
/// returns nullopt (appending nothing) for any other frame and for any frame it cannot read
/// exactly or with a record the DOM path would skip (scan_fields.h): the DOM path then decides.
/// The caller still feeds the new prices to notePrices, as parseFrame does after either path.
std::optional<FrameOutcome> parseTradesFast(detail::JsonScan& scan, std::string_view frame,
                                            const InstrumentRegistry& registry,
                                            std::vector<core::EventRecord>& out);

/// OKX v5 perpetual swaps (instType SWAP, PROTOCOLS.md §3): liquidation-orders, open-interest,
/// mark-price and trades on /ws/v5/public, candle1m on /ws/v5/business; instruments, position
/// tiers, open-interest and candle history over REST.
///
/// Sizes on OKX are contracts: every record that needs a contract value (liquidations, trades,
/// open interest without `oiCcy`) is skipped with UnknownInstrument until the instruments
/// response has put its symbol into registry(). Only linear swaps are registered.
///
/// Outcomes: a data frame of a channel liqmap uses is kind Data even when every record in it
/// was skipped (then `events` is 0 and `skippedRecords` says how many were counted); a frame
/// that is unusable as a whole is kind Skipped and counted once. A caller that wants the number
/// counted for one frame takes `kind == Skipped ? 1 : skippedRecords`. A skipped record's detail
/// is its field path ("data[0].details[1].sz", candle rows "data[0][4]"); when the event built
/// from it fails core::validateEvent the path ends in the event's field instead
/// ("data[0].details[0].notional"). RestOutcome::detail of an ok response with skipped rows is
/// "<reason> <path>" of the first one ("unknown_type data[0].ctType").
class OkxAdapter final : public Adapter {
public:
    /// One row of /public/position-tiers as sent: the bound is in contracts, not notional.
    struct ContractTier {
        double maxContracts = 0;
        double mmr = 0;
        double maxLeverage = 0;
    };

    /// `fastTrades` false sends trades frames through the DOM path too (parseTradesFast
    /// skipped): only for tests that check both paths give the same results.
    explicit OkxAdapter(bool fastTrades = true);
    ~OkxAdapter() override;

    Venue venue() const override { return Venue::Okx; }
    std::vector<StreamSpec> streams(const Endpoints& endpoints,
                                    std::string_view symbol) const override;
    std::vector<RestRequest> instrumentRequests(std::string_view symbol) const override;
    /// OKX pages history backwards from an end time with no start bound in the query, so the
    /// requests carry `startMs` (RestRequest::windowStartMs) for parseRest to drop older rows
    /// and stop paging.
    std::vector<RestRequest> historyRequests(std::string_view symbol, core::TimestampMs startMs,
                                             core::TimestampMs endMs) const override;
    /// 210 ms: the rubik history allows 10 requests per 2 s per IP and instrument, candle
    /// history 20; one spacing for both keeps a 30-day bootstrap clear of 429s (~90 s).
    std::chrono::milliseconds requestSpacing() const override {
        return std::chrono::milliseconds(210);
    }
    FrameOutcome parseFrame(std::string_view frame, core::TimestampMs receiveMs,
                            std::vector<core::EventRecord>& out) override;
    RestOutcome parseRest(const RestRequest& request, std::string_view body,
                          core::TimestampMs receiveMs,
                          std::vector<core::EventRecord>& out) override;

private:
    struct PriceSeen {
        core::TimestampMs ts = 0;
        double price = 0;
    };

    /// Feeds the prices of out[firstNew…] (trades, marks, candle closes) to notePrice.
    void notePrices(const std::vector<core::EventRecord>& out, std::size_t firstNew);
    /// Keeps `price` as the symbol's latest unless a later-stamped one is already known, then
    /// applies tiers waiting for a price.
    void notePrice(std::string_view symbol, core::TimestampMs ts, double price);
    /// Converts and stores the pending tiers of `symbol` once both its contract value and a
    /// price are known; otherwise leaves them pending.
    void applyPendingTiers(std::string_view symbol);

    bool m_fastTrades;
    /// The fast path's tokenizer, reused frame after frame (allocated once).
    std::unique_ptr<detail::JsonScan> m_scan;
    /// Tiers from /public/position-tiers waiting for a price (or for the instrument itself).
    std::map<std::string, std::vector<ContractTier>, std::less<>> m_pendingTiers;
    /// The latest price seen per symbol (mark, trade or candle close, live or REST).
    std::map<std::string, PriceSeen, std::less<>> m_lastPrices;
};

}  // namespace liqmap::exchange::okx
