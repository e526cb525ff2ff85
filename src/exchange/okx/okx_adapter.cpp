#include "okx_adapter.h"

#include <algorithm>   // std::stable_sort, std::search
#include <chrono>      // std::chrono::seconds
#include <cmath>       // std::isfinite
#include <cstddef>     // std::size_t
#include <functional>  // std::boyer_moore_horspool_searcher
#include <map>         // std::map
#include <memory>      // std::make_unique
#include <nlohmann/json.hpp>
#include <optional>     // std::optional, std::nullopt
#include <string>       // std::string, std::to_string
#include <type_traits>  // std::decay_t, std::is_same_v
#include <utility>      // std::move
#include <variant>      // std::visit

#include "json_fields.h"
#include "json_scan.h"
#include "liqmap/core/event_codec.h"   // core::validateEvent
#include "liqmap/core/market_event.h"  // core::parseInterval
#include "scan_fields.h"

namespace liqmap::exchange::okx {

namespace {

using core::SkipReason;
using core::TimestampMs;
using detail::FieldReader;
using detail::Json;

constexpr std::string_view kSwapSuffix = "-SWAP";
/// `limit` of both history endpoints (the maximum OKX serves per page).
constexpr std::size_t kHistoryPageRows = 100;
/// The rubik endpoint keeps the latest 1440 points per period: 5 days of 5m points; longer
/// windows need the 1H period.
constexpr TimestampMs kFineOpenInterestSpanMs = 5 * core::kDayMs;
/// OKX drops a connection after 30 s without traffic; ping after 25 s of silence.
constexpr std::chrono::seconds kIdlePingAfter{25};
constexpr std::chrono::seconds kStaleAfter{55};

std::string indexPath(std::string_view base, std::size_t index) {
    std::string path(base);
    path += '[';
    path += std::to_string(index);
    path += ']';
    return path;
}

std::string memberPath(std::string_view base, std::string_view key) {
    std::string path(base);
    if (!path.empty()) {
        path += '.';
    }
    path += key;
    return path;
}

/// The value of `key` in the query of `target` ("/a?x=1&y=2"), or "" when absent.
std::string_view queryParam(std::string_view target, std::string_view key) {
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos) {
        return {};
    }
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == key) {
            return pair.substr(equals + 1);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return {};
}

/// BTC-USDT-SWAP → BTC-USDT (the instFamily the tier endpoint wants).
std::string_view familyOf(std::string_view symbol) {
    if (symbol.ends_with(kSwapSuffix)) {
        symbol.remove_suffix(kSwapSuffix.size());
    }
    return symbol;
}

/// The length of an OKX bar ("1m", "1H", "1D", "6Hutc", …). Months ("1M", "3M") have no fixed
/// length and, like anything unknown, give nullopt. Note "1m" is a minute and "1M" a month.
std::optional<TimestampMs> barInterval(std::string_view bar) {
    if (bar.ends_with("utc")) {
        bar.remove_suffix(3);
    }
    if (bar.size() < 2) {
        return std::nullopt;
    }
    const std::string_view count = bar.substr(0, bar.size() - 1);
    for (const char digit : count) {
        if (digit < '0' || digit > '9') {
            return std::nullopt;
        }
    }
    char unit = 0;
    switch (bar.back()) {
        case 's':
        case 'm':
            unit = bar.back();
            break;
        case 'H':
            unit = 'h';
            break;
        case 'D':
            unit = 'd';
            break;
        case 'W':
            unit = 'w';
            break;
        default:
            return std::nullopt;
    }
    std::string text(count);
    text += unit;
    return core::parseInterval(text);
}

/// OKX error codes are strings on WebSocket and in most REST bodies, JSON numbers on some
/// (an unknown REST path). "?" when neither.
std::string codeText(const Json* code) {
    if (code != nullptr && code->is_string()) {
        return code->get_ref<const std::string&>();
    }
    if (code != nullptr && code->is_number_integer()) {
        if (const auto value = detail::integerOf(*code)) {
            return std::to_string(*value);
        }
    }
    return "?";
}

/// "code 60012: Invalid request: …" from an object carrying `code` and `msg`.
std::string errorText(const Json& object) {
    const auto code = object.find("code");
    std::string text = "code " + codeText(code != object.end() ? &*code : nullptr);
    text += ": ";
    const auto msg = object.find("msg");
    if (msg != object.end() && msg->is_string()) {
        text += msg->get_ref<const std::string&>();
    }
    return text;
}

/// Checked reads from one array row (candles, rubik history), with the same first-failure
/// bookkeeping as FieldReader; field paths are "data[3][4]".
class RowReader {
public:
    RowReader(const Json& row, std::string path) : m_row(row), m_path(std::move(path)) {
        if (!row.is_array()) {
            m_ok = false;
            m_reason = row.is_null() ? SkipReason::MissingField : SkipReason::WrongType;
            m_field = m_path;
        }
    }

    bool ok() const { return m_ok; }
    SkipReason reason() const { return m_reason; }
    const std::string& field() const { return m_field; }

