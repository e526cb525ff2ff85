// liqmap-cli parse: raw exchange frames (or a recording) in, normalized event lines out.

#include <chrono>  // std::chrono::system_clock
#include <cstdio>  // std::fwrite, std::fprintf
#include <string>  // std::string
#include <vector>  // std::vector

#include "arguments.h"
#include "commands.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/line_reader.h"
#include "liqmap/core/number_text.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/recording.h"
#include "text_file.h"

namespace liqmap::cli {

namespace {

std::unique_ptr<exchange::Adapter> adapterFor(std::string_view name) {
    const auto venue = exchange::parseVenue(name);
    if (!venue) {
        throw UsageError("--exchange: expected binance, bybit, okx or hyperliquid, got '" +
                         std::string(name) + "'");
    }
    return exchange::makeAdapter(*venue);
}

// The venue's instruments response (its own REST body) fills the registry, which is where the
// adapters find contract values (OKX sizes are contracts).
void loadInstruments(exchange::Adapter& adapter, const std::string& path) {
    const std::string body = readTextFile(path);
    exchange::RestRequest request = adapter.instrumentRequests("").front();
    // Hyperliquid answers {"type":"meta"} with the meta object alone and metaAndAssetCtxs with
    // a two-element array; take either.
    if (adapter.venue() == exchange::Venue::Hyperliquid &&
        body.find_first_not_of(" \t\r\n") != std::string::npos &&
        body[body.find_first_not_of(" \t\r\n")] == '{') {
        request.name = "meta";
    }
    std::vector<core::EventRecord> ignored;
    const exchange::RestOutcome outcome = adapter.parseRest(request, body, 0, ignored);
    if (!outcome.ok) {
        throw UsageError("--instruments: " + path + " is not a " +
                         std::string(exchange::toString(adapter.venue())) +
                         " instruments response: " + outcome.detail);
    }
}

core::TimestampMs nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int runParse(std::span<const std::string_view> args) {
    const Arguments arguments(args, {"exchange", "instruments", "receive-time"}, 1);
    const auto adapter = adapterFor(arguments.requiredText("exchange"));
    if (const auto instruments = arguments.text("instruments")) {
        loadInstruments(*adapter, std::string(*instruments));
    }
    // Frames carry their own exchange time; the receive time only stamps what the venue does
    // not (Hyperliquid's activeAssetCtx). Recording lines bring their own.
    core::TimestampMs receiveMs = nowMs();
    if (const auto fixed = arguments.text("receive-time")) {
        const auto parsed = core::parseInteger(*fixed);
        if (!parsed || *parsed <= 0) {
            throw UsageError("--receive-time: expected epoch milliseconds, got '" +
                             std::string(*fixed) + "'");
        }
        receiveMs = *parsed;
    }
    const std::string path =
        arguments.positional().empty() ? "-" : std::string(arguments.positional().front());
    const std::string content = readTextFile(path);

    std::size_t frames = 0;
    std::size_t control = 0;
    std::size_t errors = 0;
    std::string firstError;
    std::size_t firstSkipLine = 0;
    std::string firstSkip;
    std::vector<core::EventRecord> events;
    std::string out;
    exchange::RecordedInput recorded;
    std::string recordingError;
    core::LineReader reader(content);
    for (std::string_view line; reader.next(line);) {
        if (line.empty()) {
            continue;
        }
        std::string_view frame = line;
        core::TimestampMs frameReceiveMs = receiveMs;
        // A line of a recording ({"recv":…,"frame":…}) is unwrapped; anything else is a frame.
        if (line.starts_with("{\"recv\":") &&
            exchange::parseRecordingLine(line, recorded, recordingError) &&
            recorded.kind == exchange::RecordedInput::Kind::Frame) {
            frame = recorded.payload;
            frameReceiveMs = recorded.receiveMs;
        }
        ++frames;
        events.clear();
        const exchange::FrameOutcome outcome = adapter->parseFrame(frame, frameReceiveMs, events);
        switch (outcome.kind) {
            case exchange::FrameOutcome::Kind::Control:
                ++control;
                break;
            case exchange::FrameOutcome::Kind::ExchangeError:
                if (errors++ == 0) {
                    firstError = outcome.detail;
                }
                break;
            case exchange::FrameOutcome::Kind::Skipped:
            case exchange::FrameOutcome::Kind::Data:
                if (firstSkip.empty() && (outcome.kind == exchange::FrameOutcome::Kind::Skipped ||
                                          outcome.skippedRecords > 0)) {
                    firstSkipLine = reader.number();
                    firstSkip = std::string(core::toString(outcome.reason));
                    if (!outcome.detail.empty()) {
                        firstSkip += ": " + outcome.detail;
                    }
                }
                break;
        }
        for (const core::EventRecord& record : events) {
            core::appendEventLine(record, out);
            out += '\n';
        }
        if (out.size() > (1u << 20)) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);

    const core::SkipCounts& skipped = adapter->skipped();
    if (skipped.total() > 0 || errors > 0) {
        std::string summary = "liqmap-cli parse: " + std::to_string(frames) + " frames, " +
                              std::to_string(control) + " control";
        if (skipped.total() > 0) {
            summary += ", skipped " + skipped.summary() + " (first at line " +
                       std::to_string(firstSkipLine) + ": " + firstSkip + ")";
        }
        if (errors > 0) {
            summary +=
                ", " + std::to_string(errors) + " exchange errors (first: " + firstError + ")";
        }
        std::fprintf(stderr, "%s\n", summary.c_str());
    }
    return 0;
}

}  // namespace liqmap::cli
