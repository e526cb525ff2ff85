// libFuzzer target: the recording reader. The input is a whole recording file, replayed in
// memory through RecordingReplay (the adapters and pipelines `replay` and the app use), so every
// delivered event must be valid; and a line that reads as a recording line must read back the
// same after formatRecordingLine, or a re-recorded session would differ from the original; its
// numbers must be the ones in the line (read independently with nlohmann::json).

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t, std::int64_t, INT64_MAX
#include <nlohmann/json.hpp>
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "fuzz_check.h"
#include "liqmap/core/instrument.h"
#include "liqmap/core/line_reader.h"
#include "liqmap/exchange/recording.h"
#include "liqmap/exchange/recording_replay.h"

namespace {

using liqmap::exchange::RecordedInput;

constexpr std::string_view kTarget = "fuzz_recording";

// The line's "recv", "status" and "window_start", where they are JSON integers, must be what the
// reader returned: a value it cannot hold must be refused, never wrapped into another number (a
// status of 2^32 + 200 read as 200 would replay an unknown answer as a success).
void requireSameNumbers(std::string_view line, const RecordedInput& input) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_object()) {
        return;
    }
    const bool rest = input.kind == RecordedInput::Kind::Rest;
    const std::pair<const char*, std::int64_t> read[] = {
        {"recv", input.receiveMs},
        {rest ? "status" : nullptr, input.status},
        {rest ? "window_start" : nullptr, input.request.windowStartMs},
    };
    for (const auto& [key, actual] : read) {
        const auto member = key != nullptr ? json.find(key) : json.end();
        if (member == json.end() || !member->is_number_integer()) {
            continue;
        }
        if (member->is_number_unsigned() && member->get<std::uint64_t>() > INT64_MAX) {
            liqmap::fuzz::fail(kTarget, std::string("a \"") + key + "\" beyond int64 was accepted");
        }
        const auto expected = member->get<std::int64_t>();
        if (expected != actual) {
            liqmap::fuzz::fail(kTarget, std::string("\"") + key + "\" " + std::to_string(expected) +
                                            " was read as " + std::to_string(actual));
        }
    }
}

bool sameInput(const RecordedInput& a, const RecordedInput& b) {
    return a.kind == b.kind && a.receiveMs == b.receiveMs && a.exchange == b.exchange &&
           a.symbol == b.symbol && a.stream == b.stream && a.request == b.request &&
           a.status == b.status && a.payload == b.payload;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace liqmap;
    const std::string_view content(reinterpret_cast<const char*>(data), size);

    exchange::RecordingReplay::Callbacks callbacks;
    // Asking for the instrument is what the replay does when onReady is set; the instrument
    // itself is not needed here.
    callbacks.onReady = [](exchange::Venue, const std::string&, const core::Instrument&) {};
    callbacks.onEvents = [](exchange::Venue venue, const std::string& symbol,
                            std::span<const core::EventRecord> events) {
        fuzz::requireValidEvents(kTarget, venue, events);
        for (const core::EventRecord& record : events) {
            if (record.symbol != symbol) {
                fuzz::fail(kTarget,
                           "the " + symbol + " feed delivered a " + record.symbol + " event");
            }
        }
    };
    exchange::RecordingReplay replay(callbacks);
    const exchange::ReplaySummary summary = replay.replay(content);
    if (summary.badLines > summary.lines) {
        fuzz::fail(kTarget, "more bad lines than lines");
    }

    RecordedInput input;
    RecordedInput again;
    std::string error;
    core::LineReader lines(content);
    for (std::string_view line; lines.next(line);) {
        if (!exchange::parseRecordingLine(line, input, error)) {
            continue;
        }
        requireSameNumbers(line, input);
        const std::string formatted = exchange::formatRecordingLine(input);
        if (!exchange::parseRecordingLine(formatted, again, error)) {
            fuzz::fail(kTarget,
                       "a formatted line does not read back (" + error + "): " + formatted);
        }
        if (!sameInput(input, again)) {
            fuzz::fail(kTarget, "a line reads back different after formatting: " + formatted);
        }
    }
    return 0;
}