    TimestampMs timestamp(std::size_t index) {
        const Json* value = element(index);
        if (value == nullptr) {
            return 0;
        }
        if (!value->is_string() && !value->is_number_integer()) {
            fail(SkipReason::WrongType, index);
            return 0;
        }
        const auto parsed = detail::integerOf(*value);
        if (!parsed || *parsed <= 0) {
            fail(SkipReason::InvalidValue, index);
            return 0;
        }
        return *parsed;
    }

    double positiveDecimal(std::size_t index) {
        const double value = decimal(index);
        if (m_ok && !(value > 0)) {
            fail(SkipReason::InvalidValue, index);
        }
        return value;
    }

    double nonNegativeDecimal(std::size_t index) {
        const double value = decimal(index);
        if (m_ok && value < 0) {
            fail(SkipReason::InvalidValue, index);
        }
        return value;
    }

    /// Absent (short row), null or "" → nullopt; otherwise a decimal ≥ 0.
    std::optional<double> optionalNonNegativeDecimal(std::size_t index) {
        if (!m_ok || index >= m_row.size() || m_row[index].is_null() ||
            (m_row[index].is_string() && m_row[index].get_ref<const std::string&>().empty())) {
            return std::nullopt;
        }
        return nonNegativeDecimal(index);
    }

    std::string_view text(std::size_t index) {
        const Json* value = element(index);
        if (value == nullptr) {
            return {};
        }
        if (!value->is_string()) {
            fail(SkipReason::WrongType, index);
            return {};
        }
        return value->get_ref<const std::string&>();
    }

    void fail(SkipReason reason, std::size_t index) {
        if (!m_ok) {
            return;
        }
        m_ok = false;
        m_reason = reason;
        m_field = indexPath(m_path, index);
    }

private:
    const Json* element(std::size_t index) {
        if (!m_ok) {
            return nullptr;
        }
        if (index >= m_row.size() || m_row[index].is_null()) {
            fail(SkipReason::MissingField, index);
            return nullptr;
        }
        return &m_row[index];
    }

    double decimal(std::size_t index) {
        const Json* value = element(index);
        if (value == nullptr) {
            return 0;
        }
        if (!value->is_string()) {
            fail(SkipReason::WrongType, index);
            return 0;
        }
        const auto parsed = detail::decimalOf(*value);
        if (!parsed) {
            fail(SkipReason::InvalidValue, index);
            return 0;
        }
        return *parsed;
    }

    const Json& m_row;
    std::string m_path;
    bool m_ok = true;
    SkipReason m_reason = SkipReason::MalformedJson;
    std::string m_field;
};

/// What one frame or response body produced: events appended to `out` after validation, and
/// skipped records, each counted once in the adapter's SkipCounts, with the first one's reason
/// and field kept for the outcome.
class Tally {
public:
    Tally(core::SkipCounts& skipped, std::vector<core::EventRecord>& out)
        : m_skipped(skipped), m_out(out) {}

    void skip(SkipReason reason, std::string field) {
        m_skipped.add(reason);
        if (m_skippedRecords == 0) {
            m_reason = reason;
            m_field = std::move(field);
        }
        ++m_skippedRecords;
    }

    template <typename Reader>
    void skip(const Reader& reader) {
        skip(reader.reason(), reader.field());
    }

