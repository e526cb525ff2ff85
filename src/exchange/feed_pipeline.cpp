#include "liqmap/exchange/feed_pipeline.h"

#include <algorithm>  // std::stable_sort, std::erase_if
#include <utility>    // std::move

namespace liqmap::exchange {

namespace {

// When an event's information is complete, for ordering history.
core::TimestampMs effectiveTime(const core::MarketEvent& event) {
    if (const auto* candle = std::get_if<core::Candle>(&event)) {
        return candle->ts + candle->intervalMs;
    }
    return core::timestampOf(event);
}

int rankAtEqualTime(const core::MarketEvent& event) {
    return std::holds_alternative<core::OpenInterest>(event) ? 1 : 0;
}

}  // namespace

void sortHistory(std::vector<core::EventRecord>& events) {
    std::stable_sort(events.begin(), events.end(),
                     [](const core::EventRecord& a, const core::EventRecord& b) {
                         const auto ta = effectiveTime(a.event);
                         const auto tb = effectiveTime(b.event);
                         if (ta != tb) {
                             return ta < tb;
                         }
                         return rankAtEqualTime(a.event) < rankAtEqualTime(b.event);
                     });
}

FeedPipeline::FeedPipeline(Adapter& adapter, std::string symbol, Sink sink,
                           RecordingWriter* recorder)
    : m_adapter(adapter),
      m_symbol(std::move(symbol)),
      m_sink(std::move(sink)),
      m_recorder(recorder) {}

RestOutcome FeedPipeline::onRest(const RestRequest& request, int status, std::string_view body,
                                 core::TimestampMs receiveMs) {
    if (m_recorder != nullptr) {
        RecordedInput input = recordedInput(RecordedInput::Kind::Rest, receiveMs);
        input.request = request;
        input.status = status;
        input.payload = std::string(body);
        m_recorder->write(input);
    }
    if (status < 200 || status >= 300) {
        return RestOutcome::failed("HTTP " + std::to_string(status));
    }
    ++m_counts.restResponses;
    m_scratch.clear();
    RestOutcome outcome = m_adapter.parseRest(request, body, receiveMs, m_scratch);
    if (!outcome.ok) {
        noteExchangeError(outcome.detail);
    }
    deliver(m_scratch);
    return outcome;
}

void FeedPipeline::finishBootstrap(core::TimestampMs receiveMs) {
    if (m_recorder != nullptr) {
        RecordedInput input = recordedInput(RecordedInput::Kind::BootstrapDone, receiveMs);
        m_recorder->write(input);
    }
    if (m_bootstrapped) {
        return;
    }
    m_bootstrapped = true;
    sortHistory(m_history);
    if (!m_history.empty()) {
        m_sink(m_history);
    }
    m_history.clear();
    m_history.shrink_to_fit();
}

FrameOutcome FeedPipeline::onFrame(std::string_view stream, std::string_view frame,
                                   core::TimestampMs receiveMs) {
    if (m_recorder != nullptr) {
        RecordedInput input = recordedInput(RecordedInput::Kind::Frame, receiveMs);
        input.stream = std::string(stream);
        input.payload = std::string(frame);
        m_recorder->write(input);
    }
    ++m_counts.frames;
    m_scratch.clear();
    FrameOutcome outcome = m_adapter.parseFrame(frame, receiveMs, m_scratch);
    if (outcome.kind == FrameOutcome::Kind::ExchangeError) {
        noteExchangeError(outcome.detail);
    }
    deliver(m_scratch);
    return outcome;
}

void FeedPipeline::onRecorded(const RecordedInput& input) {
    switch (input.kind) {
        case RecordedInput::Kind::Frame:
            onFrame(input.stream, input.payload, input.receiveMs);
            break;
        case RecordedInput::Kind::Rest:
            onRest(input.request, input.status, input.payload, input.receiveMs);
            break;
        case RecordedInput::Kind::BootstrapDone:
            finishBootstrap(input.receiveMs);
            break;
    }
}

RecordedInput FeedPipeline::recordedInput(RecordedInput::Kind kind,
                                          core::TimestampMs receiveMs) const {
    RecordedInput input;
    input.kind = kind;
    input.receiveMs = receiveMs;
    input.exchange = std::string(toString(m_adapter.venue()));
    input.symbol = m_symbol;
    return input;
}

void FeedPipeline::deliver(std::vector<core::EventRecord>& parsed) {
    const auto before = parsed.size();
    std::erase_if(parsed,
                  [&](const core::EventRecord& record) { return record.symbol != m_symbol; });
    m_counts.otherSymbols += before - parsed.size();
    if (parsed.empty()) {
        return;
    }
    m_counts.events += parsed.size();
    if (!m_bootstrapped) {
        m_history.insert(m_history.end(), std::make_move_iterator(parsed.begin()),
                         std::make_move_iterator(parsed.end()));
        return;
    }
    m_sink(parsed);
}

void FeedPipeline::noteExchangeError(std::string_view detail) {
    ++m_counts.exchangeErrors;
    m_counts.lastExchangeError = std::string(detail);
}

}  // namespace liqmap::exchange
