#pragma once

// What every libFuzzer target in tests/fuzz shares: the fixed times, the invariants a parser's
// output must hold, and the two adapter drivers. Each target is one small .cpp that calls one of
// these, so a venue's frame and REST targets differ only in the venue they name.

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <cstdio>       // std::fprintf, stderr
#include <cstdlib>      // std::abort
#include <exception>    // std::exception
#include <memory>       // std::unique_ptr
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"   // core::EventRecord, core::validateEvent
#include "liqmap/core/line_reader.h"   // core::LineReader
#include "liqmap/core/market_event.h"  // core::TimestampMs
#include "liqmap/core/skip_counts.h"   // core::toString(SkipReason)
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/rest_request.h"
#include "liqmap/exchange/venue.h"

namespace liqmap::fuzz {

// The receive time every target passes: fixed, so a crash reproduces from its input alone.
inline constexpr core::TimestampMs kReceiveMs = 1'700'000'000'000;
// The history window the REST targets ask for: the hour before kReceiveMs.
inline constexpr core::TimestampMs kHistoryStartMs = kReceiveMs - 3'600'000;

/// A finding: says what broke on stderr, then aborts so libFuzzer saves the input.
[[noreturn]] inline void fail(std::string_view target, const std::string& what) {
    std::fprintf(stderr, "\nliqmap fuzz finding in %.*s: %s\n", static_cast<int>(target.size()),
                 target.data(), what.c_str());
    std::abort();
}

/// The events must be ones a consumer may take as they are: valid by core::validateEvent (the
/// adapter contract: never emit an event that fails it), from `venue`, with a symbol.
inline void requireValidEvents(std::string_view target, exchange::Venue venue,
                               std::span<const core::EventRecord> events) {
    for (const core::EventRecord& record : events) {
        const core::EventParseStatus status = core::validateEvent(record.event);
        const bool labelled =
            record.exchange == exchange::toString(venue) && !record.symbol.empty();
        if (status.ok && labelled) {
            continue;
        }
        std::string line;
        core::appendEventLine(record, line);
        if (!status.ok) {
            fail(target, "invalid event (" + std::string(core::toString(status.reason)) + " at " +
                             std::string(status.field) + "): " + line);
        }
        fail(target, "event with a wrong exchange or no symbol: " + line);
    }
}

/// The outcome's event count must be what the parser appended, as FrameOutcome::events and
/// RestOutcome::events promise.
inline void requireCount(std::string_view target, std::size_t reported, std::size_t appended) {
    if (reported != appended) {
        fail(target, "outcome says " + std::to_string(reported) + " events, " +
                         std::to_string(appended) + " were appended");
    }
}

/// The registry must always make an instrument: LiveFeed and RecordingReplay ask for it when the
/// history is done, on the network thread, where a ConfigError would end the process.
inline void requireInstrument(std::string_view target, const exchange::Adapter& adapter,
                              const std::string& symbol) {
    try {
        (void)adapter.registry().instrument(adapter.venue(), symbol);
    } catch (const std::exception& error) {
        fail(target, std::string("registry cannot make the instrument: ") + error.what());
    }
}

/// Frames for `venue`: the input is split into lines (like a .jsonl capture), each line one
/// WebSocket text frame into the same fresh adapter, so sequences reach the stateful parsers
/// (Bybit's ticker deltas, Hyperliquid's open candle).
inline int fuzzFrames(std::string_view target, exchange::Venue venue, const std::uint8_t* data,
                      std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::unique_ptr<exchange::Adapter> adapter = exchange::makeAdapter(venue);
    std::vector<core::EventRecord> out;
    core::LineReader lines(input);
    for (std::string_view frame; lines.next(frame);) {
        const std::size_t before = out.size();
        const exchange::FrameOutcome outcome = adapter->parseFrame(frame, kReceiveMs, out);
        requireCount(target, outcome.events, out.size() - before);
        requireValidEvents(target, venue, std::span(out).subspan(before));
    }
    return 0;
}

/// Every REST request the adapter makes for the venue's BTC perpetual: instrument list (and
/// tiers), history, polls.
inline std::vector<exchange::RestRequest> allRequests(const exchange::Adapter& adapter,
                                                      const std::string& symbol) {
    std::vector<exchange::RestRequest> requests = adapter.instrumentRequests(symbol);
    for (exchange::RestRequest& request :
         adapter.historyRequests(symbol, kHistoryStartMs, kReceiveMs)) {
        requests.push_back(std::move(request));
    }
    for (exchange::RestRequest& request : adapter.pollRequests(symbol)) {
        requests.push_back(std::move(request));
    }
    return requests;
}

/// REST bodies for `venue`: the first byte picks the request (modulo their number), the rest is
/// the response body.
inline int fuzzRest(std::string_view target, exchange::Venue venue, const std::uint8_t* data,
                    std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::unique_ptr<exchange::Adapter> adapter = exchange::makeAdapter(venue);
    const std::string symbol = exchange::perpetualSymbol(venue, "BTC");
    const std::vector<exchange::RestRequest> requests = allRequests(*adapter, symbol);
    const exchange::RestRequest& request = requests[data[0] % requests.size()];
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<core::EventRecord> out;
    const exchange::RestOutcome outcome = adapter->parseRest(request, body, kReceiveMs, out);
    requireCount(target, outcome.events, out.size());
    requireValidEvents(target, venue, out);
    requireInstrument(target, *adapter, symbol);
    return 0;
}

}  // namespace liqmap::fuzz
