#pragma once

#include <cstdint>      // std::uint64_t
#include <functional>   // std::function
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"  // core::EventRecord
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/recording.h"

namespace liqmap::exchange {

/// Counters of one pipeline, for the status bar and the CLI's summary.
struct PipelineCounts {
    std::uint64_t frames = 0;          ///< WebSocket frames parsed
    std::uint64_t restResponses = 0;   ///< REST bodies parsed
    std::uint64_t events = 0;          ///< events delivered for the feed's symbol
    std::uint64_t otherSymbols = 0;    ///< events for other symbols, dropped (OKX sends all)
    std::uint64_t exchangeErrors = 0;  ///< error replies from the venue (frames and REST)
    std::string lastExchangeError;
};

/// What turns a venue's raw input into the event stream of one symbol, identically for a live
/// feed and for a replayed recording (STYLE.md: no socket, no clock). REST history arrives first
/// and is held back; finishBootstrap() delivers it sorted by time (open-interest history and
/// candles come from separate, differently ordered endpoints, and the estimator needs them
/// interleaved); live frames then flow straight through. Every input is also handed to the
/// optional recorder, so a recording holds exactly what the pipeline saw. Not thread-safe.
class FeedPipeline {
public:
    using Sink = std::function<void(std::span<const core::EventRecord> events)>;

    /// `adapter` must outlive the pipeline.
    FeedPipeline(Adapter& adapter, std::string symbol, Sink sink,
                 RecordingWriter* recorder = nullptr);

    /// A REST response. Returns the adapter's outcome (follow-up pages included). A non-2xx
    /// `status` is recorded but not parsed.
    RestOutcome onRest(const RestRequest& request, int status, std::string_view body,
                       core::TimestampMs receiveMs);
    /// Ends the history phase: delivers the held-back events in time order.
    void finishBootstrap(core::TimestampMs receiveMs);
    /// A WebSocket text frame from stream `stream`.
    FrameOutcome onFrame(std::string_view stream, std::string_view frame,
                         core::TimestampMs receiveMs);
    /// One line read back from a recording (its exchange already matched).
    void onRecorded(const RecordedInput& input);

    bool bootstrapped() const { return m_bootstrapped; }
    const PipelineCounts& counts() const { return m_counts; }
    const Adapter& adapter() const { return m_adapter; }
    const std::string& symbol() const { return m_symbol; }

private:
    /// A recording line of `kind` for this feed, payload still empty.
    RecordedInput recordedInput(RecordedInput::Kind kind, core::TimestampMs receiveMs) const;
    void deliver(std::vector<core::EventRecord>& parsed);
    void noteExchangeError(std::string_view detail);

    Adapter& m_adapter;
    std::string m_symbol;
    Sink m_sink;
    RecordingWriter* m_recorder;
    bool m_bootstrapped = false;
    std::vector<core::EventRecord> m_scratch;
    std::vector<core::EventRecord> m_history;
    PipelineCounts m_counts;
};

/// The order history is delivered in: by the time an event describes the market up to —
/// a candle's close (open time + interval), every other event's own time — and at equal
/// times prices before open interest, so an open-interest step sees the prices of the interval
/// it closes. Stable for everything else.
void sortHistory(std::vector<core::EventRecord>& events);

}  // namespace liqmap::exchange
