#include "liqmap/core/event_codec.h"

#include <array>         // std::array
#include <charconv>      // std::from_chars
#include <cmath>         // std::isfinite, std::abs
#include <optional>      // std::optional
#include <string>        // std::string
#include <system_error>  // std::errc

#include "flat_json_reader.h"
#include "json_writer.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

// Plausibility bounds: beyond these a number is a unit mistake or garbage, not a market.
constexpr double kMinPrice = 1e-12;
constexpr double kMaxPrice = 1e9;
constexpr double kMaxQty = 1e15;
constexpr double kMaxNotional = 1e18;
constexpr double kMaxFundingRate = 1;                     // 100 % per funding interval
constexpr TimestampMs kMaxTimestamp = 4'102'444'800'000;  // 2100-01-01

enum class Field : std::uint8_t {
    Type,
    Exchange,
    Symbol,
    Ts,
    Price,
    Qty,
    Aggressor,
    Index,
    Funding,
    Notional,
    Interval,
    Open,
    High,
    Low,
    Close,
    Volume,
    Closed,
    Side,
    PriceKind,
    None,
};
constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::None);

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "type",  "exchange", "symbol",   "ts",       "price",      "qty",  "aggressor",
    "index", "funding",  "notional", "interval", "open",       "high", "low",
    "close", "volume",   "closed",   "side",     "price_kind",
};

std::string_view nameOf(Field field) { return kFieldNames[static_cast<std::size_t>(field)]; }

Field fieldOf(std::string_view key) {
    if (key.empty()) {
        return Field::None;
    }
    // First letter, then the full name: cheaper than comparing against all nineteen.
    auto is = [&](Field field) { return key == nameOf(field); };
    switch (key.front()) {
        case 'a':
            return is(Field::Aggressor) ? Field::Aggressor : Field::None;
        case 'c':
            return is(Field::Close)    ? Field::Close
                   : is(Field::Closed) ? Field::Closed
                                       : Field::None;
        case 'e':
            return is(Field::Exchange) ? Field::Exchange : Field::None;
        case 'f':
            return is(Field::Funding) ? Field::Funding : Field::None;
        case 'h':
            return is(Field::High) ? Field::High : Field::None;
        case 'i':
            return is(Field::Index)      ? Field::Index
                   : is(Field::Interval) ? Field::Interval
                                         : Field::None;
        case 'l':
            return is(Field::Low) ? Field::Low : Field::None;
        case 'n':
            return is(Field::Notional) ? Field::Notional : Field::None;
        case 'o':
            return is(Field::Open) ? Field::Open : Field::None;
        case 'p':
            return is(Field::Price)       ? Field::Price
                   : is(Field::PriceKind) ? Field::PriceKind
                                          : Field::None;
        case 'q':
            return is(Field::Qty) ? Field::Qty : Field::None;
        case 's':
            return is(Field::Symbol) ? Field::Symbol : is(Field::Side) ? Field::Side : Field::None;
        case 't':
            return is(Field::Type) ? Field::Type : is(Field::Ts) ? Field::Ts : Field::None;
        case 'v':
            return is(Field::Volume) ? Field::Volume : Field::None;
        default:
            return Field::None;
    }
}

EventParseStatus failure(SkipReason reason, std::string_view field) {
    return EventParseStatus{false, reason, field};
}

constexpr EventParseStatus kOk{};

// The members of one line, by field; absent ones have `present` false.
class Members {
public:
    bool present(Field field) const { return (m_present & bit(field)) != 0; }
    const JsonMember& operator[](Field field) const {
        return m_members[static_cast<std::size_t>(field)];
    }
    // False when the field was already there.
    bool store(Field field, const JsonMember& member) {
        if (present(field)) {
            return false;
        }
        m_present |= bit(field);
        m_members[static_cast<std::size_t>(field)] = member;
        return true;
    }

    EventParseStatus number(Field field, double& out) const {
        if (!present(field) || (*this)[field].kind == JsonKind::Null) {
            return failure(SkipReason::MissingField, nameOf(field));
        }
        return presentNumber(field, out);
    }

    EventParseStatus optionalNumber(Field field, std::optional<double>& out) const {
        out.reset();
        if (!present(field) || (*this)[field].kind == JsonKind::Null) {
            return kOk;
        }
        double value = 0;
        const EventParseStatus status = presentNumber(field, value);
        if (status.ok) {
            out = value;
        }
        return status;
    }

