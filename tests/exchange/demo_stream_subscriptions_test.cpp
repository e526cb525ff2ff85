// The demo exchange's market-stream connections: upgrade targets (/market/ws, /market/ws/<s>,
// /market/stream?streams=) and the live requests Binance documents (PROTOCOLS.md §1.2), with
// their replies and error frames.

#include <gtest/gtest.h>

#include <string>   // std::string
#include <variant>  // std::get_if

#include "demo/market_streams.h"
#include "demo/stream_subscriptions.h"

namespace liqmap::exchange::demo {
namespace {

StreamSet setOf(std::initializer_list<StreamId> ids) {
    StreamSet set;
    for (const StreamId id : ids) {
        set.set(static_cast<std::size_t>(id));
    }
    return set;
}

TEST(DemoMarketStreams, NamesTheStreamsWithTheSymbolInLowercase) {
    const MarketStreams streams("BTCUSDT");
    EXPECT_EQ(streams.name(StreamId::ForceOrder), "btcusdt@forceOrder");
    EXPECT_EQ(streams.name(StreamId::AllForceOrders), "!forceOrder@arr");
    EXPECT_EQ(streams.name(StreamId::MarkPrice1s), "btcusdt@markPrice@1s");
    EXPECT_EQ(streams.name(StreamId::MarkPrice3s), "btcusdt@markPrice");
    EXPECT_EQ(streams.name(StreamId::AggTrade), "btcusdt@aggTrade");
    EXPECT_EQ(streams.name(StreamId::Kline1m), "btcusdt@kline_1m");
    for (std::size_t i = 0; i < kStreamCount; ++i) {
        const auto id = static_cast<StreamId>(i);
        EXPECT_EQ(streams.parse(streams.name(id)), id);
    }
    EXPECT_EQ(streams.parse("BTCUSDT@aggTrade"), StreamId::AggTrade);
    EXPECT_FALSE(streams.parse("btcusdt@aggtrade"));
    EXPECT_FALSE(streams.parse("ethusdt@aggTrade"));
    EXPECT_FALSE(streams.parse("btcusdt@depth"));
    EXPECT_FALSE(streams.parse(""));
}

TEST(DemoMarketStreams, FramesBelongToTheirStreams) {
    EXPECT_EQ(MarketStreams::streamsOf(FrameKind::AggTrade, 1001), setOf({StreamId::AggTrade}));
    EXPECT_EQ(MarketStreams::streamsOf(FrameKind::Kline, 1001), setOf({StreamId::Kline1m}));
    EXPECT_EQ(MarketStreams::streamsOf(FrameKind::ForceOrder, 1001),
              setOf({StreamId::ForceOrder, StreamId::AllForceOrders}));
    // markPrice without @1s: every third second.
    EXPECT_EQ(MarketStreams::streamsOf(FrameKind::MarkPrice, 4000), setOf({StreamId::MarkPrice1s}));
    EXPECT_EQ(MarketStreams::streamsOf(FrameKind::MarkPrice, 6000),
              setOf({StreamId::MarkPrice1s, StreamId::MarkPrice3s}));
}

TEST(DemoMarketStreams, UpgradeTargetsNameStreamsAndFraming) {
    const MarketStreams streams("BTCUSDT");
    auto target = [&](std::string_view text) {
        const auto result = streams.target(text);
        const auto* accepted = std::get_if<StreamTarget>(&result);
        EXPECT_NE(accepted, nullptr) << text;
        return accepted != nullptr ? *accepted : StreamTarget{};
    };
    const StreamTarget bare = target("/market/ws");
    EXPECT_TRUE(bare.streams.none());
    EXPECT_FALSE(bare.combined);
    const StreamTarget raw = target("/market/ws/btcusdt@aggTrade/btcusdt@kline_1m");
    EXPECT_EQ(raw.streams, setOf({StreamId::AggTrade, StreamId::Kline1m}));
    EXPECT_FALSE(raw.combined);
    const StreamTarget combined =
        target("/market/stream?streams=btcusdt@markPrice@1s/!forceOrder@arr&timeUnit=ms");
    EXPECT_EQ(combined.streams, setOf({StreamId::MarkPrice1s, StreamId::AllForceOrders}));
    EXPECT_TRUE(combined.combined);
    EXPECT_TRUE(target("/market/stream").combined);
}

TEST(DemoMarketStreams, RefusesOtherPathsAndUnknownStreams) {
    const MarketStreams streams("BTCUSDT");
    auto refusal = [&](std::string_view text) {
        const auto result = streams.target(text);
        const auto* refused = std::get_if<TargetRefusal>(&result);
        EXPECT_NE(refused, nullptr) << text;
        return refused != nullptr ? *refused : TargetRefusal{};
    };
    // The legacy un-routed paths stay closed to market streams (PROTOCOLS.md §1.1).
    const TargetRefusal legacy = refusal("/ws/btcusdt@aggTrade");
    EXPECT_EQ(legacy.status, 404u);
    EXPECT_EQ(legacy.body,
              R"({"code":-1,"msg":"Path /ws/btcusdt@aggTrade is not a market stream endpoint"})");
    const TargetRefusal unknown = refusal("/market/ws/btcusdt@aggTrade/btcusdt@depth");
    EXPECT_EQ(unknown.status, 400u);
    EXPECT_EQ(unknown.body,
              R"({"code":2,"msg":"Invalid request: unknown stream 'btcusdt@depth'"})");
    EXPECT_EQ(refusal("/market/stream?streams=ethusdt@aggTrade").status, 400u);
}

class DemoStreamSubscriptions : public testing::Test {
protected:
    MarketStreams m_streams{"BTCUSDT"};
    StreamSubscriptions m_session{m_streams, StreamTarget{}};
};

TEST_F(DemoStreamSubscriptions, SubscribeIsAcknowledgedAndAddsTheStreams) {
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":["btcusdt@forceOrder",)"
                               R"("btcusdt@markPrice@1s","btcusdt@aggTrade","btcusdt@kline_1m"],)"
                               R"("id":1})"),
              R"({"result":null,"id":1})");
    EXPECT_EQ(m_session.streams(), setOf({StreamId::ForceOrder, StreamId::MarkPrice1s,
                                          StreamId::AggTrade, StreamId::Kline1m}));
    EXPECT_TRUE(m_session.wants(StreamId::AggTrade));
    EXPECT_FALSE(m_session.wants(StreamId::MarkPrice3s));
    EXPECT_EQ(m_session.handle(R"({"method":"LIST_SUBSCRIPTIONS","id":3})"),
              R"({"result":["btcusdt@forceOrder","btcusdt@markPrice@1s","btcusdt@aggTrade",)"
              R"("btcusdt@kline_1m"],"id":3})");
    EXPECT_EQ(m_session.handle(R"({"method":"UNSUBSCRIBE","params":["btcusdt@aggTrade"],)"
                               R"("id":312})"),
              R"({"result":null,"id":312})");
    EXPECT_FALSE(m_session.wants(StreamId::AggTrade));
}