    /// Appends `event` unless core::validateEvent rejects it; then the record at `path` is
    /// skipped with the validator's reason and the event's field under that path.
    template <typename Event>
    void emit(std::string_view symbol, const Event& event, std::string_view path) {
        const core::EventParseStatus status = core::validateEvent(event);
        if (!status.ok) {
            skip(status.reason, memberPath(path, status.field));
            return;
        }
        m_out.push_back(
            core::EventRecord{std::string(toString(Venue::Okx)), std::string(symbol), event});
        ++m_events;
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
            outcome.detail = std::string(core::toString(m_reason)) + " " + m_field;
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

/// Iterates over a JSON array with each element's path ("data[3]").
template <typename Visit>
void forEachIndexed(const Json& array, std::string_view path, Visit visit) {
    std::size_t index = 0;
    for (const Json& element : array) {
        visit(element, indexPath(path, index));
        ++index;
    }
}

/// liquidation-orders: `posSide` long/short is the liquidated position; `net` (one-way mode) or
/// no posSide leaves only the order side, and a sell order closes a long.
core::Side liquidatedSide(FieldReader& record) {
    std::string_view posSide;
    if (const Json* value = record.optionalMember("posSide")) {
        if (!value->is_string()) {
            record.fail(SkipReason::WrongType, "posSide");
            return core::Side::Long;
        }
        posSide = value->get_ref<const std::string&>();
    }
    if (posSide == "long") {
        return core::Side::Long;
    }
    if (posSide == "short") {
        return core::Side::Short;
    }
    if (!posSide.empty() && posSide != "net") {
        record.fail(SkipReason::InvalidValue, "posSide");
        return core::Side::Long;
    }
    const std::string_view side = record.text("side");
    if (side == "sell") {
        return core::Side::Long;
    }
    if (side != "buy") {
        record.fail(SkipReason::InvalidValue, "side");
    }
    return core::Side::Short;
}

void parseLiquidations(const Json& data, const InstrumentRegistry& registry, Tally& tally) {
    forEachIndexed(data, "data", [&](const Json& item, const std::string& path) {
        FieldReader entry(item, path);
        const std::string_view instId = entry.text("instId");
        const Json* details = entry.member("details");
        if (details != nullptr && !details->is_array()) {
            entry.fail(SkipReason::WrongType, "details");
        }
        if (!entry.ok()) {
            tally.skip(entry);
            return;
        }
        // Never guess a contract value: without the instrument every record of it is unusable.
        const InstrumentInfo* info = registry.find(instId);
        forEachIndexed(*details, memberPath(path, "details"),
                       [&](const Json& record, const std::string& recordPath) {
                           if (info == nullptr) {
                               tally.skip(SkipReason::UnknownInstrument,
                                          memberPath(path, "instId"));
                               return;
                           }
                           FieldReader reader(record, recordPath);
                           core::Liquidation liquidation;
                           liquidation.price = reader.positiveDecimal("bkPx");
                           const double contracts = reader.positiveDecimal("sz");
                           liquidation.side = liquidatedSide(reader);
                           liquidation.ts = reader.timestamp("ts");
                           if (!reader.ok()) {
                               tally.skip(reader);
                               return;
                           }
                           liquidation.qty = contracts * info->contractValue;
                           liquidation.notional = liquidation.qty * liquidation.price;
                           liquidation.priceKind = core::PriceKind::Bankruptcy;
                           tally.emit(instId, liquidation, recordPath);
                       });
    });
}

void parseTrades(const Json& data, const InstrumentRegistry& registry, Tally& tally) {
    forEachIndexed(data, "data", [&](const Json& item, const std::string& path) {
        FieldReader reader(item, path);
        const std::string_view instId = reader.text("instId");
        const InstrumentInfo* info = reader.ok() ? registry.find(instId) : nullptr;
        if (reader.ok() && info == nullptr) {
            tally.skip(SkipReason::UnknownInstrument, memberPath(path, "instId"));
            return;
        }
        core::Trade trade;
        trade.price = reader.positiveDecimal("px");
        const double contracts = reader.positiveDecimal("sz");
        const std::string_view side = reader.text("side");
        if (side == "buy") {
            trade.aggressor = core::Aggressor::Buy;
        } else if (side == "sell") {
            trade.aggressor = core::Aggressor::Sell;
        } else {
            reader.fail(SkipReason::InvalidValue, "side");
        }
        trade.ts = reader.timestamp("ts");
        if (!reader.ok()) {
            tally.skip(reader);
            return;
        }
        trade.qty = contracts * info->contractValue;
        tally.emit(instId, trade, path);
    });
}

void parseMarkPrices(const Json& data, Tally& tally) {
    forEachIndexed(data, "data", [&](const Json& item, const std::string& path) {
        FieldReader reader(item, path);
        const std::string_view instId = reader.text("instId");
        core::MarkPrice mark;
        mark.price = reader.positiveDecimal("markPx");
        mark.ts = reader.timestamp("ts");
        if (!reader.ok()) {
            tally.skip(reader);
            return;
        }
        tally.emit(instId, mark, path);
    });
}

/// One open-interest object (WS channel and REST snapshot have the same fields).
void parseOpenInterest(const Json& item, const std::string& path,
                       const InstrumentRegistry& registry, Tally& tally) {
    FieldReader reader(item, path);
    const std::string_view instId = reader.text("instId");
    const std::optional<double> coins = reader.optionalDecimal("oiCcy");
    if (coins && *coins < 0) {
        reader.fail(SkipReason::InvalidValue, "oiCcy");
    }
    const std::optional<double> notional = reader.optionalDecimal("oiUsd");
    if (notional && *notional < 0) {
        reader.fail(SkipReason::InvalidValue, "oiUsd");
    }
    core::OpenInterest openInterest;
    openInterest.ts = reader.timestamp("ts");
    openInterest.notional = notional;
    if (coins) {
        openInterest.qty = *coins;
    } else if (reader.ok()) {
        // Old captures have no oiCcy: contracts × contract value, if the contract is known.
        const InstrumentInfo* info = registry.find(instId);
        if (info == nullptr) {
            tally.skip(SkipReason::UnknownInstrument, memberPath(path, "instId"));
            return;
        }
        openInterest.qty = reader.nonNegativeDecimal("oi") * info->contractValue;
    }
    if (!reader.ok()) {
        tally.skip(reader);
        return;
    }
    tally.emit(instId, openInterest, path);
}

/// An optional string member: absent or null → "", another type → WrongType.
std::string_view optionalText(FieldReader& reader, std::string_view key) {
    const Json* value = reader.optionalMember(key);
    if (value == nullptr) {
        return {};
    }
    if (!value->is_string()) {
        reader.fail(SkipReason::WrongType, key);
        return {};
    }
    return value->get_ref<const std::string&>();
}

/// The `index`-th '-'-separated part of an instId ("BTC-USDT-SWAP", 1 → "USDT").
std::string_view instIdPart(std::string_view instId, std::size_t index) {
    for (std::size_t i = 0; i < index; ++i) {
        const std::size_t dash = instId.find('-');
        if (dash == std::string_view::npos) {
            return {};
        }
        instId.remove_prefix(dash + 1);
    }
    return instId.substr(0, instId.find('-'));
}

/// /public/instruments rows into the registry. Inverse swaps (BTC-USD-SWAP: ctVal in USD,
/// margined in the coin) are skipped: liqmap models linear contracts only.
void parseInstruments(const Json& data, InstrumentRegistry& registry, Tally& tally) {
    forEachIndexed(data, "data", [&](const Json& item, const std::string& path) {
        FieldReader reader(item, path);
        const std::string_view instId = reader.text("instId");
        if (reader.ok() && instId.empty()) {
            reader.fail(SkipReason::InvalidValue, "instId");
        }
        const std::string_view type = reader.text("ctType");
        if (reader.ok() && type != "linear") {
            reader.fail(SkipReason::UnknownType, "ctType");
        }
        const double faceValue = reader.positiveDecimal("ctVal");
        const double multiplier = reader.positiveDecimal("ctMult");
        InstrumentInfo info;
        info.tickSize = reader.positiveDecimal("tickSz");
        // `lever` is "" while a contract is not trading yet; 0 leaves the cap unknown.
        const std::optional<double> lever = reader.optionalDecimal("lever");
        if (lever && *lever <= 0) {
            reader.fail(SkipReason::InvalidValue, "lever");
        }
        const std::string_view base = optionalText(reader, "ctValCcy");
        const std::string_view quote = optionalText(reader, "settleCcy");
        info.contractValue = faceValue * multiplier;
        if (reader.ok() && !std::isfinite(info.contractValue)) {
            reader.fail(SkipReason::OutOfRange, "ctVal");
        }
        if (!reader.ok()) {
            tally.skip(reader);
            return;
        }
        info.symbol = std::string(instId);
        info.baseAsset = std::string(base.empty() ? instIdPart(instId, 0) : base);
        info.quoteAsset = std::string(quote.empty() ? instIdPart(instId, 1) : quote);
        info.maxLeverage = lever.value_or(0);
        registry.upsert(std::move(info));
    });
}

/// /public/position-tiers rows per swap symbol (instFamily + "-SWAP"; a row without
/// instFamily belongs to the family the request asked for), sorted by size bound. Rows the
/// core cannot use (mmr ≥ 1, max leverage ≤ 1, a repeated bound) are skipped.
std::map<std::string, std::vector<OkxAdapter::ContractTier>, std::less<>> parseTiers(
    const Json& data, std::string_view requestFamily, Tally& tally) {
    struct Row {
        std::string path;
        OkxAdapter::ContractTier tier;
    };
    std::map<std::string, std::vector<Row>, std::less<>> rows;
    forEachIndexed(data, "data", [&](const Json& item, const std::string& path) {
        FieldReader reader(item, path);
        std::string_view family = optionalText(reader, "instFamily");
        if (family.empty()) {
            family = requestFamily;
        }
        if (family.empty()) {
            reader.fail(SkipReason::MissingField, "instFamily");
        }
        OkxAdapter::ContractTier tier;
        tier.maxContracts = reader.positiveDecimal("maxSz");
        tier.mmr = reader.nonNegativeDecimal("mmr");
        if (reader.ok() && !(tier.mmr < 1)) {
            reader.fail(SkipReason::InvalidValue, "mmr");
        }
        tier.maxLeverage = reader.positiveDecimal("maxLever");
        if (reader.ok() && !(tier.maxLeverage > 1)) {
            reader.fail(SkipReason::InvalidValue, "maxLever");
        }
        if (!reader.ok()) {
            tally.skip(reader);
            return;
        }
        rows[std::string(family) + std::string(kSwapSuffix)].push_back(Row{path, tier});
    });

    std::map<std::string, std::vector<OkxAdapter::ContractTier>, std::less<>> tiers;
    for (auto& [symbol, symbolRows] : rows) {
        std::stable_sort(symbolRows.begin(), symbolRows.end(), [](const Row& a, const Row& b) {
            return a.tier.maxContracts < b.tier.maxContracts;
        });
        std::vector<OkxAdapter::ContractTier>& converted = tiers[symbol];
        for (const Row& row : symbolRows) {
            if (!converted.empty() && row.tier.maxContracts == converted.back().maxContracts) {
                // Two tiers with one bound: which rate applies is unknowable.
                tally.skip(SkipReason::InvalidValue, memberPath(row.path, "maxSz"));
                continue;
            }
            converted.push_back(row.tier);
        }
    }
    return tiers;
}

/// [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]: volume in coins is volCcy (vol counts
/// contracts); confirm "1" marks a closed bar.
void parseCandleRow(const Json& row, const std::string& path, std::string_view symbol,
                    TimestampMs intervalMs, Tally& tally) {
    RowReader reader(row, path);
    core::Candle candle;
    candle.intervalMs = intervalMs;
    candle.ts = reader.timestamp(0);
    candle.open = reader.positiveDecimal(1);
    candle.high = reader.positiveDecimal(2);
    candle.low = reader.positiveDecimal(3);
    candle.close = reader.positiveDecimal(4);
    candle.volume = reader.nonNegativeDecimal(6);
    const std::string_view confirm = reader.text(8);
    if (reader.ok() && confirm != "0" && confirm != "1") {
        reader.fail(SkipReason::InvalidValue, 8);
    }
    candle.closed = confirm == "1";
    if (!reader.ok()) {
        tally.skip(reader);
        return;
    }
    tally.emit(symbol, candle, path);
}

/// The oldest readable timestamp in column 0 of `rows` (history pages are newest first, but a
/// bad row must not hide the page's end).
std::optional<TimestampMs> oldestRowTs(const Json& rows) {
    std::optional<TimestampMs> oldest;
    for (const Json& row : rows) {
        if (!row.is_array() || row.empty()) {
            continue;
        }
        const auto ts = detail::integerOf(row[0]);
        if (ts && (!oldest || *ts < *oldest)) {
            oldest = *ts;
        }
    }
    return oldest;
}

/// Whether the row's timestamp is readable and older than `startMs` (outside the window).
bool rowBefore(const Json& row, TimestampMs startMs) {
    if (!row.is_array() || row.empty()) {
        return false;
    }
    const auto ts = detail::integerOf(row[0]);
    return ts && *ts < startMs;
}

std::string openInterestHistoryTarget(std::string_view symbol, std::string_view period,
                                      TimestampMs endMs) {
    return "/api/v5/rubik/stat/contracts/open-interest-history?instId=" + std::string(symbol) +
           "&period=" + std::string(period) + "&end=" + std::to_string(endMs) +
           "&limit=" + std::to_string(kHistoryPageRows);
}

std::string historyCandlesTarget(std::string_view symbol, TimestampMs afterMs) {
    return "/api/v5/market/history-candles?instId=" + std::string(symbol) +
           "&bar=1m&after=" + std::to_string(afterMs) +
           "&limit=" + std::to_string(kHistoryPageRows);
}

nlohmann::ordered_json subscriptionArg(std::string_view channel, std::string_view key,
                                       std::string_view value) {
    nlohmann::ordered_json arg = nlohmann::ordered_json::object();
    arg["channel"] = std::string(channel);
    arg[std::string(key)] = std::string(value);
    return arg;
}

std::string subscribeMessage(nlohmann::ordered_json args) {
    nlohmann::ordered_json message = nlohmann::ordered_json::object();
    message["op"] = "subscribe";
    message["args"] = std::move(args);
    // `replace` instead of throwing on a symbol that is not UTF-8.
    return message.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

StreamSpec streamSpec(std::string name, std::string url, std::string subscribe) {
    StreamSpec spec;
    spec.name = std::move(name);
    spec.url = std::move(url);
    spec.subscribeMessages = {std::move(subscribe)};
    // OKX answers the plain text "ping" with "pong"; it is not JSON.
    spec.heartbeat.kind = HeartbeatRule::Kind::ClientWhenIdle;
    spec.heartbeat.message = "ping";
    spec.heartbeat.interval = kIdlePingAfter;
    spec.staleAfter = kStaleAfter;
    spec.rotateAfter = std::chrono::milliseconds(0);
    return spec;
}

}  // namespace

std::vector<StreamSpec> OkxAdapter::streams(const Endpoints& endpoints,
                                            std::string_view symbol) const {
    // liquidation-orders has no instId filter: one subscription covers every swap.
    nlohmann::ordered_json publicArgs = nlohmann::ordered_json::array();
    publicArgs.push_back(subscriptionArg("liquidation-orders", "instType", "SWAP"));
    publicArgs.push_back(subscriptionArg("open-interest", "instId", symbol));
    publicArgs.push_back(subscriptionArg("mark-price", "instId", symbol));
    publicArgs.push_back(subscriptionArg("trades", "instId", symbol));
    // Candles are served on /business only; on /public the subscription fails.
    nlohmann::ordered_json businessArgs = nlohmann::ordered_json::array();
    businessArgs.push_back(subscriptionArg("candle1m", "instId", symbol));

    std::vector<StreamSpec> specs;
    specs.push_back(streamSpec("public", endpoints.webSocketBaseUrl + "/ws/v5/public",
                               subscribeMessage(std::move(publicArgs))));
    specs.push_back(streamSpec("business", endpoints.webSocketBaseUrl + "/ws/v5/business",
                               subscribeMessage(std::move(businessArgs))));
    return specs;
}

std::vector<RestRequest> OkxAdapter::instrumentRequests(std::string_view symbol) const {
    RestRequest instruments;
    instruments.name = "instruments";
    instruments.target = "/api/v5/public/instruments?instType=SWAP";
    RestRequest tiers;
    tiers.name = "position-tiers";
    tiers.target = "/api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=" +
                   std::string(familyOf(symbol));
    return {instruments, tiers};
}

std::vector<RestRequest> OkxAdapter::historyRequests(std::string_view symbol, TimestampMs startMs,
                                                     TimestampMs endMs) const {
    if (endMs < startMs) {
        return {};
    }
    // The queries name only the end; the window's start travels with the request (and with
    // recordings, so a replay drops and pages exactly like the live run).
    RestRequest openInterest;
    openInterest.name = "open-interest-history";
    openInterest.windowStartMs = startMs;
    openInterest.target = openInterestHistoryTarget(
        symbol, endMs - startMs <= kFineOpenInterestSpanMs ? "5m" : "1H", endMs);
    RestRequest candles;
    candles.name = "history-candles";
    candles.windowStartMs = startMs;
    // `after` returns bars strictly older than it: E + 1 includes the bar opening at E.
    candles.target = historyCandlesTarget(symbol, endMs + 1);
    RestRequest snapshot;
    snapshot.name = "open-interest";
    snapshot.target = "/api/v5/public/open-interest?instType=SWAP&instId=" + std::string(symbol);
    return {openInterest, candles, snapshot};
}

OkxAdapter::OkxAdapter(bool fastTrades)
    : m_fastTrades(fastTrades), m_scan(std::make_unique<detail::JsonScan>()) {}

OkxAdapter::~OkxAdapter() = default;

std::optional<FrameOutcome> parseTradesFast(detail::JsonScan& scan, std::string_view frame,
                                            const InstrumentRegistry& registry,
                                            std::vector<core::EventRecord>& out) {
    using detail::JsonScan;
    // Only a frame naming the channel is worth scanning. The search costs ~30 ns, a tenth of a
    // scan; string_view::find would cost ~200 (it stops at every quote of the frame).
    static constexpr std::string_view kNeedle = R"("trades")";
    static const std::boyer_moore_horspool_searcher kNamed(kNeedle.begin(), kNeedle.end());
    if (std::search(frame.begin(), frame.end(), kNamed) == frame.end() ||
        scan.scan(frame) != JsonScan::Status::Ok) {
        return std::nullopt;
    }
    // parseFrame's dispatch: any "event" (even null) or "op" makes it another kind of frame (an
    // ambiguous lookup of one is ambiguous for the other: the same object).
    const JsonScan::Lookup event = scan.member(JsonScan::kRoot, "event");
    const JsonScan::Lookup op = scan.member(JsonScan::kRoot, "op");
    detail::ScanFields root(scan, JsonScan::kRoot);
    const std::uint32_t arg = root.member("arg");
    const std::uint32_t data = root.member("data");
    if (event.ambiguous || event.value != JsonScan::kNone || op.value != JsonScan::kNone ||
        !root.ok() || scan[data].type != JsonScan::Type::Array) {
        return std::nullopt;
    }
    if (detail::ScanFields(scan, arg).text("channel") != "trades") {
        return std::nullopt;
    }
    // parseTrades, read in the same order; a record it would skip declines the frame.
    const std::size_t firstNew = out.size();
    for (const std::uint32_t item : scan.elements(data)) {
        detail::ScanFields record(scan, item);
        const std::string_view instId = record.text("instId");
        const InstrumentInfo* info = record.ok() ? registry.find(instId) : nullptr;
        core::Trade trade;
        trade.price = record.positiveDecimal("px");
        const double contracts = record.positiveDecimal("sz");
        const std::string_view side = record.text("side");
        if (side == "buy") {
            trade.aggressor = core::Aggressor::Buy;
        } else if (side == "sell") {
            trade.aggressor = core::Aggressor::Sell;
        } else {
            record.fail();
        }
        trade.ts = record.timestamp("ts");
        trade.qty = info != nullptr ? contracts * info->contractValue : 0;
        if (!record.ok() || info == nullptr || !core::validateEvent(trade).ok) {
            out.erase(out.begin() + static_cast<std::ptrdiff_t>(firstNew), out.end());
            return std::nullopt;
        }
        out.push_back(
            core::EventRecord{std::string(toString(Venue::Okx)), std::string(instId), trade});
    }
    FrameOutcome outcome;
    outcome.kind = FrameOutcome::Kind::Data;
    outcome.events = out.size() - firstNew;
    return outcome;
}

FrameOutcome OkxAdapter::parseFrame(std::string_view frame, TimestampMs /*receiveMs*/,
                                    std::vector<core::EventRecord>& out) {
    if (m_fastTrades) {
        const std::size_t firstNew = out.size();
        if (std::optional<FrameOutcome> outcome =
                parseTradesFast(*m_scan, frame, m_registry, out)) {
            notePrices(out, firstNew);
            return std::move(*outcome);
        }
    }
    // "pong" answers our heartbeat; "ping" is our own heartbeat, present in captures that
    // record both directions.
    if (frame == "pong" || frame == "ping") {
        return FrameOutcome::control();
    }
    const std::optional<Json> parsed = detail::parseJson(frame);
    if (!parsed || !parsed->is_object()) {
        return FrameOutcome::skipped(m_skipped, SkipReason::MalformedJson, "");
    }
    const Json& root = *parsed;

    if (const auto event = root.find("event"); event != root.end()) {
        if (!event->is_string()) {
            return FrameOutcome::skipped(m_skipped, SkipReason::WrongType, "event");
        }
        const std::string& name = event->get_ref<const std::string&>();
        if (name == "subscribe" || name == "unsubscribe") {
            return FrameOutcome::control();
        }
        if (name == "error") {
            FrameOutcome outcome;
            outcome.kind = FrameOutcome::Kind::ExchangeError;
            outcome.detail = errorText(root);
            return outcome;
        }
        if (name == "notice") {
            // Announces a server-side disconnect (service upgrade); the session reconnects on
            // the close itself, so this is informational.
            const auto msg = root.find("msg");
            return FrameOutcome::control(msg != root.end() && msg->is_string()
                                             ? msg->get_ref<const std::string&>()
                                             : std::string());
        }
        return FrameOutcome::skipped(m_skipped, SkipReason::UnknownType, "event");
    }
    if (root.contains("op")) {
        // Our own subscribe request, as two-way captures record it.
        return FrameOutcome::control();
    }

    FieldReader frameReader(root);
    const Json* argValue = frameReader.member("arg");
    if (argValue == nullptr) {
        return FrameOutcome::skipped(m_skipped, frameReader.reason(), frameReader.field());
    }
    FieldReader arg(*argValue, "arg");
    const std::string_view channel = arg.text("channel");
    if (!arg.ok()) {
        return FrameOutcome::skipped(m_skipped, arg.reason(), arg.field());
    }

    enum class Channel { Liquidations, OpenInterest, MarkPrice, Trades, Candles };
    Channel kind = Channel::Candles;
    std::optional<TimestampMs> candleInterval;
    if (channel == "liquidation-orders") {
        kind = Channel::Liquidations;
    } else if (channel == "open-interest") {
        kind = Channel::OpenInterest;
    } else if (channel == "mark-price") {
        kind = Channel::MarkPrice;
    } else if (channel == "trades") {
        kind = Channel::Trades;
    } else if (channel.starts_with("candle")) {
        candleInterval = barInterval(channel.substr(6));
    }
    if (kind == Channel::Candles && !candleInterval) {
        // funding-rate, tickers, books, month candles…: nothing liqmap uses.
        return FrameOutcome::skipped(m_skipped, SkipReason::UnknownType, "arg.channel");
    }
    // Candle rows carry no instId; the subscription echo names the instrument.
    const std::string_view candleSymbol = kind == Channel::Candles ? arg.text("instId") : "";
    if (!arg.ok()) {
        return FrameOutcome::skipped(m_skipped, arg.reason(), arg.field());
    }
    const Json* data = frameReader.member("data");
    if (data != nullptr && !data->is_array()) {
        frameReader.fail(SkipReason::WrongType, "data");
    }
    if (!frameReader.ok()) {
        return FrameOutcome::skipped(m_skipped, frameReader.reason(), frameReader.field());
    }

    const std::size_t firstNew = out.size();
    Tally tally(m_skipped, out);
    switch (kind) {
        case Channel::Liquidations:
            parseLiquidations(*data, m_registry, tally);
            break;
        case Channel::OpenInterest:
            forEachIndexed(*data, "data", [&](const Json& item, const std::string& path) {
                parseOpenInterest(item, path, m_registry, tally);
            });
            break;
        case Channel::MarkPrice:
            parseMarkPrices(*data, tally);
            break;
        case Channel::Trades:
            parseTrades(*data, m_registry, tally);
            break;
        case Channel::Candles:
            forEachIndexed(*data, "data", [&](const Json& row, const std::string& path) {
                parseCandleRow(row, path, candleSymbol, *candleInterval, tally);
            });
            break;
    }
    notePrices(out, firstNew);
    return tally.frameOutcome();
}

RestOutcome OkxAdapter::parseRest(const RestRequest& request, std::string_view body,
                                  TimestampMs /*receiveMs*/, std::vector<core::EventRecord>& out) {
    const std::string& name = request.name;
    const bool known = name == "instruments" || name == "position-tiers" ||
                       name == "open-interest-history" || name == "history-candles" ||
                       name == "candles" || name == "open-interest" ||
                       name == "open-interest-volume";
    if (!known) {
        return RestOutcome::failed("unknown request name '" + name + "'");
    }
    const std::optional<Json> parsed = detail::parseJson(body);
    if (!parsed) {
        return RestOutcome::failed("malformed JSON");
    }
    if (!parsed->is_object()) {
        return RestOutcome::failed("not a JSON object");
    }
    const Json& root = *parsed;
    const auto code = root.find("code");
    if (code == root.end()) {
        return RestOutcome::failed("no code in the response");
    }
    const bool success = (code->is_string() && code->get_ref<const std::string&>() == "0") ||
                         (code->is_number_integer() && detail::integerOf(*code) == 0);
    if (!success) {
        return RestOutcome::failed(errorText(root));
    }
    const auto data = root.find("data");
    if (data == root.end() || !data->is_array()) {
        return RestOutcome::failed("data is not an array");
    }

    const std::size_t firstNew = out.size();
    Tally tally(m_skipped, out);
    std::vector<RestRequest> followUps;
    const std::string_view instId = queryParam(request.target, "instId");

    if (name == "instruments") {
        parseInstruments(*data, m_registry, tally);
        // Tiers that arrived first were waiting for their contract value.
        std::vector<std::string> pending;
        for (const auto& [symbol, tiers] : m_pendingTiers) {
            pending.push_back(symbol);
        }
        for (const std::string& symbol : pending) {
            applyPendingTiers(symbol);
        }
    } else if (name == "position-tiers") {
        auto tiers = parseTiers(*data, queryParam(request.target, "instFamily"), tally);
        for (auto& [symbol, symbolTiers] : tiers) {
            m_pendingTiers.insert_or_assign(symbol, std::move(symbolTiers));
            applyPendingTiers(symbol);
        }
    } else if (name == "open-interest") {
        forEachIndexed(*data, "data", [&](const Json& item, const std::string& path) {
            parseOpenInterest(item, path, m_registry, tally);
        });
    } else if (name == "open-interest-volume") {
        // The rubik aggregate is USD summed over every future and swap of the coin: not the open
        // interest of one instrument, so nothing in it can become an OpenInterest event.
    } else {
        // Paged history, newest row first: open-interest-history, history-candles, candles.
        if (instId.empty()) {
            return RestOutcome::failed("request target has no instId");
        }
        const bool paged = name != "candles";
        const std::optional<TimestampMs> startMs = paged && request.windowStartMs > 0
                                                       ? std::optional(request.windowStartMs)
                                                       : std::nullopt;
        std::optional<TimestampMs> intervalMs;
        if (name != "open-interest-history") {
            const std::string_view bar = queryParam(request.target, "bar");
            intervalMs = barInterval(bar.empty() ? "1m" : bar);  // OKX's default bar is 1m
            if (!intervalMs) {
                return RestOutcome::failed("unknown bar '" + std::string(bar) + "' in the request");
            }
        }
        forEachIndexed(*data, "data", [&](const Json& row, const std::string& path) {
            if (startMs && rowBefore(row, *startMs)) {
                return;  // before the window: not wanted, not bad
            }
            if (intervalMs) {
                parseCandleRow(row, path, instId, *intervalMs, tally);
                return;
            }
            // [ts, oi (contracts), oiCcy (coins), oiUsd]
            RowReader reader(row, path);
            core::OpenInterest openInterest;
            openInterest.ts = reader.timestamp(0);
            openInterest.qty = reader.nonNegativeDecimal(2);
            openInterest.notional = reader.optionalNonNegativeDecimal(3);
            if (!reader.ok()) {
                tally.skip(reader);
                return;
            }
            tally.emit(instId, openInterest, path);
        });
        // A full page may have older rows behind it; without a known window start we cannot
        // tell how far back to go, so paging stops.
        const std::optional<TimestampMs> oldest = oldestRowTs(*data);
        if (startMs && data->size() >= kHistoryPageRows && oldest && *oldest > *startMs) {
            RestRequest next;
            next.name = name;
            next.windowStartMs = request.windowStartMs;
            if (name == "open-interest-history") {
                const std::string_view period = queryParam(request.target, "period");
                next.target =
                    openInterestHistoryTarget(instId, period.empty() ? "5m" : period, *oldest - 1);
            } else {
                next.target = historyCandlesTarget(instId, *oldest);
            }
            followUps.push_back(std::move(next));
        }
    }
    notePrices(out, firstNew);
    RestOutcome outcome = tally.restOutcome();
    outcome.followUps = std::move(followUps);
    return outcome;
}

void OkxAdapter::notePrices(const std::vector<core::EventRecord>& out, std::size_t firstNew) {
    for (std::size_t i = firstNew; i < out.size(); ++i) {
        const core::EventRecord& record = out[i];
        std::visit(
            [&](const auto& event) {
                using Event = std::decay_t<decltype(event)>;
                if constexpr (std::is_same_v<Event, core::Trade> ||
                              std::is_same_v<Event, core::MarkPrice>) {
                    notePrice(record.symbol, event.ts, event.price);
                } else if constexpr (std::is_same_v<Event, core::Candle>) {
                    notePrice(record.symbol, event.ts, event.close);
                }
            },
            record.event);
    }
}

void OkxAdapter::notePrice(std::string_view symbol, TimestampMs ts, double price) {
    const auto found = m_lastPrices.find(symbol);
    if (found == m_lastPrices.end()) {
        m_lastPrices.emplace(std::string(symbol), PriceSeen{ts, price});
    } else if (ts >= found->second.ts) {
        // Older pages of a history arrive after newer data: the latest stamp wins, not the
        // latest arrival.
        found->second = PriceSeen{ts, price};
    } else {
        return;
    }
    if (!m_pendingTiers.empty()) {
        applyPendingTiers(symbol);
    }
}

void OkxAdapter::applyPendingTiers(std::string_view symbol) {
    const auto pending = m_pendingTiers.find(symbol);
    if (pending == m_pendingTiers.end()) {
        return;
    }
    const InstrumentInfo* info = m_registry.find(symbol);
    const auto price = m_lastPrices.find(symbol);
    if (info == nullptr || price == m_lastPrices.end()) {
        return;
    }
    // OKX bounds tiers by position size in contracts; core tiers are bounded by notional in
    // quote currency. The conversion needs a price, and the one at hand is used once: the caps
    // are a snapshot at that price, not rescaled as the market moves (a tier boundary of
    // 50 000 contracts stays at 50 000 × ctVal × the price seen here). OKX has no maintenance
    // deduction, so maintenanceAmount stays 0.
    std::vector<core::MaintenanceTier> tiers;
    for (const ContractTier& tier : pending->second) {
        const double cap = tier.maxContracts * info->contractValue * price->second.price;
        if (!std::isfinite(cap)) {
            break;  // the tier before becomes the open-ended last one
        }
        tiers.push_back(core::MaintenanceTier{cap, tier.mmr, 0, tier.maxLeverage});
    }
    m_pendingTiers.erase(pending);
    if (!tiers.empty()) {
        m_registry.setTiers(symbol, std::move(tiers));
    }
}

}  // namespace liqmap::exchange::okx