    EventParseStatus integer(Field field, std::int64_t& out) const {
        if (!present(field) || (*this)[field].kind == JsonKind::Null) {
            return failure(SkipReason::MissingField, nameOf(field));
        }
        const JsonMember& member = (*this)[field];
        if (member.kind != JsonKind::Number) {
            return failure(SkipReason::WrongType, nameOf(field));
        }
        const auto value = parseInteger(member.text);
        if (!value) {
            // A valid JSON number that is not a 64-bit integer: a fraction or too large.
            const bool integral = member.text.find_first_of(".eE") == std::string_view::npos;
            return failure(integral ? SkipReason::OutOfRange : SkipReason::WrongType,
                           nameOf(field));
        }
        out = *value;
        return kOk;
    }

    EventParseStatus boolean(Field field, bool& out) const {
        if (!present(field) || (*this)[field].kind == JsonKind::Null) {
            return failure(SkipReason::MissingField, nameOf(field));
        }
        const JsonKind kind = (*this)[field].kind;
        if (kind != JsonKind::True && kind != JsonKind::False) {
            return failure(SkipReason::WrongType, nameOf(field));
        }
        out = kind == JsonKind::True;
        return kOk;
    }

    // The decoded text of a string field; `scratch` holds it when it had escapes.
    EventParseStatus text(Field field, std::string_view& out, std::string& scratch) const {
        if (!present(field) || (*this)[field].kind == JsonKind::Null) {
            return failure(SkipReason::MissingField, nameOf(field));
        }
        const JsonMember& member = (*this)[field];
        if (member.kind != JsonKind::String) {
            return failure(SkipReason::WrongType, nameOf(field));
        }
        if (member.escaped) {
            if (!decodeJsonString(member.text, scratch)) {
                return failure(SkipReason::MalformedJson, nameOf(field));
            }
            out = scratch;
        } else {
            out = member.text;
        }
        return kOk;
    }

private:
    static std::uint32_t bit(Field field) { return 1u << static_cast<unsigned>(field); }

    EventParseStatus presentNumber(Field field, double& out) const {
        const JsonMember& member = (*this)[field];
        if (member.kind != JsonKind::Number) {
            return failure(SkipReason::WrongType, nameOf(field));
        }
        // The reader already checked the JSON grammar, so only the conversion is left; it fails
        // only for a value beyond double's range.
        const char* end = member.text.data() + member.text.size();
        const auto result = std::from_chars(member.text.data(), end, out);
        if (result.ec != std::errc{} || result.ptr != end || !std::isfinite(out)) {
            return failure(SkipReason::OutOfRange, nameOf(field));
        }
        return kOk;
    }

    std::uint32_t m_present = 0;
    std::array<JsonMember, kFieldCount> m_members{};
};

// Copies a string field into `out` (exchange, symbol), checking UTF-8 and non-emptiness.
EventParseStatus readName(const Members& members, Field field, std::string& out) {
    // An escaped name is decoded straight into `out`; a plain one is a view of the line (whose
    // UTF-8 the reader checked) and is copied.
    std::string_view name;
    const EventParseStatus status = members.text(field, name, out);
    if (!status.ok) {
        return status;
    }
    if (name.data() != out.data()) {
        out.assign(name);
    }
    if (out.empty()) {
        return failure(SkipReason::InvalidValue, nameOf(field));
    }
    return kOk;
}

// Runs the reads in order and stops at the first failure.
#define LIQMAP_TRY(expression)                       \
    do {                                             \
        const EventParseStatus status_ = expression; \
        if (!status_.ok) {                           \
            return status_;                          \
        }                                            \
    } while (false)

EventParseStatus readTrade(const Members& m, Trade& trade) {
    std::string scratch;
    std::string_view aggressor;
    LIQMAP_TRY(m.number(Field::Price, trade.price));
    LIQMAP_TRY(m.number(Field::Qty, trade.qty));
    LIQMAP_TRY(m.text(Field::Aggressor, aggressor, scratch));
    const auto parsed = parseAggressor(aggressor);
    if (!parsed) {
        return failure(SkipReason::InvalidValue, nameOf(Field::Aggressor));
    }
    trade.aggressor = *parsed;
    return kOk;
}