TEST_F(DemoStreamSubscriptions, AnUnknownStreamIsAnErrorFrameAndChangesNothing) {
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade",)"
                               R"("btcusdt@depth"],"id":7})"),
              R"({"code":2,"msg":"Invalid request: unknown stream 'btcusdt@depth'","id":7})");
    EXPECT_TRUE(m_session.streams().none());
    // The connection goes on: the next request works.
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":8})"),
              R"({"result":null,"id":8})");
}

TEST_F(DemoStreamSubscriptions, CombinedPropertyCanBeReadAndSet) {
    EXPECT_FALSE(m_session.combined());
    EXPECT_EQ(m_session.handle(R"({"method":"GET_PROPERTY","params":["combined"],"id":2})"),
              R"({"result":false,"id":2})");
    EXPECT_EQ(m_session.handle(R"({"method":"SET_PROPERTY","params":["combined",true],"id":5})"),
              R"({"result":null,"id":5})");
    EXPECT_TRUE(m_session.combined());
    EXPECT_EQ(m_session.handle(R"({"method":"SET_PROPERTY","params":["combined","yes"],"id":6})"),
              R"({"code":1,"msg":"Invalid value type: expected Boolean","id":6})");
    EXPECT_EQ(m_session.handle(R"({"method":"GET_PROPERTY","params":["colour"],"id":9})"),
              R"({"code":0,"msg":"Unknown property","id":9})");
}

TEST_F(DemoStreamSubscriptions, MalformedRequestsGetBinancesErrors) {
    EXPECT_EQ(m_session.handle("ping"),
              R"({"code":3,"msg":"Invalid JSON: the message is not JSON"})");
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":[],"id":-1})"),
              R"({"code":2,"msg":"Invalid request: request ID must be an unsigned integer"})");
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":[]})"),
              R"({"code":2,"msg":"Invalid request: missing field `id`"})");
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":"btcusdt@aggTrade","id":4})"),
              R"({"code":2,"msg":"Invalid request: params must be an array","id":4})");
    EXPECT_EQ(m_session.handle(R"({"method":"SUBSCRIBE","params":[1],"id":4})"),
              R"({"code":2,"msg":"Invalid request: stream names must be strings","id":4})");
    EXPECT_EQ(m_session.handle(R"({"method":"PING","id":4})"),
              R"({"code":2,"msg":"Invalid request: unknown variant `PING`, expected one of )"
              R"(`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, )"
              R"(`GET_PROPERTY`","id":4})");
    EXPECT_EQ(m_session.handle("[1]"),
              R"({"code":2,"msg":"Invalid request: expected a JSON object"})");
}

}  // namespace
}  // namespace liqmap::exchange::demo
