#include "liqmap/exchange/feed_pipeline.h"

#include <gtest/gtest.h>

#include <cstdio>   // std::remove
#include <fstream>  // std::ifstream
#include <span>     // std::span
#include <sstream>  // std::ostringstream
#include <string>   // std::string

#include "liqmap/core/number_text.h"
#include "liqmap/exchange/recording_replay.h"
#include "support/fixture_file.h"

namespace liqmap::exchange {
namespace {

using core::Candle;
using core::EventRecord;
using core::OpenInterest;
using core::Trade;

// A stand-in venue whose frames are "<symbol> <kind> <ts> <value>" (kind trade, oi or candle;
// a candle's value is its close, H = L = C, 1 m long), so the pipeline is tested without any
// real wire format. REST bodies are the same lines separated by ';'.
class FakeAdapter final : public Adapter {
public:
    Venue venue() const override { return Venue::Binance; }
    std::vector<StreamSpec> streams(const Endpoints&, std::string_view) const override {
        return {};
    }
    std::vector<RestRequest> instrumentRequests(std::string_view) const override { return {}; }
    std::vector<RestRequest> historyRequests(std::string_view, core::TimestampMs,
                                             core::TimestampMs) const override {
        return {};
    }
    FrameOutcome parseFrame(std::string_view frame, core::TimestampMs,
                            std::vector<EventRecord>& out) override {
        FrameOutcome outcome;
        if (frame == "ack") {
            return outcome;
        }
        if (frame == "error") {
            outcome.kind = FrameOutcome::Kind::ExchangeError;
            outcome.detail = "rejected";
            return outcome;
        }
        std::istringstream fields{std::string(frame)};
        std::string symbol;
        std::string kind;
        core::TimestampMs ts = 0;
        double value = 0;
        if (!(fields >> symbol >> kind >> ts >> value)) {
            m_skipped.add(core::SkipReason::MalformedJson);
            outcome.kind = FrameOutcome::Kind::Skipped;
            return outcome;
        }
        EventRecord record{"binance", symbol, Trade{ts, value, 1, core::Aggressor::Buy}};
        if (kind == "oi") {
            record.event = OpenInterest{ts, value, std::nullopt};
        } else if (kind == "candle") {
            record.event = Candle{ts, core::kMinuteMs, value, value, value, value, 1, true};
        }
        out.push_back(record);
        outcome.kind = FrameOutcome::Kind::Data;
        outcome.events = 1;
        return outcome;
    }
    RestOutcome parseRest(const RestRequest& request, std::string_view body, core::TimestampMs now,
                          std::vector<EventRecord>& out) override {
        RestOutcome outcome;
        std::size_t start = 0;
        while (start <= body.size()) {
            const std::size_t end = std::min(body.find(';', start), body.size());
            parseFrame(body.substr(start, end - start), now, out);
            start = end + 1;
        }
        if (request.name == "paged" && request.target == "/page1") {
            outcome.followUps.push_back({"paged", "GET", "/page2", ""});
        }
        return outcome;
    }
};

struct Collected {
    std::vector<EventRecord> events;
    FeedPipeline::Sink sink() {
        return [this](std::span<const EventRecord> batch) {
            events.insert(events.end(), batch.begin(), batch.end());
        };
    }
};

std::vector<core::TimestampMs> timestamps(const std::vector<EventRecord>& events) {
    std::vector<core::TimestampMs> result;
    for (const EventRecord& record : events) {
        result.push_back(core::timestampOf(record.event));
    }
    return result;
}

TEST(FeedPipeline, HoldsHistoryBackAndDeliversItSortedWhenTheBootstrapEnds) {
    FakeAdapter adapter;
    Collected collected;
    FeedPipeline pipeline(adapter, "BTCUSDT", collected.sink());
    // Open interest newest first (as Bybit and OKX send it), candles oldest first.
    pipeline.onRest({"oi", "GET", "/oi", ""}, 200, "BTCUSDT oi 180000 7;BTCUSDT oi 60000 5", 1);
    pipeline.onRest({"candles", "GET", "/c", ""}, 200,
                    "BTCUSDT candle 0 100;BTCUSDT candle 60000 101;BTCUSDT candle 120000 102", 1);
    EXPECT_TRUE(collected.events.empty());
    pipeline.finishBootstrap(2);
    // By the time each describes: candle 0 closes at 60 000 (before the open interest of
    // 60 000, prices first at equal times), candle 60 000 closes at 120 000, candle 120 000
    // at 180 000, then the open interest of 180 000.
    ASSERT_EQ(collected.events.size(), 5u);
    EXPECT_EQ(timestamps(collected.events),
              (std::vector<core::TimestampMs>{0, 60000, 60000, 120000, 180000}));
    EXPECT_TRUE(std::holds_alternative<Candle>(collected.events[0].event));
    EXPECT_TRUE(std::holds_alternative<OpenInterest>(collected.events[1].event));
    EXPECT_TRUE(std::holds_alternative<Candle>(collected.events[2].event));
    EXPECT_TRUE(std::holds_alternative<OpenInterest>(collected.events[4].event));
}

TEST(FeedPipeline, LiveFramesFlowStraightThroughAfterTheBootstrap) {
    FakeAdapter adapter;
    Collected collected;
    FeedPipeline pipeline(adapter, "BTCUSDT", collected.sink());
    pipeline.finishBootstrap(1);
    pipeline.onFrame("market", "BTCUSDT trade 5 100", 10);
    ASSERT_EQ(collected.events.size(), 1u);
    pipeline.onFrame("market", "BTCUSDT trade 3 101", 11);
    // Live data keeps arrival order: the estimator, not the pipeline, judges late events.
    EXPECT_EQ(timestamps(collected.events), (std::vector<core::TimestampMs>{5, 3}));
    EXPECT_EQ(pipeline.counts().frames, 2u);
    EXPECT_EQ(pipeline.counts().events, 2u);
}

TEST(FeedPipeline, DropsAndCountsOtherSymbolsErrorsAndSkips) {
    FakeAdapter adapter;
    Collected collected;
    FeedPipeline pipeline(adapter, "BTCUSDT", collected.sink());
    pipeline.finishBootstrap(1);
    pipeline.onFrame("market", "ETHUSDT trade 5 100", 10);
    pipeline.onFrame("market", "ack", 10);
    EXPECT_EQ(pipeline.onFrame("market", "error", 10).kind, FrameOutcome::Kind::ExchangeError);
    EXPECT_EQ(pipeline.onFrame("market", "garbage", 10).kind, FrameOutcome::Kind::Skipped);
    EXPECT_TRUE(collected.events.empty());
    EXPECT_EQ(pipeline.counts().otherSymbols, 1u);
    EXPECT_EQ(pipeline.counts().exchangeErrors, 1u);
    EXPECT_EQ(pipeline.counts().lastExchangeError, "rejected");
    EXPECT_EQ(adapter.skipped().count(core::SkipReason::MalformedJson), 1u);
}

TEST(FeedPipeline, ARestErrorStatusIsNotParsed) {
    FakeAdapter adapter;
    Collected collected;
    FeedPipeline pipeline(adapter, "BTCUSDT", collected.sink());
    const RestOutcome outcome =
        pipeline.onRest({"oi", "GET", "/oi", ""}, 429, "BTCUSDT oi 60000 5", 1);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.detail, "HTTP 429");
    pipeline.finishBootstrap(2);
    EXPECT_TRUE(collected.events.empty());
}

TEST(FeedPipeline, PassesTheAdaptersFollowUpPagesBack) {
    FakeAdapter adapter;
    Collected collected;
    FeedPipeline pipeline(adapter, "BTCUSDT", collected.sink());
    const RestOutcome outcome = pipeline.onRest({"paged", "GET", "/page1", ""}, 200, "", 1);
    ASSERT_EQ(outcome.followUps.size(), 1u);
    EXPECT_EQ(outcome.followUps[0].target, "/page2");
}

TEST(Recording, LinesRoundTripEveryKindByteForByte) {
    RecordedInput frame;
    frame.kind = RecordedInput::Kind::Frame;
    frame.receiveMs = 1700000000123;
    frame.exchange = "okx";
    frame.symbol = "BTC-USDT-SWAP";
    frame.stream = "public";
    frame.payload = "pong";  // not JSON: stored as a string, exactly
    EXPECT_EQ(formatRecordingLine(frame),
              R"({"recv":1700000000123,"exchange":"okx","symbol":"BTC-USDT-SWAP",)"
              R"("stream":"public","frame":"pong"})");

    RecordedInput rest;
    rest.kind = RecordedInput::Kind::Rest;
    rest.receiveMs = 5;
    rest.exchange = "hyperliquid";
    rest.symbol = "BTC";
    rest.request = {"candleSnapshot", "POST", "/info", R"({"type":"candleSnapshot"})",
                    1699990000000};
    rest.status = 200;
    rest.payload = "[{\"t\":1}]\n\ttail";
    RecordedInput done;
    done.kind = RecordedInput::Kind::BootstrapDone;
    done.receiveMs = 6;
    done.exchange = "bybit";
    done.symbol = "BTCUSDT";

    for (const RecordedInput& input : {frame, rest, done}) {
        RecordedInput back;
        std::string error;
        ASSERT_TRUE(parseRecordingLine(formatRecordingLine(input), back, error)) << error;
        EXPECT_EQ(back.kind, input.kind);
        EXPECT_EQ(back.receiveMs, input.receiveMs);
        EXPECT_EQ(back.exchange, input.exchange);
        EXPECT_EQ(back.symbol, input.symbol);
        EXPECT_EQ(back.stream, input.stream);
        EXPECT_EQ(back.request, input.request);
        EXPECT_EQ(back.status, input.status);
        EXPECT_EQ(back.payload, input.payload);
    }
}

TEST(Recording, BadLinesSayWhy) {
    RecordedInput back;
    std::string error;
    EXPECT_FALSE(
        parseRecordingLine(R"({"recv":1,"exchange":"binance","symbol":"X","fr)", back, error));
    EXPECT_EQ(error, "not JSON");
    EXPECT_FALSE(parseRecordingLine(
        R"({"exchange":"binance","symbol":"X","stream":"m","frame":"x"})", back, error));
    EXPECT_EQ(error, "missing_field at recv");
    EXPECT_FALSE(
        parseRecordingLine(R"({"recv":1,"exchange":"binance","symbol":"X"})", back, error));
    EXPECT_EQ(error, "missing_field at frame");
    EXPECT_FALSE(parseRecordingLine(
        R"({"recv":1,"exchange":"binance","symbol":"X","stream":"m","frame":7})", back, error));
    EXPECT_EQ(error, "wrong_type at frame");
}

// Fuzz finding (tests/data/fuzz-regressions/fuzz_recording): "status" was cast to int, so
// 4294967496 = 2^32 + 200 read as 200 and the line replayed as a successful premiumIndex answer.
// A status wider than three digits is now refused, and the replay counts the line as bad.
TEST(Recording, AStatusBeyondThreeDigitsIsRefusedNotWrapped) {
    const std::string content =
        test::readTestData("fuzz-regressions/fuzz_recording/status-beyond-int.jsonl");
    RecordedInput back;
    std::string error;
    EXPECT_FALSE(parseRecordingLine(content.substr(0, content.find('\n')), back, error));
    EXPECT_EQ(error, "out_of_range at status");

    std::size_t events = 0;
    RecordingReplay replay(
        {{}, [&](Venue, const std::string&, std::span<const EventRecord> delivered) {
             events += delivered.size();
         }});
    const ReplaySummary summary = replay.replay(content);
    EXPECT_EQ(summary.lines, 1u);
    EXPECT_EQ(summary.badLines, 1u);
    EXPECT_EQ(summary.firstBadLine, 1u);
    EXPECT_EQ(summary.firstBadLineError, "out_of_range at status");
    EXPECT_FALSE(summary.truncatedLastLine);
    EXPECT_TRUE(replay.pipelines().empty());
    EXPECT_EQ(events, 0u);

    // The bounds: 999 is still read as it is, 1000 and -1 are refused.
    const std::string prefix =
        R"({"recv":1,"exchange":"binance","symbol":"X","rest":"klines","method":"GET",)"
        R"("target":"/","request_body":"","body":"[]","status":)";
    ASSERT_TRUE(parseRecordingLine(prefix + "999}", back, error)) << error;
    EXPECT_EQ(back.status, 999);
    EXPECT_FALSE(parseRecordingLine(prefix + "1000}", back, error));
    EXPECT_EQ(error, "out_of_range at status");
    EXPECT_FALSE(parseRecordingLine(prefix + "-1}", back, error));
    EXPECT_EQ(error, "out_of_range at status");
}

std::string readAll(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

// What a live pipeline saw, recorded and fed back through a pipeline, gives the same events; a
// recorder killed mid-line leaves a truncated last line that does not parse.
TEST(Recording, ReplayingTheLinesReproducesTheLiveEvents) {
    const std::string path = ::testing::TempDir() + "liqmap_replay_test.jsonl";
    FakeAdapter liveAdapter;
    Collected live;
    {
        RecordingWriter writer(path);
        FeedPipeline pipeline(liveAdapter, "BTCUSDT", live.sink(), &writer);
        pipeline.onRest({"oi", "GET", "/oi", ""}, 200, "BTCUSDT oi 120000 9;BTCUSDT oi 60000 5",
                        100);
        pipeline.onRest({"candles", "GET", "/c", ""}, 200, "BTCUSDT candle 0 100", 101);
        pipeline.finishBootstrap(102);
        pipeline.onFrame("market", "BTCUSDT trade 130000 103", 130001);
        pipeline.onFrame("market", "ETHUSDT trade 130000 9", 130002);
        pipeline.onFrame("market", "ack", 130003);
        EXPECT_EQ(writer.linesWritten(), 6u);
        EXPECT_EQ(writer.error(), "");
    }
    std::string content = readAll(path);
    std::remove(path.c_str());
    content += R"({"recv":130004,"exchange":"binance","symbol":"BTCUSDT","stream":"mar)";

    FakeAdapter replayAdapter;
    Collected again;
    FeedPipeline pipeline(replayAdapter, "BTCUSDT", again.sink());
    std::size_t lines = 0;
    bool truncated = false;
    std::size_t start = 0;
    while (start < content.size()) {
        std::size_t end = content.find('\n', start);
        const bool last = end == std::string::npos;
        end = last ? content.size() : end;
        RecordedInput input;
        std::string error;
        if (parseRecordingLine(std::string_view(content).substr(start, end - start), input,
                               error)) {
            pipeline.onRecorded(input);
            ++lines;
        } else {
            truncated = last;
        }
        start = end + 1;
    }
    EXPECT_EQ(lines, 6u);
    EXPECT_TRUE(truncated);
    ASSERT_EQ(again.events.size(), live.events.size());
    for (std::size_t i = 0; i < live.events.size(); ++i) {
        EXPECT_EQ(again.events[i].symbol, live.events[i].symbol);
        EXPECT_EQ(again.events[i].event, live.events[i].event) << "event " << i;
    }
}

}  // namespace
}  // namespace liqmap::exchange