EventParseStatus readMark(const Members& m, MarkPrice& mark) {
    LIQMAP_TRY(m.number(Field::Price, mark.price));
    LIQMAP_TRY(m.optionalNumber(Field::Index, mark.index));
    LIQMAP_TRY(m.optionalNumber(Field::Funding, mark.funding));
    return kOk;
}

EventParseStatus readOpenInterest(const Members& m, OpenInterest& oi) {
    LIQMAP_TRY(m.number(Field::Qty, oi.qty));
    LIQMAP_TRY(m.optionalNumber(Field::Notional, oi.notional));
    return kOk;
}

EventParseStatus readCandle(const Members& m, Candle& candle) {
    std::string scratch;
    std::string_view interval;
    LIQMAP_TRY(m.text(Field::Interval, interval, scratch));
    const auto intervalMs = parseInterval(interval);
    if (!intervalMs) {
        return failure(SkipReason::InvalidValue, nameOf(Field::Interval));
    }
    candle.intervalMs = *intervalMs;
    LIQMAP_TRY(m.number(Field::Open, candle.open));
    LIQMAP_TRY(m.number(Field::High, candle.high));
    LIQMAP_TRY(m.number(Field::Low, candle.low));
    LIQMAP_TRY(m.number(Field::Close, candle.close));
    LIQMAP_TRY(m.number(Field::Volume, candle.volume));
    LIQMAP_TRY(m.boolean(Field::Closed, candle.closed));
    return kOk;
}

EventParseStatus readLiquidation(const Members& m, Liquidation& liquidation) {
    std::string scratch;
    std::string_view text;
    LIQMAP_TRY(m.text(Field::Side, text, scratch));
    const auto side = parseSide(text);
    if (!side) {
        return failure(SkipReason::InvalidValue, nameOf(Field::Side));
    }
    liquidation.side = *side;
    LIQMAP_TRY(m.number(Field::Price, liquidation.price));
    LIQMAP_TRY(m.number(Field::Qty, liquidation.qty));
    std::optional<double> notional;
    LIQMAP_TRY(m.optionalNumber(Field::Notional, notional));
    liquidation.notional = notional ? *notional : liquidation.price * liquidation.qty;
    LIQMAP_TRY(m.text(Field::PriceKind, text, scratch));
    const auto kind = parsePriceKind(text);
    if (!kind) {
        return failure(SkipReason::InvalidValue, nameOf(Field::PriceKind));
    }
    liquidation.priceKind = *kind;
    return kOk;
}

// The timestamp every event has, then the type's own fields.
template <class Event>
EventParseStatus readEvent(const Members& m, EventParseStatus (*readFields)(const Members&, Event&),
                           EventRecord& out) {
    Event event;
    LIQMAP_TRY(m.integer(Field::Ts, event.ts));
    LIQMAP_TRY(readFields(m, event));
    out.event = event;
    return kOk;
}

EventParseStatus checkPrice(double value, Field field) {
    if (!(value > 0)) {
        return failure(SkipReason::InvalidValue, nameOf(field));
    }
    if (value < kMinPrice || value > kMaxPrice) {
        return failure(SkipReason::OutOfRange, nameOf(field));
    }
    return kOk;
}

EventParseStatus checkAmount(double value, Field field, double maximum, bool zeroAllowed) {
    if (!(value > 0 || (zeroAllowed && value == 0))) {
        return failure(SkipReason::InvalidValue, nameOf(field));
    }
    if (value > maximum) {
        return failure(SkipReason::OutOfRange, nameOf(field));
    }
    return kOk;
}

EventParseStatus checkEvent(const Trade& trade) {
    LIQMAP_TRY(checkPrice(trade.price, Field::Price));
    return checkAmount(trade.qty, Field::Qty, kMaxQty, false);
}

EventParseStatus checkEvent(const MarkPrice& mark) {
    LIQMAP_TRY(checkPrice(mark.price, Field::Price));
    if (mark.index) {
        LIQMAP_TRY(checkPrice(*mark.index, Field::Index));
    }
    if (mark.funding) {
        if (!std::isfinite(*mark.funding)) {
            return failure(SkipReason::InvalidValue, nameOf(Field::Funding));
        }
        if (std::abs(*mark.funding) > kMaxFundingRate) {
            return failure(SkipReason::OutOfRange, nameOf(Field::Funding));
        }
    }
    return kOk;
}

