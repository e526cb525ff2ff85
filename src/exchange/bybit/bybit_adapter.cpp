#include "bybit_adapter.h"

#include <algorithm>    // std::sort, std::min, std::search
#include <array>        // std::array
#include <chrono>       // std::chrono::seconds
#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t, std::uint8_t
#include <functional>   // std::less, std::boyer_moore_horspool_searcher
#include <map>          // std::map
#include <memory>       // std::make_unique
#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include "json_fields.h"
#include "json_scan.h"
#include "liqmap/core/event_codec.h"
#include "liqmap/core/instrument.h"
#include "liqmap/core/market_event.h"
#include "liqmap/core/number_text.h"
#include "liqmap/core/skip_counts.h"
#include "scan_fields.h"

namespace liqmap::exchange::bybit {

namespace {

using core::SkipReason;
using core::TimestampMs;
using detail::FieldReader;
using detail::Json;

constexpr std::string_view kExchange = "bybit";

// Request names (RestRequest::name); parseRest dispatches on them.
constexpr std::string_view kInstrumentsInfo = "instruments-info";
constexpr std::string_view kRiskLimit = "risk-limit";
constexpr std::string_view kOpenInterest = "open-interest";
constexpr std::string_view kKline = "kline";

// Page sizes: instruments-info defaults to 500 rows while linear has 800+ symbols (§6.13).
constexpr std::string_view kInstrumentsLimit = "1000";
constexpr std::string_view kOpenInterestLimit = "200";
constexpr std::int64_t kKlineLimit = 1000;

// ---------------------------------------------------------------------------------------------
// Text helpers

bool isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

// RFC 3986 percent-encoding of a query value. Bybit's cursors are opaque tokens that already
// contain '%', '=' and '&' ("lastid%3D19408935%26lasttime%3D…"): sent raw they would split into
// extra parameters, so the whole token is encoded as one value.
std::string percentEncode(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size());
    for (const char c : text) {
        if (isUnreserved(c)) {
            encoded += c;
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        encoded += '%';
        encoded += kHex[byte >> 4U];
        encoded += kHex[byte & 0x0FU];
    }
    return encoded;
}

// Where `key`'s value starts and ends in `target`'s query, or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> findParam(std::string_view target,
                                                             std::string_view key) {
    const std::size_t query = target.find('?');
    if (query == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t at = query + 1;
    while (at < target.size()) {
        std::size_t end = target.find('&', at);
        if (end == std::string_view::npos) {
            end = target.size();
        }
        const std::string_view pair = target.substr(at, end - at);
        if (pair.size() > key.size() && pair.starts_with(key) && pair[key.size()] == '=') {
            return std::pair{at + key.size() + 1, end};
        }
        at = end + 1;
    }
    return std::nullopt;
}

std::optional<std::string_view> queryParam(std::string_view target, std::string_view key) {
    const auto range = findParam(target, key);
    if (!range) {
        return std::nullopt;
    }
    return target.substr(range->first, range->second - range->first);
}

std::optional<std::int64_t> integerParam(std::string_view target, std::string_view key) {
    const auto value = queryParam(target, key);
    return value ? core::parseInteger(*value) : std::nullopt;
}

// `target` with `key` set to `value` (already encoded): replaced in place, or appended.
std::string withParam(std::string_view target, std::string_view key, std::string_view value) {
    std::string result(target);
    if (const auto range = findParam(target, key)) {
        result.replace(range->first, range->second - range->first, value);
        return result;
    }
    result += target.find('?') == std::string_view::npos ? '?' : '&';
    result += key;
    result += '=';
    result += value;
    return result;
}

// A JSON string literal for `text`; invalid UTF-8 is replaced rather than thrown on.
std::string jsonString(std::string_view text) {
    return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string indexed(std::string_view path, std::size_t index) {
    return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string describe(SkipReason reason, std::string_view field) {
    std::string text(core::toString(reason));
    if (!field.empty()) {
        text += ": ";
        text += field;
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// Collecting events and skips

// A normalized field name (as core::validateEvent reports it) and the venue's name for it, so a
// rejected event is reported at the field of the frame that carried the number.
struct FieldName {
    std::string_view normalized;
    std::string_view venue;
};

// "notional" (qty × price) has no field of its own and keeps its normalized name.
constexpr std::array<FieldName, 3> kLiquidationNames{{{"ts", "T"}, {"price", "p"}, {"qty", "v"}}};
constexpr std::array<FieldName, 3> kDeprecatedLiquidationNames{{
    {"ts", "updatedTime"},
    {"price", "price"},
    {"qty", "size"},
}};
constexpr std::array<FieldName, 3> kTradeNames{{{"ts", "T"}, {"price", "p"}, {"qty", "v"}}};
constexpr std::array<FieldName, 1> kCandleNames{{{"ts", "start"}}};
constexpr std::array<FieldName, 6> kKlineRowNames{{
    {"ts", "[0]"},
    {"open", "[1]"},
    {"high", "[2]"},
    {"low", "[3]"},
    {"close", "[4]"},
    {"volume", "[5]"},
}};

std::string venuePath(std::string_view recordPath, std::string_view field,
                      std::span<const FieldName> names) {
    std::string_view venue = field;
    for (const FieldName& name : names) {
        if (name.normalized == field) {
            venue = name.venue;
            break;
        }
    }
    std::string path(recordPath);
    if (!path.empty() && !venue.starts_with('[')) {
        path += '.';
    }
    path += venue;
    return path;
}

// What one frame or one REST page produced: events appended to `out`, skipped records counted
// once each in the adapter's SkipCounts, the first skip remembered for the outcome.
class RecordSink {
public:
    RecordSink(core::SkipCounts& skipped, std::vector<core::EventRecord>& out)
        : m_skipped(skipped), m_out(out) {}

    void skipRecord(SkipReason reason, std::string field) {
        m_skipped.add(reason);
        if (m_skippedRecords++ == 0) {
            m_reason = reason;
            m_field = std::move(field);
        }
    }
    void skipRecord(const FieldReader& reader) { skipRecord(reader.reason(), reader.field()); }

    // Appends `event` when core::validateEvent accepts it; otherwise skips the record.
    template <class Event>
    bool emit(std::string_view symbol, const Event& event, std::string_view recordPath,
              std::span<const FieldName> names) {
        const core::EventParseStatus status = core::validateEvent(event);
        if (!status.ok) {
            skipRecord(status.reason, venuePath(recordPath, status.field, names));
            return false;
        }
        m_out.push_back(core::EventRecord{std::string(kExchange), std::string(symbol), event});
        ++m_events;
        return true;
    }

    // A whole frame that yields nothing usable: one skip.
    FrameOutcome skipFrame(SkipReason reason, std::string_view field) {
        return FrameOutcome::skipped(m_skipped, reason, field);
    }
    FrameOutcome skipFrame(const FieldReader& reader) {
        return skipFrame(reader.reason(), reader.field());
    }

    FrameOutcome frameOutcome() const {
        FrameOutcome outcome;
        outcome.kind = FrameOutcome::Kind::Data;
        outcome.events = m_events;
        outcome.skippedRecords = m_skippedRecords;
        if (m_skippedRecords > 0) {
            outcome.reason = m_reason;
            outcome.detail = m_field;
        }
        return outcome;
    }

    RestOutcome restOutcome() const {
        RestOutcome outcome;
        outcome.events = m_events;
        outcome.skippedRecords = m_skippedRecords;
        if (m_skippedRecords > 0) {
            outcome.detail = describe(m_reason, m_field);
        }
        return outcome;
    }

private:
    core::SkipCounts& m_skipped;
    std::vector<core::EventRecord>& m_out;
    std::size_t m_events = 0;
    std::size_t m_skippedRecords = 0;
    SkipReason m_reason = SkipReason::MalformedJson;
    std::string m_field;
};

// ---------------------------------------------------------------------------------------------
// Field readers shared by frames and REST rows

// Bybit "Buy"/"Sell" on a liquidation is the side of the POSITION that was closed: "Buy" = a
// long was liquidated (PROTOCOLS.md §2.3, the opposite of Binance's order side).
std::optional<core::Side> positionSideOf(std::string_view text) {
    if (text == "Buy") {
        return core::Side::Long;
    }
    if (text == "Sell") {
        return core::Side::Short;
    }
    return std::nullopt;
}

// publicTrade "S" is the taker's side.
std::optional<core::Aggressor> takerSideOf(std::string_view text) {
    if (text == "Buy") {
        return core::Aggressor::Buy;
    }
    if (text == "Sell") {
        return core::Aggressor::Sell;
    }
    return std::nullopt;
}

// Kline interval: minutes 1 3 5 15 30 60 120 240 360 720, "D" and "W". "M" (a calendar month)
// has no fixed length and is not mapped.
std::optional<TimestampMs> intervalOf(std::string_view text) {
    static constexpr std::array<std::int64_t, 10> kMinutes{1, 3, 5, 15, 30, 60, 120, 240, 360, 720};
    if (text == "D") {
        return core::kDayMs;
    }
    if (text == "W") {
        return 7 * core::kDayMs;
    }
    const auto minutes = core::parseInteger(text);
    if (!minutes || std::find(kMinutes.begin(), kMinutes.end(), *minutes) == kMinutes.end()) {
        return std::nullopt;
    }
    return *minutes * core::kMinuteMs;
}

// A non-empty string field.
std::string_view nonEmptyText(FieldReader& reader, std::string_view key) {
    const std::string_view text = reader.text(key);
    if (reader.ok() && text.empty()) {
        reader.fail(SkipReason::InvalidValue, key);
    }
    return text;
}

core::Liquidation liquidationOf(TimestampMs ts, core::Side side, double price, double qty) {
    core::Liquidation liquidation;
    liquidation.ts = ts;
    liquidation.side = side;
    liquidation.price = price;
    liquidation.qty = qty;
    liquidation.notional = qty * price;
    // Bybit reports the bankruptcy price of the position (§6.3), not a fill price.
    liquidation.priceKind = core::PriceKind::Bankruptcy;
    return liquidation;
}

// The "data" member of a topic frame as an array, or a skip.
const Json* dataArray(FieldReader& envelope) {
    const Json* data = envelope.member("data");
    if (data != nullptr && !data->is_array()) {
        envelope.fail(SkipReason::WrongType, "data");
        return nullptr;
    }
    return data;
}

// ---------------------------------------------------------------------------------------------
// Topics

// allLiquidation.<symbol>: data is an array of {T, s, S, v, p}.
FrameOutcome parseAllLiquidation(const Json& frame, RecordSink& sink) {
    FieldReader envelope(frame);
    const Json* data = dataArray(envelope);
    if (!envelope.ok()) {
        return sink.skipFrame(envelope);
    }
    for (std::size_t i = 0; i < data->size(); ++i) {
        const std::string path = indexed("data", i);
        FieldReader record((*data)[i], path);
        const TimestampMs ts = record.timestamp("T");
        const std::string_view symbol = nonEmptyText(record, "s");
        const auto side = positionSideOf(record.text("S"));
        if (record.ok() && !side) {
            record.fail(SkipReason::InvalidValue, "S");
        }
        const double qty = record.positiveDecimal("v");
        const double price = record.positiveDecimal("p");
        if (!record.ok()) {
            sink.skipRecord(record);
            continue;
        }
        sink.emit(symbol, liquidationOf(ts, *side, price, qty), path, kLiquidationNames);
    }
    return sink.frameOutcome();
}

// liquidation.<symbol> (deprecated, old recordings): data is one object
// {updatedTime, symbol, side, size, price}, same side meaning and bankruptcy price.
FrameOutcome parseDeprecatedLiquidation(const Json& frame, RecordSink& sink) {
    FieldReader envelope(frame);
    const Json* data = envelope.member("data");
    if (!envelope.ok()) {
        return sink.skipFrame(envelope);
    }
    FieldReader record(*data, "data");
    const TimestampMs ts = record.timestamp("updatedTime");
    const std::string_view symbol = nonEmptyText(record, "symbol");
    const auto side = positionSideOf(record.text("side"));
    if (record.ok() && !side) {
        record.fail(SkipReason::InvalidValue, "side");
    }
    const double qty = record.positiveDecimal("size");
    const double price = record.positiveDecimal("price");
    if (!record.ok()) {
        return sink.skipFrame(record);
    }
    const core::Liquidation liquidation = liquidationOf(ts, *side, price, qty);
    const core::EventParseStatus status = core::validateEvent(liquidation);
    if (!status.ok) {
        return sink.skipFrame(status.reason,
                              venuePath("data", status.field, kDeprecatedLiquidationNames));
    }
    sink.emit(symbol, liquidation, "data", kDeprecatedLiquidationNames);
    return sink.frameOutcome();
}

// publicTrade.<symbol>: data is an array of {T, s, S (taker side), v, p, …}.
FrameOutcome parsePublicTrade(const Json& frame, RecordSink& sink) {
    FieldReader envelope(frame);
    const Json* data = dataArray(envelope);
    if (!envelope.ok()) {
        return sink.skipFrame(envelope);
    }
    for (std::size_t i = 0; i < data->size(); ++i) {
        const std::string path = indexed("data", i);
        FieldReader record((*data)[i], path);
        core::Trade trade;
        trade.ts = record.timestamp("T");
        const std::string_view symbol = nonEmptyText(record, "s");
        const auto aggressor = takerSideOf(record.text("S"));
        if (record.ok() && !aggressor) {
            record.fail(SkipReason::InvalidValue, "S");
        }
        trade.qty = record.positiveDecimal("v");
        trade.price = record.positiveDecimal("p");
        if (!record.ok()) {
            sink.skipRecord(record);
            continue;
        }
        trade.aggressor = *aggressor;
        sink.emit(symbol, trade, path, kTradeNames);
    }
    return sink.frameOutcome();
}

// kline.<interval>.<symbol>: data is an array of candles; one frame may hold the candle that
// just closed (confirm true) and the new open one. The symbol is only in the topic.
FrameOutcome parseKline(const Json& frame, std::string_view topicRest, RecordSink& sink) {
    const std::size_t dot = topicRest.find('.');
    if (dot == std::string_view::npos || dot + 1 == topicRest.size()) {
        return sink.skipFrame(SkipReason::InvalidValue, "topic");
    }
    const std::string_view symbol = topicRest.substr(dot + 1);
    FieldReader envelope(frame);
    const Json* data = dataArray(envelope);
    if (!envelope.ok()) {
        return sink.skipFrame(envelope);
    }
    for (std::size_t i = 0; i < data->size(); ++i) {
        const std::string path = indexed("data", i);
        FieldReader record((*data)[i], path);
        core::Candle candle;
        candle.ts = record.timestamp("start");
        const auto intervalMs = intervalOf(record.text("interval"));
        if (record.ok() && !intervalMs) {
            record.fail(SkipReason::InvalidValue, "interval");
        }
        candle.open = record.positiveDecimal("open");
        candle.high = record.positiveDecimal("high");
        candle.low = record.positiveDecimal("low");
        candle.close = record.positiveDecimal("close");
        candle.volume = record.nonNegativeDecimal("volume");
        candle.closed = record.boolean("confirm");
        if (!record.ok()) {
            sink.skipRecord(record);
            continue;
        }
        candle.intervalMs = *intervalMs;
        sink.emit(symbol, candle, path, kCandleNames);
    }
    return sink.frameOutcome();
}

enum class Sign : std::uint8_t { Positive, NonNegative, Any };
enum class TickerGroup : std::uint8_t { Mark, OpenInterest };

struct TickerField {
    std::string_view key;
    std::optional<double> TickerState::*slot;
    Sign sign;
    TickerGroup group;
};

constexpr std::array<TickerField, 7> kTickerFields{{
    {"markPrice", &TickerState::markPrice, Sign::Positive, TickerGroup::Mark},
    {"indexPrice", &TickerState::indexPrice, Sign::Positive, TickerGroup::Mark},
    {"fundingRate", &TickerState::fundingRate, Sign::Any, TickerGroup::Mark},
    {"openInterest", &TickerState::openInterest, Sign::NonNegative, TickerGroup::OpenInterest},
    {"openInterestValue", &TickerState::openInterestValue, Sign::NonNegative,
     TickerGroup::OpenInterest},
    {"singleOpenInterest", &TickerState::singleOpenInterest, Sign::NonNegative,
     TickerGroup::OpenInterest},
    {"singleOpenInterestValue", &TickerState::singleOpenInterestValue, Sign::NonNegative,
     TickerGroup::OpenInterest},
}};

bool signAllows(Sign sign, double value) {
    switch (sign) {
        case Sign::Positive:
            return value > 0;
        case Sign::NonNegative:
            return value >= 0;
        case Sign::Any:
            return true;
    }
    return false;
}

// tickers.<symbol>: a snapshot replaces the symbol's cache, a delta merges the fields it carries
// (a delta before any snapshot merges into an empty cache). The frame is all or nothing: when a
// field or an event is bad the cache keeps its previous state.
FrameOutcome parseTickers(const Json& frame, std::string_view symbol,
                          std::map<std::string, TickerState, std::less<>>& tickers,
                          RecordSink& sink) {
    FieldReader envelope(frame);
    const std::string_view type = envelope.text("type");
    if (envelope.ok() && type != "snapshot" && type != "delta") {
        envelope.fail(SkipReason::InvalidValue, "type");
    }
    const TimestampMs ts = envelope.timestamp("ts");
    const Json* data = envelope.member("data");
    if (!envelope.ok()) {
        return sink.skipFrame(envelope);
    }
    // The docs table says array, real frames carry an object; accept one element either way.
    std::string dataPath = "data";
    if (data->is_array()) {
        if (data->size() != 1) {
            return sink.skipFrame(SkipReason::InvalidValue, "data");
        }
        data = &data->front();
        dataPath = "data[0]";
    }
    FieldReader fields(*data, dataPath);

    TickerState next;
    const auto cached = tickers.find(symbol);
    if (type == "delta" && cached != tickers.end()) {
        next = cached->second;
    }
    bool carriesMark = false;
    bool carriesOpenInterest = false;
    for (const TickerField& field : kTickerFields) {
        if (!fields.ok() || fields.optionalMember(field.key) == nullptr) {
            continue;
        }
        (field.group == TickerGroup::Mark ? carriesMark : carriesOpenInterest) = true;
        // "" is "not applicable" (funding of a dated future): the value becomes unknown.
        const std::optional<double> value = fields.optionalDecimal(field.key);
        if (fields.ok() && value && !signAllows(field.sign, *value)) {
            fields.fail(SkipReason::InvalidValue, field.key);
        }
        next.*field.slot = value;
    }
    if (!fields.ok()) {
        return sink.skipFrame(fields);
    }

    std::optional<core::MarkPrice> mark;
    if (carriesMark && next.markPrice) {
        mark = core::MarkPrice{ts, *next.markPrice, next.indexPrice, next.fundingRate};
    }
    // Open interest of ONE side. Since 2026-06 Bybit documents openInterest as both sides and
    // sends singleOpenInterest (one side) next to it; frames without singleOpenInterest are from
    // before that change, when openInterest is assumed to have been one side like Binance's and
    // OKX's (PROTOCOLS.md §2.3: unverified), so they are used as sent.
    std::optional<core::OpenInterest> openInterest;
    bool single = false;
    if (carriesOpenInterest) {
        if (next.singleOpenInterest) {
            single = true;
            openInterest =
                core::OpenInterest{ts, *next.singleOpenInterest, next.singleOpenInterestValue};
        } else if (next.openInterest) {
            openInterest = core::OpenInterest{ts, *next.openInterest, next.openInterestValue};
        }
    }

    const std::array<FieldName, 6> names{{
        {"ts", "ts"},
        {"price", "markPrice"},
        {"index", "indexPrice"},
        {"funding", "fundingRate"},
        {"qty", single ? "singleOpenInterest" : "openInterest"},
        {"notional", single ? "singleOpenInterestValue" : "openInterestValue"},
    }};
    auto reject = [&](const core::EventParseStatus& status) {
        // The timestamp is the envelope's; everything else is inside data.
        return sink.skipFrame(status.reason, status.field == "ts"
                                                 ? std::string("ts")
                                                 : venuePath(dataPath, status.field, names));
    };
    if (mark) {
        if (const auto status = core::validateEvent(*mark); !status.ok) {
            return reject(status);
        }
    }
    if (openInterest) {
        if (const auto status = core::validateEvent(*openInterest); !status.ok) {
            return reject(status);
        }
    }

    tickers.insert_or_assign(std::string(symbol), next);
    if (mark) {
        sink.emit(symbol, *mark, dataPath, names);
    }
    if (openInterest) {
        sink.emit(symbol, *openInterest, dataPath, names);
    }
    return sink.frameOutcome();
}

// Frames without a topic: acks, pongs and errors of the op protocol.
FrameOutcome parseOpReply(const Json& frame, RecordSink& sink) {
    FieldReader envelope(frame);
    if (const Json* success = envelope.optionalMember("success")) {
        if (!success->is_boolean()) {
            return sink.skipFrame(SkipReason::WrongType, "success");
        }
        if (success->get<bool>()) {
            return FrameOutcome{};  // subscribe ack, or the linear pong (op stays "ping")
        }
        FrameOutcome error;
        error.kind = FrameOutcome::Kind::ExchangeError;
        const Json* message = envelope.optionalMember("ret_msg");
        error.detail = message != nullptr && message->is_string()
                           ? message->get<std::string>()
                           : std::string("success false without ret_msg");
        return error;
    }
    if (const Json* op = envelope.optionalMember("op")) {
        if (!op->is_string()) {
            return sink.skipFrame(SkipReason::WrongType, "op");
        }
        // {"op":"pong","args":[…]} is the pong of the other Bybit sockets; "subscribe" and
        // "ping" without "success" are our own requests, which recordings may contain.
        const auto& name = op->get_ref<const std::string&>();
        if (name == "pong" || name == "ping" || name == "subscribe" || name == "unsubscribe") {
            return FrameOutcome{};
        }
        return sink.skipFrame(SkipReason::UnknownType, "op");
    }
    return sink.skipFrame(SkipReason::MissingField, "topic");
}

// ---------------------------------------------------------------------------------------------
// REST

// The parts of a successful response page liqmap reads.
struct Page {
    const Json* result = nullptr;
    const Json* list = nullptr;
    std::string nextCursor;  ///< empty on the last page
};

// Checks the envelope {"retCode":0,"retMsg":"OK","result":{"list":[…],"nextPageCursor":…}};
// returns the failure detail, or "" with `page` filled.
std::string readPage(const Json& body, Page& page) {
    FieldReader envelope(body);
    const std::int64_t retCode = envelope.integer("retCode");
    if (!envelope.ok()) {
        return describe(envelope.reason(), envelope.field());
    }
    if (retCode != 0) {
        const Json* message = envelope.optionalMember("retMsg");
        return "retCode " + std::to_string(retCode) + ": " +
               (message != nullptr && message->is_string() ? message->get<std::string>()
                                                           : std::string());
    }
    page.result = envelope.member("result");
    if (!envelope.ok()) {
        return describe(envelope.reason(), envelope.field());
    }
    FieldReader result(*page.result, "result");
    page.list = result.member("list");
    if (result.ok() && !page.list->is_array()) {
        result.fail(SkipReason::WrongType, "list");
    }
    if (const Json* cursor = result.optionalMember("nextPageCursor");
        cursor != nullptr && result.ok()) {
        if (!cursor->is_string()) {
            result.fail(SkipReason::WrongType, "nextPageCursor");
        } else {
            page.nextCursor = cursor->get<std::string>();
        }
    }
    if (!result.ok()) {
        return describe(result.reason(), result.field());
    }
    return {};
}

// The symbol of a history page: result.symbol, or the request's own when the page omits it.
std::string pageSymbol(const Page& page, const RestRequest& request) {
    if (page.result != nullptr) {
        const auto found = page.result->find("symbol");
        if (found != page.result->end() && found->is_string() &&
            !found->get_ref<const std::string&>().empty()) {
            return found->get<std::string>();
        }
    }
    return std::string(queryParam(request.target, "symbol").value_or(""));
}

void parseInstruments(const Page& page, InstrumentRegistry& registry, RecordSink& sink) {
    for (std::size_t i = 0; i < page.list->size(); ++i) {
        const std::string path = indexed("result.list", i);
        FieldReader row((*page.list)[i], path);
        InstrumentInfo info;
        info.symbol = nonEmptyText(row, "symbol");
        info.baseAsset = nonEmptyText(row, "baseCoin");
        info.quoteAsset = nonEmptyText(row, "quoteCoin");
        // Linear sizes are base coins: one contract is one coin (§2.5).
        info.contractValue = 1;
        const Json* priceFilter = row.member("priceFilter");
        const Json* leverageFilter = row.member("leverageFilter");
        if (!row.ok()) {
            sink.skipRecord(row);
            continue;
        }
        FieldReader price(*priceFilter, path + ".priceFilter");
        info.tickSize = price.positiveDecimal("tickSize");
        if (!price.ok()) {
            sink.skipRecord(price);
            continue;
        }
        FieldReader leverage(*leverageFilter, path + ".leverageFilter");
        info.maxLeverage = leverage.positiveDecimal("maxLeverage");
        if (!leverage.ok()) {
            sink.skipRecord(leverage);
            continue;
        }
        registry.upsert(std::move(info));
    }
}

struct TierRow {
    std::size_t index = 0;
    core::MaintenanceTier tier;
};

void parseRiskLimits(const Page& page, bool laterPage, InstrumentRegistry& registry,
                     RecordSink& sink) {
    std::map<std::string, std::vector<TierRow>, std::less<>> bySymbol;
    for (std::size_t i = 0; i < page.list->size(); ++i) {
        FieldReader row((*page.list)[i], indexed("result.list", i));
        const std::string_view symbol = nonEmptyText(row, "symbol");
        TierRow tier{i, {}};
        tier.tier.notionalCap = row.positiveDecimal("riskLimitValue");
        // Typed "number" in the docs but sent as strings: accept both. The docs example shows
        // "0.5" next to maxLeverage "100.00", which reads as PERCENT (0.5 % at 100x); percent vs
        // ratio is unverified against live data (PROTOCOLS.md §2.4), so this is an assumption.
        const double maintenancePercent = row.nonNegativeDecimal("maintenanceMargin", true);
        if (row.ok() && maintenancePercent >= 100) {
            row.fail(SkipReason::OutOfRange, "maintenanceMargin");
        }
        tier.tier.mmr = maintenancePercent / 100;
        // mmDeduction "" (no deduction) reads as 0.
        const auto deduction = row.optionalDecimal("mmDeduction", true);
        if (row.ok() && deduction && *deduction < 0) {
            row.fail(SkipReason::InvalidValue, "mmDeduction");
        }
        tier.tier.maintenanceAmount = deduction.value_or(0);
        tier.tier.maxLeverage = row.positiveDecimal("maxLeverage", true);
        // core::Instrument rejects a tier whose leverage is not above 1.
        if (row.ok() && tier.tier.maxLeverage <= 1) {
            row.fail(SkipReason::InvalidValue, "maxLeverage");
        }
        if (!row.ok()) {
            sink.skipRecord(row);
            continue;
        }
        bySymbol[std::string(symbol)].push_back(tier);
    }
    for (auto& [symbol, rows] : bySymbol) {
        std::vector<core::MaintenanceTier> tiers;
        const InstrumentInfo* known = registry.find(symbol);
        // A later page continues the previous page's list (the tiers of one symbol may straddle
        // pages); the first page of a refresh replaces what was known.
        if (laterPage && known != nullptr) {
            tiers = known->tiers;
        }
        std::sort(rows.begin(), rows.end(), [](const TierRow& a, const TierRow& b) {
            return a.tier.notionalCap < b.tier.notionalCap;
        });
        for (const TierRow& row : rows) {
            const bool duplicate =
                std::any_of(tiers.begin(), tiers.end(), [&](const core::MaintenanceTier& tier) {
                    return tier.notionalCap == row.tier.notionalCap;
                });
            if (duplicate) {
                // Two tiers with one cap: which one applies is unknowable.
                sink.skipRecord(SkipReason::InvalidValue,
                                indexed("result.list", row.index) + ".riskLimitValue");
                continue;
            }
            tiers.push_back(row.tier);
        }
        std::sort(tiers.begin(), tiers.end(),
                  [](const core::MaintenanceTier& a, const core::MaintenanceTier& b) {
                      return a.notionalCap < b.notionalCap;
                  });
        if (known != nullptr) {
            registry.setTiers(symbol, std::move(tiers));
            continue;
        }
        // Tiers before the instrument list: keep them; the list's upsert leaves them in place.
        InstrumentInfo info;
        info.symbol = symbol;
        info.maxLeverage = tiers.front().maxLeverage;
        info.tiers = std::move(tiers);
        registry.upsert(std::move(info));
    }
}

// Open-interest history rows {openInterest, singleOpenInterest, timestamp}, newest first.
// Returns the oldest accepted timestamp (0 when none).
TimestampMs parseOpenInterestHistory(const Page& page, std::string_view symbol, RecordSink& sink) {
    TimestampMs oldest = 0;
    for (std::size_t i = 0; i < page.list->size(); ++i) {
        const std::string path = indexed("result.list", i);
        FieldReader row((*page.list)[i], path);
        core::OpenInterest openInterest;
        openInterest.ts = row.timestamp("timestamp");
        // One side, as in tickers: singleOpenInterest where sent, openInterest otherwise.
        std::string_view key = "singleOpenInterest";
        std::optional<double> qty = row.optionalDecimal(key);
        if (row.ok() && !qty) {
            key = "openInterest";
            qty = row.decimal(key);
        }
        if (row.ok() && qty && *qty < 0) {
            row.fail(SkipReason::InvalidValue, key);
        }
        if (!row.ok()) {
            sink.skipRecord(row);
            continue;
        }
        openInterest.qty = *qty;
        const std::array<FieldName, 2> names{{{"ts", "timestamp"}, {"qty", key}}};
        if (sink.emit(symbol, openInterest, path, names)) {
            oldest = oldest == 0 ? openInterest.ts : std::min(oldest, openInterest.ts);
        }
    }
    return oldest;
}

// One cell of a kline row: a decimal string, checked like a field.
std::optional<double> klineCell(const Json& row, std::size_t index, bool positive,
                                SkipReason& reason) {
    const Json& cell = row[index];
    if (!cell.is_string()) {
        reason = SkipReason::WrongType;
        return std::nullopt;
    }
    const auto value = detail::decimalOf(cell);
    if (!value || (positive ? !(*value > 0) : *value < 0)) {
        reason = SkipReason::InvalidValue;
        return std::nullopt;
    }
    return value;
}

// Kline history rows [start, open, high, low, close, volume, turnover] (strings, newest first).
// Returns the oldest accepted start (0 when none).
TimestampMs parseKlineHistory(const Page& page, std::string_view symbol, TimestampMs intervalMs,
                              TimestampMs receiveMs, RecordSink& sink) {
    constexpr std::size_t kCells = 6;  // turnover (the 7th) is not used
    TimestampMs oldest = 0;
    for (std::size_t i = 0; i < page.list->size(); ++i) {
        const std::string path = indexed("result.list", i);
        const Json& row = (*page.list)[i];
        if (!row.is_array()) {
            sink.skipRecord(SkipReason::WrongType, path);
            continue;
        }
        if (row.size() < kCells) {
            sink.skipRecord(SkipReason::MissingField, indexed(path, row.size()));
            continue;
        }
        core::Candle candle;
        const Json& startCell = row[0];
        const auto start = startCell.is_string() || startCell.is_number_integer()
                               ? detail::integerOf(startCell)
                               : std::nullopt;
        if (!start || *start <= 0) {
            sink.skipRecord(startCell.is_string() || startCell.is_number_integer()
                                ? SkipReason::InvalidValue
                                : SkipReason::WrongType,
                            indexed(path, 0));
            continue;
        }
        std::array<double, 5> values{};
        SkipReason reason = SkipReason::InvalidValue;
        std::size_t bad = 0;
        for (std::size_t cell = 1; cell < kCells; ++cell) {
            const auto value = klineCell(row, cell, cell < 5, reason);
            if (!value) {
                bad = cell;
                break;
            }
            values[cell - 1] = *value;
        }
        if (bad != 0) {
            sink.skipRecord(reason, indexed(path, bad));
            continue;
        }
        candle.ts = *start;
        candle.intervalMs = intervalMs;
        candle.open = values[0];
        candle.high = values[1];
        candle.low = values[2];
        candle.close = values[3];
        candle.volume = values[4];
        // The REST list has no close flag: a bar is closed once its whole minute has passed.
        candle.closed = candle.ts + intervalMs <= receiveMs;
        if (sink.emit(symbol, candle, path, kKlineRowNames)) {
            oldest = oldest == 0 ? candle.ts : std::min(oldest, candle.ts);
        }
    }
    return oldest;
}

}  // namespace

std::vector<StreamSpec> BybitAdapter::streams(const Endpoints& endpoints,
                                              std::string_view symbol) const {
    StreamSpec spec;
    spec.name = "linear";
    spec.url = endpoints.webSocketBaseUrl + "/v5/public/linear";
    std::string subscribe = R"({"op":"subscribe","args":[)";
    const std::array<std::string_view, 4> topics{"allLiquidation.", "tickers.", "publicTrade.",
                                                 "kline.1."};
    for (std::size_t i = 0; i < topics.size(); ++i) {
        if (i > 0) {
            subscribe += ',';
        }
        subscribe += jsonString(std::string(topics[i]) + std::string(symbol));
    }
    subscribe += "]}";
    spec.subscribeMessages.push_back(std::move(subscribe));
    // Bybit asks for a client ping every 20 s; tickers alone arrive about every 100 ms, so 30 s
    // of silence means the connection is dead. No connection lifetime is documented.
    spec.heartbeat.kind = HeartbeatRule::Kind::ClientEvery;
    spec.heartbeat.message = R"({"op":"ping"})";
    spec.heartbeat.interval = std::chrono::seconds(20);
    spec.staleAfter = std::chrono::seconds(30);
    spec.rotateAfter = std::chrono::milliseconds(0);
    return {spec};
}

std::vector<RestRequest> BybitAdapter::instrumentRequests(std::string_view symbol) const {
    RestRequest instruments;
    instruments.name = kInstrumentsInfo;
    instruments.target = "/v5/market/instruments-info?category=linear&limit=";
    instruments.target += kInstrumentsLimit;
    RestRequest tiers;
    tiers.name = kRiskLimit;
    tiers.target = "/v5/market/risk-limit?category=linear&symbol=" + percentEncode(symbol);
    return {instruments, tiers};
}

std::vector<RestRequest> BybitAdapter::historyRequests(std::string_view symbol,
                                                       core::TimestampMs startMs,
                                                       core::TimestampMs endMs) const {
    const std::string encoded = percentEncode(symbol);
    const std::string start = std::to_string(startMs);
    const std::string end = std::to_string(endMs);
    RestRequest openInterest;
    openInterest.name = kOpenInterest;
    openInterest.target = "/v5/market/open-interest?category=linear&symbol=" + encoded +
                          "&intervalTime=5min&startTime=" + start + "&endTime=" + end +
                          "&limit=" + std::string(kOpenInterestLimit);
    RestRequest kline;
    kline.name = kKline;
    kline.target = "/v5/market/kline?category=linear&symbol=" + encoded +
                   "&interval=1&start=" + start + "&end=" + end +
                   "&limit=" + std::to_string(kKlineLimit);
    return {openInterest, kline};
}

BybitAdapter::BybitAdapter(bool fastTrades)
    : m_fastTrades(fastTrades), m_scan(std::make_unique<detail::JsonScan>()) {}

BybitAdapter::~BybitAdapter() = default;

std::optional<FrameOutcome> parsePublicTradeFast(detail::JsonScan& scan, std::string_view frame,
                                                 std::vector<core::EventRecord>& out) {
    using detail::JsonScan;
    constexpr std::string_view kTopicPrefix = "publicTrade.";
    // Only a frame naming the topic is worth scanning. The search costs ~30 ns, a tenth of a
    // scan; string_view::find would cost ~200 (it stops at every quote of the frame).
    static constexpr std::string_view kNeedle = R"("publicTrade.)";
    static const std::boyer_moore_horspool_searcher kNamed(kNeedle.begin(), kNeedle.end());
    if (std::search(frame.begin(), frame.end(), kNamed) == frame.end() ||
        scan.scan(frame) != JsonScan::Status::Ok) {
        return std::nullopt;
    }
    // parseFrame's dispatch: the channel before the topic's first dot, a symbol after it.
    detail::ScanFields envelope(scan, JsonScan::kRoot);
    const std::string_view topic = envelope.text("topic");
    const std::uint32_t data = envelope.member("data");
    if (!envelope.ok() || !topic.starts_with(kTopicPrefix) || topic.size() == kTopicPrefix.size() ||
        scan[data].type != JsonScan::Type::Array) {
        return std::nullopt;
    }
    // parsePublicTrade, read in the same order; a record it would skip declines the frame.
    const std::size_t firstNew = out.size();
    for (const std::uint32_t element : scan.elements(data)) {
        detail::ScanFields record(scan, element);
        core::Trade trade;
        trade.ts = record.timestamp("T");
        const std::string_view symbol = record.nonEmptyText("s");
        const auto aggressor = takerSideOf(record.text("S"));
        trade.qty = record.positiveDecimal("v");
        trade.price = record.positiveDecimal("p");
        trade.aggressor = aggressor.value_or(core::Aggressor::Buy);
        if (!record.ok() || !aggressor || !core::validateEvent(trade).ok) {
            out.erase(out.begin() + static_cast<std::ptrdiff_t>(firstNew), out.end());
            return std::nullopt;
        }
        out.push_back(core::EventRecord{std::string(kExchange), std::string(symbol), trade});
    }
    FrameOutcome outcome;
    outcome.kind = FrameOutcome::Kind::Data;
    outcome.events = out.size() - firstNew;
    return outcome;
}

FrameOutcome BybitAdapter::parseFrame(std::string_view frame, core::TimestampMs /*receiveMs*/,
                                      std::vector<core::EventRecord>& out) {
    if (m_fastTrades) {
        if (std::optional<FrameOutcome> outcome = parsePublicTradeFast(*m_scan, frame, out)) {
            return std::move(*outcome);
        }
    }
    RecordSink sink(m_skipped, out);
    const std::optional<Json> json = detail::parseJson(frame);
    // Bybit has no plain-text control frames: anything that is not a JSON object is malformed.
    if (!json || !json->is_object()) {
        return sink.skipFrame(SkipReason::MalformedJson, "");
    }
    const auto topicMember = json->find("topic");
    if (topicMember == json->end() || topicMember->is_null()) {
        return parseOpReply(*json, sink);
    }
    if (!topicMember->is_string()) {
        return sink.skipFrame(SkipReason::WrongType, "topic");
    }
    const std::string_view topic = topicMember->get_ref<const std::string&>();
    const std::size_t dot = topic.find('.');
    const std::string_view channel = topic.substr(0, dot);
    const std::string_view rest =
        dot == std::string_view::npos ? std::string_view() : topic.substr(dot + 1);
    const bool known = channel == "allLiquidation" || channel == "liquidation" ||
                       channel == "tickers" || channel == "publicTrade" || channel == "kline";
    if (!known) {
        return sink.skipFrame(SkipReason::UnknownType, "topic");
    }
    if (rest.empty()) {
        return sink.skipFrame(SkipReason::InvalidValue, "topic");
    }
    if (channel == "allLiquidation") {
        return parseAllLiquidation(*json, sink);
    }
    if (channel == "liquidation") {
        return parseDeprecatedLiquidation(*json, sink);
    }
    if (channel == "tickers") {
        return parseTickers(*json, rest, m_tickers, sink);
    }
    if (channel == "publicTrade") {
        return parsePublicTrade(*json, sink);
    }
    return parseKline(*json, rest, sink);
}

RestOutcome BybitAdapter::parseRest(const RestRequest& request, std::string_view body,
                                    core::TimestampMs receiveMs,
                                    std::vector<core::EventRecord>& out) {
    const bool known = request.name == kInstrumentsInfo || request.name == kRiskLimit ||
                       request.name == kOpenInterest || request.name == kKline;
    if (!known) {
        return RestOutcome::failed("unknown request name \"" + request.name + "\"");
    }
    const std::optional<Json> json = detail::parseJson(body);
    if (!json) {
        return RestOutcome::failed("malformed JSON");
    }
    if (!json->is_object()) {
        return RestOutcome::failed("not a JSON object");
    }
    Page page;
    if (std::string failure = readPage(*json, page); !failure.empty()) {
        return RestOutcome::failed(std::move(failure));
    }

    RecordSink sink(m_skipped, out);
    // The following page of the same request: the cursor replaces any previous one.
    auto nextPage = [&](RestOutcome& outcome) {
        outcome.followUps.push_back(RestRequest{
            request.name, request.method,
            withParam(request.target, "cursor", percentEncode(page.nextCursor)), request.body});
    };

    if (request.name == kInstrumentsInfo) {
        parseInstruments(page, m_registry, sink);
        RestOutcome outcome = sink.restOutcome();
        if (!page.nextCursor.empty()) {
            nextPage(outcome);
        }
        return outcome;
    }
    if (request.name == kRiskLimit) {
        const bool laterPage = queryParam(request.target, "cursor").has_value();
        parseRiskLimits(page, laterPage, m_registry, sink);
        RestOutcome outcome = sink.restOutcome();
        if (!page.nextCursor.empty()) {
            nextPage(outcome);
        }
        return outcome;
    }

    const std::string symbol = pageSymbol(page, request);
    if (request.name == kOpenInterest) {
        const TimestampMs oldest = parseOpenInterestHistory(page, symbol, sink);
        RestOutcome outcome = sink.restOutcome();
        // Newest first: older pages are needed while this one has not reached the start.
        const auto start = integerParam(request.target, "startTime");
        if (!page.nextCursor.empty() && start && oldest > *start) {
            nextPage(outcome);
        }
        return outcome;
    }

    const TimestampMs intervalMs =
        intervalOf(queryParam(request.target, "interval").value_or("1")).value_or(core::kMinuteMs);
    const TimestampMs oldest = parseKlineHistory(page, symbol, intervalMs, receiveMs, sink);
    RestOutcome outcome = sink.restOutcome();
    // Newest first, no cursor: a full page whose oldest bar is still after the start continues
    // below that bar.
    const auto start = integerParam(request.target, "start");
    const std::int64_t limit = integerParam(request.target, "limit").value_or(kKlineLimit);
    if (start && oldest > *start && static_cast<std::int64_t>(page.list->size()) >= limit) {
        outcome.followUps.push_back(RestRequest{
            request.name, request.method,
            withParam(request.target, "end", std::to_string(oldest - 1)), request.body});
    }
    return outcome;
}

}  // namespace liqmap::exchange::bybit
