#include "binance/binance_adapter.h"

#include <algorithm>   // std::min, std::max, std::search
#include <cstddef>     // std::size_t
#include <cstdint>     // std::int64_t
#include <functional>  // std::boyer_moore_horspool_searcher
#include <memory>      // std::make_unique
#include <optional>    // std::optional, std::nullopt
#include <string>      // std::string
#include <utility>     // std::move
#include <variant>     // std::variant, std::get_if

#include "json_fields.h"              // detail::FieldReader, detail::parseJson
#include "json_scan.h"                // detail::JsonScan
#include "liqmap/core/event_codec.h"  // core::validateEvent
#include "liqmap/core/instrument.h"   // core::MaintenanceTier
#include "liqmap/core/number_text.h"  // core::appendInteger, core::parseInteger
#include "liqmap/core/skip_counts.h"  // core::SkipCounts
#include "scan_fields.h"              // detail::ScanFields

namespace liqmap::exchange::binance {

namespace {

using core::EventRecord;
using core::SkipReason;
using core::TimestampMs;
using detail::FieldReader;
using detail::Json;

constexpr std::chrono::seconds kStaleAfter{30};  // markPrice@1s arrives every second
constexpr std::chrono::hours kRotateAfter{23};   // Binance drops a connection at 24 h
constexpr std::chrono::seconds kPollInterval{10};
// Binance's own defaults when a request names no limit (PROTOCOLS.md §1.4).
constexpr std::int64_t kOpenInterestDefaultLimit = 30;
constexpr std::int64_t kKlineDefaultLimit = 500;
// A kline row is [openTime, open, high, low, close, volume, closeTime, …]; the rest is unused.
constexpr std::size_t kKlineOpenTime = 0;
constexpr std::size_t kKlineOpen = 1;
constexpr std::size_t kKlineHigh = 2;
constexpr std::size_t kKlineLow = 3;
constexpr std::size_t kKlineClose = 4;
constexpr std::size_t kKlineVolume = 5;
constexpr std::size_t kKlineCloseTime = 6;

// ---------------------------------------------------------------------------------------------
// Paths and query strings

std::string childPath(std::string_view path, std::string_view key) {
    std::string child(path);
    if (!child.empty()) {
        child += '.';
    }
    child += key;
    return child;
}

std::string indexPath(std::string_view path, std::size_t index) {
    std::string child(path);
    child += '[';
    core::appendInteger(child, static_cast<std::int64_t>(index));
    child += ']';
    return child;
}

std::string decimalText(std::int64_t value) {
    std::string text;
    core::appendInteger(text, value);
    return text;
}

/// The value of `key` in the query of `target` ("/p?a=1&b=2"), or nullopt when absent.
std::optional<std::string_view> queryParam(std::string_view target, std::string_view key) {
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = target.substr(question + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const std::size_t equals = pair.find('=');
        if (pair.substr(0, equals) == key) {
            return equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::optional<std::int64_t> integerParam(std::string_view target, std::string_view key) {
    const auto text = queryParam(target, key);
    if (!text) {
        return std::nullopt;
    }
    return core::parseInteger(*text);
}

/// `target` with the value of `key` replaced by `value` (appended when absent), every other
/// parameter kept in place: a follow-up page differs from its request in one parameter only.
std::string withQueryParam(std::string_view target, std::string_view key, std::int64_t value) {
    const std::string replacement = std::string(key) + "=" + decimalText(value);
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return std::string(target) + "?" + replacement;
    }
    std::string result(target.substr(0, question + 1));
    std::string_view rest = target.substr(question + 1);
    bool replaced = false;
    bool first = true;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        if (!first) {
            result += '&';
        }
        first = false;
        if (pair.substr(0, pair.find('=')) == key) {
            result += replacement;
            replaced = true;
        } else {
            result += pair;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(amp + 1);
    }
    if (!replaced) {
        result += first ? "" : "&";
        result += replacement;
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// One record (one event) and why it was skipped

struct Skip {
    SkipReason reason = SkipReason::MalformedJson;
    std::string field;
};

using Parsed = std::variant<EventRecord, Skip>;

Skip skipOf(const FieldReader& reader) { return Skip{reader.reason(), reader.field()}; }

/// The record, or — when core::validateEvent rejects the numbers (a price beyond any market's
/// scale, a timestamp after 2100, an inconsistent candle) — its reason and field.
template <class Event>
Parsed finish(std::string_view symbol, const Event& event) {
    const core::EventParseStatus status = core::validateEvent(event);
    if (!status.ok) {
        return Skip{status.reason, std::string(status.field)};
    }
    return EventRecord{std::string(toString(Venue::Binance)), std::string(symbol), event};
}

/// A non-empty symbol text.
std::string_view symbolOf(FieldReader& reader, std::string_view key) {
    const std::string_view symbol = reader.text(key);
    if (reader.ok() && symbol.empty()) {
        reader.fail(SkipReason::InvalidValue, key);
    }
    return symbol;
}

/// An optional decimal that, when present, must be > 0 (an index price).
std::optional<double> optionalPositive(FieldReader& reader, std::string_view key) {
    const std::optional<double> value = reader.optionalDecimal(key);
    if (reader.ok() && value && !(*value > 0)) {
        reader.fail(SkipReason::InvalidValue, key);
        return std::nullopt;
    }
    return value;
}

/// The symbol of a REST row: its own "symbol" field when it has one, otherwise the symbol the
/// request asked for (kline rows carry none).
std::string_view rowSymbol(FieldReader& row, std::string_view requested) {
    if (row.optionalMember("symbol") != nullptr) {
        return symbolOf(row, "symbol");
    }
    if (requested.empty()) {
        row.fail(SkipReason::MissingField, "symbol");
    }
    return requested;
}

// ---------------------------------------------------------------------------------------------
// WebSocket payloads (PROTOCOLS.md §1.3)

Parsed parseForceOrder(FieldReader& payload, const std::string& path) {
    const Json* orderJson = payload.member("o");
    if (!payload.ok()) {
        return skipOf(payload);
    }
    FieldReader order(*orderJson, childPath(path, "o"));
    const std::string_view symbol = symbolOf(order, "s");
    const std::string_view orderSide = order.text("S");
    core::Liquidation liquidation;
    // S is the side of the liquidation ORDER: the engine sells to close a long and buys to
    // close a short, so the liquidated position is the opposite side.
    if (orderSide == "SELL") {
        liquidation.side = core::Side::Long;
    } else if (orderSide == "BUY") {
        liquidation.side = core::Side::Short;
    } else if (order.ok()) {
        order.fail(SkipReason::InvalidValue, "S");
    }
    // ap is the average fill price (p is only the IOC limit); z is the cumulative filled
    // quantity (l is the last fill only).
    liquidation.price = order.positiveDecimal("ap");
    liquidation.qty = order.positiveDecimal("z");
    liquidation.ts = order.timestamp("T");
    if (!order.ok()) {
        return skipOf(order);
    }
    liquidation.notional = liquidation.qty * liquidation.price;
    liquidation.priceKind = core::PriceKind::Average;
    return finish(symbol, liquidation);
}

Parsed parseMarkPrice(FieldReader& payload) {
    const std::string_view symbol = symbolOf(payload, "s");
    core::MarkPrice mark;
    mark.price = payload.positiveDecimal("p");
    mark.index = optionalPositive(payload, "i");  // absent in old captures
    mark.funding = payload.optionalDecimal("r");  // "" for delivery contracts
    mark.ts = payload.timestamp("E");
    if (!payload.ok()) {
        return skipOf(payload);
    }
    return finish(symbol, mark);
}

Parsed parseAggTrade(FieldReader& payload) {
    const std::string_view symbol = symbolOf(payload, "s");
    core::Trade trade;
    trade.price = payload.positiveDecimal("p");
    trade.qty = payload.positiveDecimal("q");
    trade.ts = payload.timestamp("T");
    // m = buyer is maker, so the taker sold.
    const bool buyerIsMaker = payload.boolean("m");
    if (!payload.ok()) {
        return skipOf(payload);
    }
    trade.aggressor = buyerIsMaker ? core::Aggressor::Sell : core::Aggressor::Buy;
    return finish(symbol, trade);
}

Parsed parseKline(FieldReader& payload, const std::string& path) {
    const std::string_view symbol = symbolOf(payload, "s");
    const Json* klineJson = payload.member("k");
    if (!payload.ok()) {
        return skipOf(payload);
    }
    FieldReader kline(*klineJson, childPath(path, "k"));
    core::Candle candle;
    candle.ts = kline.timestamp("t");
    const std::string_view interval = kline.text("i");
    if (kline.ok()) {
        const auto intervalMs = core::parseInterval(interval);
        if (intervalMs) {
            candle.intervalMs = *intervalMs;
        } else {
            kline.fail(SkipReason::InvalidValue, "i");
        }
    }
    candle.open = kline.positiveDecimal("o");
    candle.high = kline.positiveDecimal("h");
    candle.low = kline.positiveDecimal("l");
    candle.close = kline.positiveDecimal("c");
    candle.volume = kline.nonNegativeDecimal("v");
    candle.closed = kline.boolean("x");
    if (!kline.ok()) {
        return skipOf(kline);
    }
    return finish(symbol, candle);
}

/// One payload object, dispatched on its event type "e".
Parsed parseRecord(const Json& value, const std::string& path) {
    FieldReader payload(value, path);
    const std::string_view type = payload.text("e");
    if (!payload.ok()) {
        return skipOf(payload);
    }
    if (type == "forceOrder") {
        return parseForceOrder(payload, path);
    }
    if (type == "markPriceUpdate") {
        return parseMarkPrice(payload);
    }
    if (type == "aggTrade") {
        return parseAggTrade(payload);
    }
    if (type == "kline") {
        return parseKline(payload, path);
    }
    return Skip{SkipReason::UnknownType, childPath(path, "e")};
}

/// A payload: one event object, or an array of them (the all-market !markPrice@arr). In an
/// array each element is a record of its own, skipped and counted on its own.
FrameOutcome parsePayload(const Json& payload, const std::string& path, core::SkipCounts& skipped,
                          std::vector<EventRecord>& out) {
    if (payload.is_object()) {
        Parsed parsed = parseRecord(payload, path);
        if (const Skip* skip = std::get_if<Skip>(&parsed)) {
            return FrameOutcome::skipped(skipped, skip->reason, skip->field);
        }
        out.push_back(std::move(std::get<EventRecord>(parsed)));
        FrameOutcome outcome;
        outcome.kind = FrameOutcome::Kind::Data;
        outcome.events = 1;
        return outcome;
    }
    if (!payload.is_array()) {
        return FrameOutcome::skipped(
            skipped, payload.is_null() ? SkipReason::MissingField : SkipReason::WrongType, path);
    }
    if (payload.empty()) {
        // Not one record to read: as unusable as a frame that is not JSON at all.
        return FrameOutcome::skipped(skipped, SkipReason::MalformedJson, path);
    }
    FrameOutcome outcome;
    outcome.kind = FrameOutcome::Kind::Data;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        Parsed parsed = parseRecord(payload[i], indexPath(path, i));
        if (const Skip* skip = std::get_if<Skip>(&parsed)) {
            skipped.add(skip->reason);
            if (outcome.skippedRecords == 0) {
                outcome.reason = skip->reason;
                outcome.detail = skip->field;
            }
            ++outcome.skippedRecords;
            continue;
        }
        out.push_back(std::move(std::get<EventRecord>(parsed)));
        ++outcome.events;
    }
    return outcome;
}

// ---------------------------------------------------------------------------------------------
// REST bodies (PROTOCOLS.md §1.4)

/// {"code":-1121,"msg":"Invalid symbol."} → "code -1121: Invalid symbol."; nullopt for any
/// other body.
std::optional<std::string> errorEnvelope(const Json& body) {
    if (!body.is_object() || !body.contains("code") || !body.contains("msg")) {
        return std::nullopt;
    }
    FieldReader reader(body);
    const std::int64_t code = reader.integer("code");
    const std::string_view message = reader.text("msg");
    if (!reader.ok()) {
        return "error body with an unreadable " + reader.field();
    }
    return "code " + decimalText(code) + ": " + std::string(message);
}

/// Counts a bad row; the outcome's detail names the first one ("[3].time: missing_field").
void skipRow(RestOutcome& outcome, core::SkipCounts& skipped, const Skip& skip) {
    skipped.add(skip.reason);
    if (outcome.skippedRecords == 0) {
        outcome.detail = skip.field + ": " + std::string(core::toString(skip.reason));
    }
    ++outcome.skippedRecords;
}

/// Appends a row's event or counts its skip.
void take(Parsed parsed, RestOutcome& outcome, core::SkipCounts& skipped,
          std::vector<EventRecord>& out) {
    if (const Skip* skip = std::get_if<Skip>(&parsed)) {
        skipRow(outcome, skipped, *skip);
        return;
    }
    out.push_back(std::move(std::get<EventRecord>(parsed)));
    ++outcome.events;
}

/// Elements of an array row read with the same checks as FieldReader; the first failure is
/// kept with its path ("[3][4]").
class RowReader {
public:
    RowReader(const Json& row, std::string path) : m_row(row), m_path(std::move(path)) {
        if (!row.is_array()) {
            fail(row.is_null() ? SkipReason::MissingField : SkipReason::WrongType, m_path);
        }
    }

    bool ok() const { return m_ok; }
    Skip skip() const { return m_skip; }

    double decimal(std::size_t index, bool zeroAllowed) {
        const Json* value = element(index);
        if (value == nullptr) {
            return 0;
        }
        if (!value->is_string()) {
            fail(SkipReason::WrongType, indexPath(m_path, index));
            return 0;
        }
        const auto parsed = detail::decimalOf(*value);
        if (!parsed || !(*parsed > 0 || (zeroAllowed && *parsed == 0))) {
            fail(SkipReason::InvalidValue, indexPath(m_path, index));
            return 0;
        }
        return *parsed;
    }

    TimestampMs timestamp(std::size_t index) {
        const Json* value = element(index);
        if (value == nullptr) {
            return 0;
        }
        if (!value->is_number_integer() && !value->is_string()) {
            fail(SkipReason::WrongType, indexPath(m_path, index));
            return 0;
        }
        const auto parsed = detail::integerOf(*value);
        if (!parsed || *parsed <= 0) {
            fail(SkipReason::InvalidValue, indexPath(m_path, index));
            return 0;
        }
        return *parsed;
    }

private:
    const Json* element(std::size_t index) {
        if (!m_ok) {
            return nullptr;
        }
        if (index >= m_row.size() || m_row[index].is_null()) {
            fail(SkipReason::MissingField, indexPath(m_path, index));
            return nullptr;
        }
        return &m_row[index];
    }

    void fail(SkipReason reason, std::string field) {
        if (m_ok) {
            m_ok = false;
            m_skip = Skip{reason, std::move(field)};
        }
    }

    const Json& m_row;
    std::string m_path;
    bool m_ok = true;
    Skip m_skip;
};

RestOutcome parseExchangeInfo(const Json& body, InstrumentRegistry& registry,
                              core::SkipCounts& skipped) {
    const auto symbols = body.is_object() ? body.find("symbols") : body.end();
    if (!body.is_object() || symbols == body.end() || !symbols->is_array()) {
        return RestOutcome::failed("exchangeInfo: expected an object with a symbols array");
    }
    RestOutcome outcome;
    for (std::size_t i = 0; i < symbols->size(); ++i) {
        const std::string path = indexPath("symbols", i);
        FieldReader entry((*symbols)[i], path);
        InstrumentInfo info;
        info.symbol = std::string(symbolOf(entry, "symbol"));
        info.baseAsset = std::string(entry.text("baseAsset"));
        info.quoteAsset = std::string(entry.text("quoteAsset"));
        const Json* filters = entry.member("filters");
        if (entry.ok() && !filters->is_array()) {
            entry.fail(SkipReason::WrongType, "filters");
        }
        if (!entry.ok()) {
            skipRow(outcome, skipped, skipOf(entry));
            continue;
        }
        // The tick size lives in the PRICE_FILTER entry of filters[]; other filters are unused.
        std::optional<Skip> tickSkip = Skip{SkipReason::MissingField, childPath(path, "filters")};
        for (std::size_t j = 0; j < filters->size(); ++j) {
            const Json& filter = (*filters)[j];
            if (!filter.is_object()) {
                continue;
            }
            const auto type = filter.find("filterType");
            if (type == filter.end() || !type->is_string() || *type != "PRICE_FILTER") {
                continue;
            }
            FieldReader priceFilter(filter, indexPath(childPath(path, "filters"), j));
            info.tickSize = priceFilter.positiveDecimal("tickSize");
            tickSkip = priceFilter.ok() ? std::nullopt : std::optional<Skip>(skipOf(priceFilter));
            break;
        }
        if (tickSkip) {
            skipRow(outcome, skipped, *tickSkip);
            continue;
        }
        // Linear USDⓈ-M: one contract is one base unit; exchangeInfo states no leverage cap
        // (0 = unknown, the built-in tiers then apply uncapped).
        info.contractValue = 1;
        info.maxLeverage = 0;
        registry.upsert(std::move(info));
    }
    return outcome;
}

/// One symbol of a leverageBracket response: its brackets as maintenance tiers, or a skip.
/// Brackets of 1x are left out: a 1x isolated position is never liquidated above zero, and
/// core::Instrument needs every tier's leverage above 1.
std::variant<std::vector<core::MaintenanceTier>, Skip> bracketTiers(const Json* brackets,
                                                                    const std::string& path) {
    std::vector<core::MaintenanceTier> tiers;
    double previousCap = 0;
    for (std::size_t j = 0; j < brackets->size(); ++j) {
        FieldReader bracket((*brackets)[j], indexPath(childPath(path, "brackets"), j));
        // Plain JSON numbers here, unlike everywhere else on Binance.
        const double cap = bracket.positiveDecimal("notionalCap", true);
        const double mmr = bracket.nonNegativeDecimal("maintMarginRatio", true);
        if (bracket.ok() && mmr >= 1) {
            bracket.fail(SkipReason::InvalidValue, "maintMarginRatio");
        }
        const double cum = bracket.nonNegativeDecimal("cum", true);
        const double leverage = bracket.positiveDecimal("initialLeverage", true);
        // A tier is chosen by notional, so caps out of order would misplace every boundary.
        if (bracket.ok() && cap <= previousCap) {
            bracket.fail(SkipReason::InvalidValue, "notionalCap");
        }
        if (!bracket.ok()) {
            return skipOf(bracket);
        }
        previousCap = cap;
        if (leverage > 1) {
            tiers.push_back(core::MaintenanceTier{cap, mmr, cum, leverage});
        }
    }
    if (tiers.empty()) {
        return Skip{SkipReason::InvalidValue, childPath(path, "brackets")};
    }
    return tiers;
}

RestOutcome parseLeverageBracket(const Json& body, InstrumentRegistry& registry,
                                 core::SkipCounts& skipped) {
    if (!body.is_array() && !body.is_object()) {
        return RestOutcome::failed("leverageBracket: expected an array of symbols");
    }
    RestOutcome outcome;
    // With ?symbol= the answer may be that one object instead of an array of one.
    const bool single = body.is_object();
    const std::size_t count = single ? 1 : body.size();
    for (std::size_t i = 0; i < count; ++i) {
        const std::string path = single ? std::string() : indexPath("", i);
        FieldReader entry(single ? body : body[i], path);
        const std::string_view symbol = symbolOf(entry, "symbol");
        const Json* brackets = entry.member("brackets");
        if (entry.ok() && !brackets->is_array()) {
            entry.fail(SkipReason::WrongType, "brackets");
        }
        if (!entry.ok()) {
            skipRow(outcome, skipped, skipOf(entry));
            continue;
        }
        auto tiers = bracketTiers(brackets, path);
        if (const Skip* skip = std::get_if<Skip>(&tiers)) {
            skipRow(outcome, skipped, *skip);
            continue;
        }
        auto& list = std::get<std::vector<core::MaintenanceTier>>(tiers);
        if (!registry.setTiers(symbol, list)) {
            // Brackets before exchangeInfo: a bare entry holds the tiers, and the instrument
            // list keeps them when it arrives (InstrumentRegistry::upsert).
            InstrumentInfo info;
            info.symbol = std::string(symbol);
            info.tiers = std::move(list);
            registry.upsert(std::move(info));
        }
    }
    return outcome;
}

RestOutcome parseOpenInterestHist(const RestRequest& request, const Json& body, TimestampMs startMs,
                                  core::SkipCounts& skipped, std::vector<EventRecord>& out) {
    if (!body.is_array()) {
        return RestOutcome::failed("openInterestHist: expected an array of rows");
    }
    const std::string_view requested = queryParam(request.target, "symbol").value_or("");
    RestOutcome outcome;
    std::optional<TimestampMs> oldest;
    for (std::size_t i = 0; i < body.size(); ++i) {
        FieldReader row(body[i], indexPath("", i));
        const std::string_view symbol = rowSymbol(row, requested);
        core::OpenInterest oi;
        // One side of the market, in coins; the value is in the quote currency.
        oi.qty = row.nonNegativeDecimal("sumOpenInterest");
        oi.notional = row.optionalDecimal("sumOpenInterestValue");
        if (row.ok() && oi.notional && *oi.notional < 0) {
            row.fail(SkipReason::InvalidValue, "sumOpenInterestValue");
        }
        oi.ts = row.timestamp("timestamp");  // an integer live, a string in the docs
        if (!row.ok()) {
            skipRow(outcome, skipped, skipOf(row));
            continue;
        }
        oldest = std::min(oldest.value_or(oi.ts), oi.ts);
        if (oi.ts < startMs) {
            continue;  // before the window: asked for by the page size, not wanted
        }
        take(finish(symbol, oi), outcome, skipped, out);
    }
    // Pages run backwards from endTime; a short page means Binance has nothing older (it keeps
    // 30 days).
    const std::int64_t limit =
        integerParam(request.target, "limit").value_or(kOpenInterestDefaultLimit);
    if (oldest && static_cast<std::int64_t>(body.size()) >= limit && *oldest > startMs) {
        outcome.followUps.push_back(RestRequest{
            request.name, request.method, withQueryParam(request.target, "endTime", *oldest - 1),
            request.body, request.windowStartMs});
    }
    return outcome;
}

RestOutcome parseKlines(const RestRequest& request, const Json& body, TimestampMs receiveMs,
                        core::SkipCounts& skipped, std::vector<EventRecord>& out) {
    if (!body.is_array()) {
        return RestOutcome::failed("klines: expected an array of rows");
    }
    const auto interval = core::parseInterval(queryParam(request.target, "interval").value_or(""));
    if (!interval) {
        return RestOutcome::failed("klines: the request names no interval liqmap reads");
    }
    const std::string_view symbol = queryParam(request.target, "symbol").value_or("");
    if (symbol.empty()) {
        return RestOutcome::failed("klines: the request names no symbol");
    }
    RestOutcome outcome;
    std::optional<TimestampMs> lastOpen;
    for (std::size_t i = 0; i < body.size(); ++i) {
        RowReader row(body[i], indexPath("", i));
        core::Candle candle;
        candle.intervalMs = *interval;
        candle.ts = row.timestamp(kKlineOpenTime);
        candle.open = row.decimal(kKlineOpen, false);
        candle.high = row.decimal(kKlineHigh, false);
        candle.low = row.decimal(kKlineLow, false);
        candle.close = row.decimal(kKlineClose, false);
        candle.volume = row.decimal(kKlineVolume, true);
        const TimestampMs closeTime = row.timestamp(kKlineCloseTime);
        if (!row.ok()) {
            skipRow(outcome, skipped, row.skip());
            continue;
        }
        // REST has no closed flag; the last row is the candle still forming when the answer
        // was made, recognisable by a close time not yet passed.
        candle.closed = closeTime < receiveMs;
        lastOpen = std::max(lastOpen.value_or(candle.ts), candle.ts);
        take(finish(symbol, candle), outcome, skipped, out);
    }
    const std::int64_t limit = integerParam(request.target, "limit").value_or(kKlineDefaultLimit);
    const auto endMs = integerParam(request.target, "endTime");
    if (lastOpen && static_cast<std::int64_t>(body.size()) >= limit) {
        const TimestampMs next = *lastOpen + *interval;
        if (!endMs || next <= *endMs) {
            outcome.followUps.push_back(
                RestRequest{request.name, request.method,
                            withQueryParam(request.target, "startTime", next), request.body});
        }
    }
    return outcome;
}

Parsed parsePremiumIndexRow(const Json& value, const std::string& path,
                            std::string_view requested) {
    FieldReader row(value, path);
    const std::string_view symbol = rowSymbol(row, requested);
    core::MarkPrice mark;
    mark.price = row.positiveDecimal("markPrice");
    mark.index = optionalPositive(row, "indexPrice");
    mark.funding = row.optionalDecimal("lastFundingRate");  // "" for delivery contracts
    mark.ts = row.timestamp("time");
    if (!row.ok()) {
        return skipOf(row);
    }
    return finish(symbol, mark);
}

RestOutcome parsePremiumIndex(const RestRequest& request, const Json& body,
                              core::SkipCounts& skipped, std::vector<EventRecord>& out) {
    const std::string_view requested = queryParam(request.target, "symbol").value_or("");
    RestOutcome outcome;
    if (body.is_object()) {
        take(parsePremiumIndexRow(body, "", requested), outcome, skipped, out);
        return outcome;
    }
    if (!body.is_array()) {
        return RestOutcome::failed("premiumIndex: expected an object or an array of objects");
    }
    // Without ?symbol= every symbol comes back; each row names its own.
    for (std::size_t i = 0; i < body.size(); ++i) {
        take(parsePremiumIndexRow(body[i], indexPath("", i), ""), outcome, skipped, out);
    }
    return outcome;
}

RestOutcome parseOpenInterest(const RestRequest& request, const Json& body,
                              core::SkipCounts& skipped, std::vector<EventRecord>& out) {
    if (!body.is_object()) {
        return RestOutcome::failed("openInterest: expected an object");
    }
    FieldReader row(body);
    const std::string_view symbol =
        rowSymbol(row, queryParam(request.target, "symbol").value_or(""));
    core::OpenInterest oi;
    oi.qty = row.nonNegativeDecimal("openInterest");  // coins, one side
    oi.ts = row.timestamp("time");
    RestOutcome outcome;
    if (!row.ok()) {
        skipRow(outcome, skipped, skipOf(row));
        return outcome;
    }
    take(finish(symbol, oi), outcome, skipped, out);
    return outcome;
}

}  // namespace

std::vector<StreamSpec> BinanceAdapter::streams(const Endpoints& endpoints,
                                                std::string_view symbol) const {
    // Stream names take the symbol in lowercase; symbols are ASCII letters, digits and '_'.
    std::string lower(symbol);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    // Serialised as a JSON string so that an odd symbol cannot break the message.
    const std::string quoted = Json(lower).dump(-1, ' ', false, Json::error_handler_t::replace);
    const std::string name = quoted.substr(1, quoted.size() - 2);
    StreamSpec spec;
    spec.name = "market";
    // The routed /market path: on the legacy un-routed URL these streams stay silent.
    spec.url = endpoints.webSocketBaseUrl + "/market/ws";
    spec.subscribeMessages.push_back(R"({"method":"SUBSCRIBE","params":[")" + name +
                                     R"(@forceOrder",")" + name + R"(@markPrice@1s",")" + name +
                                     R"(@aggTrade",")" + name + R"(@kline_1m"],"id":1})");
    // Binance pings every 3 minutes and the session answers; markPrice@1s keeps a healthy
    // socket busy every second.
    spec.heartbeat.kind = HeartbeatRule::Kind::ServerPing;
    spec.staleAfter = kStaleAfter;
    spec.rotateAfter = kRotateAfter;
    return {spec};
}

std::vector<RestRequest> BinanceAdapter::instrumentRequests(std::string_view /*symbol*/) const {
    return {RestRequest{"exchangeInfo", "GET", "/fapi/v1/exchangeInfo", ""}};
}

std::vector<RestRequest> BinanceAdapter::historyRequests(std::string_view symbol,
                                                         core::TimestampMs startMs,
                                                         core::TimestampMs endMs) const {
    const std::string name(symbol);
    const std::string start = decimalText(startMs);
    const std::string end = decimalText(endMs);
    return {
        RestRequest{
            "openInterestHist", "GET",
            "/futures/data/openInterestHist?symbol=" + name + "&period=5m&limit=500&endTime=" + end,
            "", startMs},
        RestRequest{"klines", "GET",
                    "/fapi/v1/klines?symbol=" + name + "&interval=1m&startTime=" + start +
                        "&endTime=" + end + "&limit=1500",
                    ""},
        RestRequest{"premiumIndex", "GET", "/fapi/v1/premiumIndex?symbol=" + name, ""},
    };
}

std::vector<RestRequest> BinanceAdapter::pollRequests(std::string_view symbol) const {
    return {RestRequest{"openInterest", "GET",
                        "/fapi/v1/openInterest?symbol=" + std::string(symbol), ""}};
}

std::chrono::milliseconds BinanceAdapter::pollInterval() const { return kPollInterval; }

BinanceAdapter::BinanceAdapter(bool fastTrades)
    : m_fastTrades(fastTrades), m_scan(std::make_unique<detail::JsonScan>()) {}

BinanceAdapter::~BinanceAdapter() = default;

std::optional<FrameOutcome> parseAggTradeFast(detail::JsonScan& scan, std::string_view frame,
                                              std::vector<core::EventRecord>& out) {
    using detail::JsonScan;
    // Only a frame naming the event type is worth scanning. The search costs ~30 ns, a tenth of a
    // scan; string_view::find would cost ~200 (it stops at every quote of the frame).
    static constexpr std::string_view kNeedle = R"("aggTrade")";
    static const std::boyer_moore_horspool_searcher kNamed(kNeedle.begin(), kNeedle.end());
    if (std::search(frame.begin(), frame.end(), kNamed) == frame.end() ||
        scan.scan(frame) != JsonScan::Status::Ok) {
        return std::nullopt;
    }
    // parseFrame's dispatch: a root with "e" is the payload, otherwise the wrapper's "data".
    JsonScan::Lookup payload = scan.member(JsonScan::kRoot, "e");
    if (payload.value != JsonScan::kNone) {
        payload.value = JsonScan::kRoot;
    } else if (!payload.ambiguous) {
        payload = scan.member(JsonScan::kRoot, "data");
    }
    if (payload.ambiguous || payload.value == JsonScan::kNone) {
        return std::nullopt;
    }
    // parseRecord and parseAggTrade, read in the same order.
    detail::ScanFields fields(scan, payload.value);
    const bool aggTrade = fields.text("e") == "aggTrade";
    const std::string_view symbol = fields.nonEmptyText("s");
    core::Trade trade;
    trade.price = fields.positiveDecimal("p");
    trade.qty = fields.positiveDecimal("q");
    trade.ts = fields.timestamp("T");
    // m = buyer is maker, so the taker sold.
    trade.aggressor = fields.boolean("m") ? core::Aggressor::Sell : core::Aggressor::Buy;
    if (!aggTrade || !fields.ok() || !core::validateEvent(trade).ok) {
        return std::nullopt;
    }
    out.push_back(EventRecord{std::string(toString(Venue::Binance)), std::string(symbol), trade});
    FrameOutcome outcome;
    outcome.kind = FrameOutcome::Kind::Data;
    outcome.events = 1;
    return outcome;
}

FrameOutcome BinanceAdapter::parseFrame(std::string_view frame, core::TimestampMs /*receiveMs*/,
                                        std::vector<core::EventRecord>& out) {
    if (m_fastTrades) {
        if (std::optional<FrameOutcome> outcome = parseAggTradeFast(*m_scan, frame, out)) {
            return std::move(*outcome);
        }
    }
    // Binance sends no text control frames (its pings are WebSocket pings), so any text that
    // is not JSON is malformed.
    const std::optional<Json> parsed = detail::parseJson(frame);
    if (!parsed) {
        return FrameOutcome::skipped(m_skipped, SkipReason::MalformedJson, "");
    }
    const Json& root = *parsed;
    if (root.is_array()) {
        return parsePayload(root, "", m_skipped, out);  // raw !markPrice@arr
    }
    if (!root.is_object()) {
        return FrameOutcome::skipped(m_skipped, SkipReason::MalformedJson, "");
    }
    if (root.contains("e")) {
        return parsePayload(root, "", m_skipped, out);  // raw /ws payload
    }
    if (root.contains("data") || root.contains("stream")) {
        // Combined-stream wrapper {"stream":…,"data":…}: the payload says what it is.
        static const Json kAbsent;
        const auto data = root.find("data");
        return parsePayload(data == root.end() ? kAbsent : *data, "data", m_skipped, out);
    }
    FrameOutcome outcome;
    if (root.contains("result") && root.contains("id")) {
        outcome.kind = FrameOutcome::Kind::Control;  // SUBSCRIBE / LIST_SUBSCRIPTIONS reply
        return outcome;
    }
    if (root.contains("method")) {
        // Our own request ({"method":"SUBSCRIBE",…}) as a session log shows it next to the
        // replies: nothing to read and nothing wrong.
        outcome.kind = FrameOutcome::Kind::Control;
        return outcome;
    }
    if (root.contains("code")) {
        FieldReader error(root);
        const std::int64_t code = error.integer("code");
        const std::string_view message = error.text("msg");
        if (!error.ok()) {
            return FrameOutcome::skipped(m_skipped, error.reason(), error.field());
        }
        outcome.kind = FrameOutcome::Kind::ExchangeError;
        outcome.detail = "code " + decimalText(code) + ": " + std::string(message);
        return outcome;
    }
    return FrameOutcome::skipped(m_skipped, SkipReason::MissingField, "e");
}

RestOutcome BinanceAdapter::parseRest(const RestRequest& request, std::string_view body,
                                      core::TimestampMs receiveMs,
                                      std::vector<core::EventRecord>& out) {
    const std::string& name = request.name;
    if (name != "exchangeInfo" && name != "leverageBracket" && name != "openInterestHist" &&
        name != "klines" && name != "premiumIndex" && name != "openInterest") {
        return RestOutcome::failed("unknown request '" + name + "'");
    }
    const std::optional<Json> parsed = detail::parseJson(body);
    if (!parsed) {
        return RestOutcome::failed(name + ": the body is not JSON");
    }
    if (auto error = errorEnvelope(*parsed)) {
        return RestOutcome::failed(std::move(*error));
    }
    if (name == "exchangeInfo") {
        return parseExchangeInfo(*parsed, m_registry, m_skipped);
    }
    if (name == "leverageBracket") {
        return parseLeverageBracket(*parsed, m_registry, m_skipped);
    }
    if (name == "openInterestHist") {
        // No window start (a request made by hand): keep every row and page until Binance
        // runs out.
        return parseOpenInterestHist(request, *parsed, request.windowStartMs, m_skipped, out);
    }
    if (name == "klines") {
        return parseKlines(request, *parsed, receiveMs, m_skipped, out);
    }
    if (name == "premiumIndex") {
        return parsePremiumIndex(request, *parsed, m_skipped, out);
    }
    return parseOpenInterest(request, *parsed, m_skipped, out);
}

}  // namespace liqmap::exchange::binance