EventParseStatus checkEvent(const OpenInterest& oi) {
    LIQMAP_TRY(checkAmount(oi.qty, Field::Qty, kMaxQty, true));
    if (oi.notional) {
        LIQMAP_TRY(checkAmount(*oi.notional, Field::Notional, kMaxNotional, true));
    }
    return kOk;
}

EventParseStatus checkEvent(const Candle& candle) {
    if (candle.intervalMs <= 0) {
        return failure(SkipReason::InvalidValue, nameOf(Field::Interval));
    }
    LIQMAP_TRY(checkPrice(candle.open, Field::Open));
    LIQMAP_TRY(checkPrice(candle.high, Field::High));
    LIQMAP_TRY(checkPrice(candle.low, Field::Low));
    LIQMAP_TRY(checkPrice(candle.close, Field::Close));
    LIQMAP_TRY(checkAmount(candle.volume, Field::Volume, kMaxQty, true));
    if (candle.low > candle.open || candle.low > candle.close) {
        return failure(SkipReason::InconsistentCandle, nameOf(Field::Low));
    }
    if (candle.high < candle.open || candle.high < candle.close) {
        return failure(SkipReason::InconsistentCandle, nameOf(Field::High));
    }
    return kOk;
}

EventParseStatus checkEvent(const Liquidation& liquidation) {
    LIQMAP_TRY(checkPrice(liquidation.price, Field::Price));
    LIQMAP_TRY(checkAmount(liquidation.qty, Field::Qty, kMaxQty, false));
    return checkAmount(liquidation.notional, Field::Notional, kMaxNotional, false);
}

}  // namespace

namespace {

// The common case in one pass of plain comparisons; anything else (NaN included, as every
// comparison with it is false) goes through checkEvent, which names the field and the reason.
bool inPriceRange(double price) { return price >= kMinPrice && price <= kMaxPrice; }

bool plainlyValid(const Trade& trade) {
    return inPriceRange(trade.price) && trade.qty > 0 && trade.qty <= kMaxQty;
}

bool plainlyValid(const MarkPrice& mark) {
    return inPriceRange(mark.price) && (!mark.index || inPriceRange(*mark.index)) &&
           (!mark.funding || std::abs(*mark.funding) <= kMaxFundingRate);
}

bool plainlyValid(const OpenInterest& oi) {
    return oi.qty >= 0 && oi.qty <= kMaxQty &&
           (!oi.notional || (*oi.notional >= 0 && *oi.notional <= kMaxNotional));
}

bool plainlyValid(const Candle& candle) {
    // low ≤ open, close ≤ high with both ends in range puts all four prices in range.
    return candle.intervalMs > 0 && candle.low >= kMinPrice && candle.high <= kMaxPrice &&
           candle.low <= candle.open && candle.low <= candle.close && candle.high >= candle.open &&
           candle.high >= candle.close && candle.volume >= 0 && candle.volume <= kMaxQty;
}

bool plainlyValid(const Liquidation& liquidation) {
    return inPriceRange(liquidation.price) && liquidation.qty > 0 && liquidation.qty <= kMaxQty &&
           liquidation.notional > 0 && liquidation.notional <= kMaxNotional;
}

}  // namespace

namespace {

template <class Event>
EventParseStatus validateOne(const Event& event) {
    if (event.ts >= 0 && event.ts <= kMaxTimestamp && plainlyValid(event)) {
        return kOk;
    }
    if (event.ts < 0) {
        return failure(SkipReason::InvalidValue, nameOf(Field::Ts));
    }
    if (event.ts > kMaxTimestamp) {
        return failure(SkipReason::OutOfRange, nameOf(Field::Ts));
    }
    return checkEvent(event);
}

}  // namespace

EventParseStatus validateEvent(const Trade& trade) { return validateOne(trade); }
EventParseStatus validateEvent(const MarkPrice& mark) { return validateOne(mark); }
EventParseStatus validateEvent(const OpenInterest& oi) { return validateOne(oi); }
EventParseStatus validateEvent(const Candle& candle) { return validateOne(candle); }
EventParseStatus validateEvent(const Liquidation& liquidation) { return validateOne(liquidation); }

EventParseStatus validateEvent(const MarketEvent& event) {
    return std::visit([](const auto& e) { return validateOne(e); }, event);
}

