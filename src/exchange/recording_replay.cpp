#include "liqmap/exchange/recording_replay.h"

#include <utility>  // std::move

#include "liqmap/core/line_reader.h"
#include "liqmap/exchange/recording.h"

namespace liqmap::exchange {

struct RecordingReplay::Feed {
    Feed(Venue feedVenue, std::string feedSymbol, const Callbacks& callbacks)
        : venue(feedVenue),
          symbol(std::move(feedSymbol)),
          adapter(makeAdapter(feedVenue)),
          pipeline(*adapter, symbol, [this, &callbacks](std::span<const core::EventRecord> events) {
              if (callbacks.onEvents) {
                  callbacks.onEvents(venue, symbol, events);
              }
          }) {}

    Venue venue;
    std::string symbol;
    std::unique_ptr<Adapter> adapter;
    FeedPipeline pipeline;
};

RecordingReplay::RecordingReplay(Callbacks callbacks) : m_callbacks(std::move(callbacks)) {}

RecordingReplay::~RecordingReplay() = default;

RecordingReplay::Feed& RecordingReplay::feedFor(Venue venue, const std::string& symbol) {
    for (const auto& feed : m_feeds) {
        if (feed->venue == venue && feed->symbol == symbol) {
            return *feed;
        }
    }
    m_feeds.push_back(std::make_unique<Feed>(venue, symbol, m_callbacks));
    return *m_feeds.back();
}

ReplaySummary RecordingReplay::replay(std::string_view content) {
    ReplaySummary summary;
    RecordedInput input;
    std::string error;
    core::LineReader reader(content);
    for (std::string_view line; reader.next(line);) {
        if (line.empty()) {
            continue;
        }
        std::optional<Venue> venue;
        if (parseRecordingLine(line, input, error)) {
            venue = parseVenue(input.exchange);
            if (!venue) {
                error = "unknown exchange '" + input.exchange + "'";
            }
        }
        if (!venue) {
            // Every line is flushed whole, so only a kill mid-write leaves a partial line, and
            // only at the end.
            if (reader.unterminated()) {
                summary.truncatedLastLine = true;
                continue;
            }
            if (summary.badLines++ == 0) {
                summary.firstBadLine = reader.number();
                summary.firstBadLineError = error;
            }
            continue;
        }
        Feed& feed = feedFor(*venue, input.symbol);
        if (input.kind == RecordedInput::Kind::BootstrapDone && !feed.pipeline.bootstrapped() &&
            m_callbacks.onReady) {
            m_callbacks.onReady(feed.venue, feed.symbol,
                                feed.adapter->registry().instrument(feed.venue, feed.symbol));
        }
        feed.pipeline.onRecorded(input);
    }
    summary.lines = reader.number();
    return summary;
}

std::vector<const FeedPipeline*> RecordingReplay::pipelines() const {
    std::vector<const FeedPipeline*> result;
    for (const auto& feed : m_feeds) {
        result.push_back(&feed->pipeline);
    }
    return result;
}

}  // namespace liqmap::exchange
