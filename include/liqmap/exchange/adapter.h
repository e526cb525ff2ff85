#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"  // core::EventRecord
#include "liqmap/core/skip_counts.h"
#include "liqmap/exchange/endpoints.h"
#include "liqmap/exchange/instrument_registry.h"
#include "liqmap/exchange/rest_request.h"
#include "liqmap/exchange/stream_spec.h"
#include "liqmap/exchange/venue.h"

namespace liqmap::exchange {

/// What one WebSocket text frame turned out to be.
struct FrameOutcome {
    enum class Kind : std::uint8_t {
        Data,           ///< market data; `events` normalized events were appended
        Control,        ///< subscription ack, pong, welcome text: nothing to do
        ExchangeError,  ///< the venue reported an error; `detail` holds its text
        Skipped,        ///< unusable (malformed, wrong type, bad number…); counted in skipped()
    };
    Kind kind = Kind::Control;
    std::size_t events = 0;
    /// Records dropped inside an otherwise usable data frame (one bad liquidation of three),
    /// each counted in skipped().
    std::size_t skippedRecords = 0;
    /// For Skipped, and for the first skipped record of a Data frame.
    core::SkipReason reason = core::SkipReason::MalformedJson;
    /// The field concerned ("o.ap", "data[1].v") or the venue's error text.
    std::string detail;

    /// An ack, pong or welcome text.
    static FrameOutcome control(std::string detail = {});
    /// A frame unusable as a whole: counted once in `counts` under `reason`.
    static FrameOutcome skipped(core::SkipCounts& counts, core::SkipReason reason,
                                std::string_view detail);
};

/// What one REST response body turned out to be.
struct RestOutcome {
    /// False when the body is a venue error ({"code":-1121,…}, retCode ≠ 0, code ≠ "0") or not
    /// the expected shape at all; `detail` says which.
    bool ok = true;
    std::size_t events = 0;
    std::size_t skippedRecords = 0;
    std::string detail;
    /// Requests to make next for the same history (the following page); empty when done.
    std::vector<RestRequest> followUps;

    /// A body that is a venue error or not the expected shape.
    static RestOutcome failed(std::string detail);
};

/// One exchange's wire format: endpoints, subscriptions, heartbeat rule and pure parsers from
/// frames and REST bodies to normalized events (STYLE.md "Exchange adapters"). No socket and no
/// clock inside: the receive time comes in as an argument, so recorded, replayed and fuzzed
/// input goes straight in. Parsers never throw and never emit an event that fails
/// core::validateEvent; anything unusable is counted in skipped() with its reason.
/// Not thread-safe (Bybit's ticker cache, Hyperliquid's open candle): one owner feeds it.
class Adapter {
public:
    virtual ~Adapter() = default;

    virtual Venue venue() const = 0;

    /// The WebSocket connections for `symbol` (the venue's own spelling).
    virtual std::vector<StreamSpec> streams(const Endpoints& endpoints,
                                            std::string_view symbol) const = 0;

    /// Requests that fill registry(): the instrument list and, where public, the margin tiers.
    virtual std::vector<RestRequest> instrumentRequests(std::string_view symbol) const = 0;
    /// Requests for open-interest and 1-minute candle history over [startMs, endMs]; later
    /// pages come back as RestOutcome::followUps.
    virtual std::vector<RestRequest> historyRequests(std::string_view symbol,
                                                     core::TimestampMs startMs,
                                                     core::TimestampMs endMs) const = 0;
    /// Requests repeated every pollInterval() while live, for data without a stream (Binance's
    /// open interest). Empty by default.
    virtual std::vector<RestRequest> pollRequests(std::string_view symbol) const;
    virtual std::chrono::milliseconds pollInterval() const;
    /// The least time between two REST requests, so a long history stays inside the venue's
    /// rate limit instead of running into 429s. Zero by default.
    virtual std::chrono::milliseconds requestSpacing() const;

    /// Parses one text frame received at `receiveMs` (used only where the venue stamps
    /// nothing, e.g. Hyperliquid's activeAssetCtx); appends events to `out`.
    virtual FrameOutcome parseFrame(std::string_view frame, core::TimestampMs receiveMs,
                                    std::vector<core::EventRecord>& out) = 0;
    /// Parses the body of `request`'s response; appends events to `out` and fills registry().
    virtual RestOutcome parseRest(const RestRequest& request, std::string_view body,
                                  core::TimestampMs receiveMs,
                                  std::vector<core::EventRecord>& out) = 0;

    const InstrumentRegistry& registry() const { return m_registry; }
    const core::SkipCounts& skipped() const { return m_skipped; }

protected:
    InstrumentRegistry m_registry;
    core::SkipCounts m_skipped;
};

/// The adapter for `venue`.
std::unique_ptr<Adapter> makeAdapter(Venue venue);

}  // namespace liqmap::exchange