EventParseStatus parseEventLine(std::string_view line, EventRecord& out) {
    Members members;
    FlatJsonReader reader(line);
    JsonMember member;
    // A repeated key is reported only once the whole line has proved to be JSON: text that is
    // not JSON at all is malformed, whatever keys it happens to repeat before it breaks.
    std::optional<Field> duplicate;
    while (reader.next(member)) {
        const Field field = fieldOf(member.key);
        if (field != Field::None && !members.store(field, member) && !duplicate) {
            duplicate = field;
        }
    }
    if (reader.failed()) {
        return failure(SkipReason::MalformedJson, "");
    }
    if (duplicate) {
        return failure(SkipReason::DuplicateField, nameOf(*duplicate));
    }

    std::string scratch;
    std::string_view type;
    LIQMAP_TRY(members.text(Field::Type, type, scratch));
    if (type == "trade") {
        LIQMAP_TRY(readEvent(members, readTrade, out));
    } else if (type == "mark") {
        LIQMAP_TRY(readEvent(members, readMark, out));
    } else if (type == "open_interest") {
        LIQMAP_TRY(readEvent(members, readOpenInterest, out));
    } else if (type == "candle") {
        LIQMAP_TRY(readEvent(members, readCandle, out));
    } else if (type == "liquidation") {
        LIQMAP_TRY(readEvent(members, readLiquidation, out));
    } else {
        return failure(SkipReason::UnknownType, nameOf(Field::Type));
    }
    LIQMAP_TRY(readName(members, Field::Exchange, out.exchange));
    LIQMAP_TRY(readName(members, Field::Symbol, out.symbol));
    return validateEvent(out.event);
}

#undef LIQMAP_TRY

namespace {

void appendKey(std::string& out, std::string_view key) {
    out += ",\"";
    out += key;
    out += "\":";
}

void appendNumberField(std::string& out, std::string_view key, double value) {
    appendKey(out, key);
    appendNumber(out, value);
}

void appendOptionalField(std::string& out, std::string_view key, std::optional<double> value) {
    appendKey(out, key);
    if (value) {
        appendNumber(out, *value);
    } else {
        out += "null";
    }
}

void appendTextField(std::string& out, std::string_view key, std::string_view value) {
    appendKey(out, key);
    appendJsonString(out, value);
}

std::string_view typeName(const MarketEvent& event) {
    static constexpr std::array<std::string_view, 5> kNames{"trade", "mark", "open_interest",
                                                            "candle", "liquidation"};
    return kNames[event.index()];
}

}  // namespace

void appendEventLine(const EventRecord& record, std::string& out) {
    out += "{\"type\":\"";
    out += typeName(record.event);
    out += '"';
    appendTextField(out, "exchange", record.exchange);
    appendTextField(out, "symbol", record.symbol);
    appendKey(out, "ts");
    appendInteger(out, timestampOf(record.event));
    if (const auto* trade = std::get_if<Trade>(&record.event)) {
        appendNumberField(out, "price", trade->price);
        appendNumberField(out, "qty", trade->qty);
        appendTextField(out, "aggressor", toString(trade->aggressor));
    } else if (const auto* mark = std::get_if<MarkPrice>(&record.event)) {
        appendNumberField(out, "price", mark->price);
        appendOptionalField(out, "index", mark->index);
        appendOptionalField(out, "funding", mark->funding);
    } else if (const auto* oi = std::get_if<OpenInterest>(&record.event)) {
        appendNumberField(out, "qty", oi->qty);
        appendOptionalField(out, "notional", oi->notional);
    } else if (const auto* candle = std::get_if<Candle>(&record.event)) {
        appendTextField(out, "interval", formatInterval(candle->intervalMs));
        appendNumberField(out, "open", candle->open);
        appendNumberField(out, "high", candle->high);
        appendNumberField(out, "low", candle->low);
        appendNumberField(out, "close", candle->close);
        appendNumberField(out, "volume", candle->volume);
        appendKey(out, "closed");
        out += candle->closed ? "true" : "false";
    } else if (const auto* liquidation = std::get_if<Liquidation>(&record.event)) {
        appendTextField(out, "side", toString(liquidation->side));
        appendNumberField(out, "price", liquidation->price);
        appendNumberField(out, "qty", liquidation->qty);
        appendNumberField(out, "notional", liquidation->notional);
        appendTextField(out, "price_kind", toString(liquidation->priceKind));
    }
    out += '}';
}

}  // namespace liqmap::core
