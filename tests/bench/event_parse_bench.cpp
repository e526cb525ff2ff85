// Event-line parsing: our flat reader (core::parseEventLine) against nlohmann::json, DOM and SAX,
// extracting the same fields into the same EventRecord and validating it the same way
// (core::validateEvent). This is the measurement behind the flat-JSON choice
// (docs/performance.md, "Why our own JSON reader").

#include <benchmark/benchmark.h>

#include <array>    // std::array
#include <cstdint>  // std::int64_t, std::uint64_t
#include <nlohmann/json.hpp>
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "bench_data.h"

namespace liqmap::bench {

namespace {

using nlohmann::json;

// The keys of the event format (ARCHITECTURE.md "Command-line contract").
enum class Key : std::uint8_t {
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
    Count,
};
constexpr auto kKeyCount = static_cast<std::size_t>(Key::Count);
constexpr std::array<const char*, kKeyCount> kKeyNames = {
    "type",  "exchange", "symbol",   "ts",       "price",      "qty",  "aggressor",
    "index", "funding",  "notional", "interval", "open",       "high", "low",
    "close", "volume",   "closed",   "side",     "price_kind",
};

std::optional<Key> keyOf(std::string_view name) {
    for (std::size_t i = 0; i < kKeyCount; ++i) {
        if (name == kKeyNames[i]) {
            return static_cast<Key>(i);
        }
    }
    return std::nullopt;
}

// Builds the record from any source offering typed reads by key; false for a missing or mistyped
// field, an unknown type or value, or an event validateEvent rejects — what parseEventLine checks.
template <class Source>
bool buildRecord(const Source& in, core::EventRecord& out) {
    std::string_view type;
    std::int64_t ts = 0;
    if (!in.text(Key::Type, type) || !in.integer(Key::Ts, ts)) {
        return false;
    }
    std::string_view word;
    if (type == "candle") {
        core::Candle candle;
        candle.ts = ts;
        if (!in.text(Key::Interval, word)) {
            return false;
        }
        const auto interval = core::parseInterval(word);
        if (!interval || !in.number(Key::Open, candle.open) || !in.number(Key::High, candle.high) ||
            !in.number(Key::Low, candle.low) || !in.number(Key::Close, candle.close) ||
            !in.number(Key::Volume, candle.volume) || !in.boolean(Key::Closed, candle.closed)) {
            return false;
        }
        candle.intervalMs = *interval;
        out.event = candle;
    } else if (type == "mark") {
        core::MarkPrice mark;
        mark.ts = ts;
        if (!in.number(Key::Price, mark.price) || !in.optionalNumber(Key::Index, mark.index) ||
            !in.optionalNumber(Key::Funding, mark.funding)) {
            return false;
        }
        out.event = mark;
    } else if (type == "open_interest") {
        core::OpenInterest oi;
        oi.ts = ts;
        if (!in.number(Key::Qty, oi.qty) || !in.optionalNumber(Key::Notional, oi.notional)) {
            return false;
        }
        out.event = oi;
    } else if (type == "liquidation") {
        core::Liquidation liquidation;
        liquidation.ts = ts;
        std::optional<double> notional;
        if (!in.text(Key::Side, word)) {
            return false;
        }
        const auto side = core::parseSide(word);
        if (!side || !in.number(Key::Price, liquidation.price) ||
            !in.number(Key::Qty, liquidation.qty) || !in.optionalNumber(Key::Notional, notional) ||
            !in.text(Key::PriceKind, word)) {
            return false;
        }
        const auto kind = core::parsePriceKind(word);
        if (!kind) {
            return false;
        }
        liquidation.side = *side;
        liquidation.priceKind = *kind;
        liquidation.notional = notional ? *notional : liquidation.price * liquidation.qty;
        out.event = liquidation;
    } else if (type == "trade") {
        core::Trade trade;
        trade.ts = ts;
        if (!in.number(Key::Price, trade.price) || !in.number(Key::Qty, trade.qty) ||
            !in.text(Key::Aggressor, word)) {
            return false;
        }
        const auto aggressor = core::parseAggressor(word);
        if (!aggressor) {
            return false;
        }
        trade.aggressor = *aggressor;
        out.event = trade;
    } else {
        return false;
    }
    std::string_view exchange;
    std::string_view symbol;
    if (!in.text(Key::Exchange, exchange) || !in.text(Key::Symbol, symbol)) {
        return false;
    }
    out.exchange.assign(exchange);
    out.symbol.assign(symbol);
    return core::validateEvent(out.event).ok;
}

// nlohmann DOM: the tree, then a find() per field, as one would write it with that library.
class DomSource {
public:
    explicit DomSource(const json& object) : m_object(object) {}

    bool text(Key key, std::string_view& out) const {
        const auto it = m_object.find(kKeyNames[static_cast<std::size_t>(key)]);
        if (it == m_object.end() || !it->is_string()) {
            return false;
        }
        out = it->get_ref<const json::string_t&>();
        return true;
    }
    bool number(Key key, double& out) const {
        const auto it = m_object.find(kKeyNames[static_cast<std::size_t>(key)]);
        if (it == m_object.end() || !it->is_number()) {
            return false;
        }
        out = it->get<double>();
        return true;
    }
    bool optionalNumber(Key key, std::optional<double>& out) const {
        out.reset();
        const auto it = m_object.find(kKeyNames[static_cast<std::size_t>(key)]);
        if (it == m_object.end() || it->is_null()) {
            return true;
        }
        if (!it->is_number()) {
            return false;
        }
        out = it->get<double>();
        return true;
    }
    bool integer(Key key, std::int64_t& out) const {
        const auto it = m_object.find(kKeyNames[static_cast<std::size_t>(key)]);
        if (it == m_object.end() || !it->is_number_integer()) {
            return false;
        }
        out = it->get<std::int64_t>();
        return true;
    }
    bool boolean(Key key, bool& out) const {
        const auto it = m_object.find(kKeyNames[static_cast<std::size_t>(key)]);
        if (it == m_object.end() || !it->is_boolean()) {
            return false;
        }
        out = it->get<bool>();
        return true;
    }

private:
    const json& m_object;
};

bool parseWithDom(std::string_view line, core::EventRecord& out) {
    const json object = json::parse(line, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
        return false;
    }
    return buildRecord(DomSource(object), out);
}

// nlohmann SAX: no tree; the handler keeps the top-level scalars by key (nested values are
// skipped, a repeated key is an error, as in parseEventLine).
class SaxFields : public nlohmann::json_sax<json> {
public:
    enum class Kind : std::uint8_t { Absent, Null, Bool, Integer, Unsigned, Float, String, Nested };

    void reset() {
        m_kinds.fill(Kind::Absent);
        m_depth = 0;
        m_current.reset();
        m_failed = false;
    }
    bool failed() const { return m_failed; }

    bool null() override { return store(Kind::Null); }
    bool boolean(bool value) override {
        if (m_depth == 1 && m_current) {
            m_bools[index()] = value;
        }
        return store(Kind::Bool);
    }
    bool number_integer(number_integer_t value) override {
        if (m_depth == 1 && m_current) {
            m_integers[index()] = value;
        }
        return store(Kind::Integer);
    }
    bool number_unsigned(number_unsigned_t value) override {
        if (m_depth == 1 && m_current) {
            m_unsigned[index()] = value;
        }
        return store(Kind::Unsigned);
    }
    bool number_float(number_float_t value, const string_t& /*text*/) override {
        if (m_depth == 1 && m_current) {
            m_floats[index()] = value;
        }
        return store(Kind::Float);
    }
    bool string(string_t& value) override {
        if (m_depth == 1 && m_current) {
            m_strings[index()].swap(value);
        }
        return store(Kind::String);
    }
    bool binary(binary_t& /*value*/) override { return store(Kind::Nested); }
    bool start_object(std::size_t /*elements*/) override {
        if (m_depth == 1) {
            store(Kind::Nested);
        }
        ++m_depth;
        return true;
    }
    bool end_object() override {
        --m_depth;
        return true;
    }
    bool start_array(std::size_t /*elements*/) override {
        if (m_depth == 0) {
            return false;  // the line must be an object
        }
        if (m_depth == 1) {
            store(Kind::Nested);
        }
        ++m_depth;
        return true;
    }
    bool end_array() override {
        --m_depth;
        return true;
    }
    bool key(string_t& name) override {
        if (m_depth != 1) {
            return true;
        }
        m_current = keyOf(name);
        if (m_current && m_kinds[index()] != Kind::Absent) {
            m_failed = true;  // duplicate key
            return false;
        }
        return true;
    }
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const nlohmann::detail::exception& /*error*/) override {
        m_failed = true;
        return false;
    }

    // The typed reads buildRecord() uses.
    bool text(Key key, std::string_view& out) const {
        if (kind(key) != Kind::String) {
            return false;
        }
        out = m_strings[static_cast<std::size_t>(key)];
        return true;
    }
    bool number(Key key, double& out) const {
        const auto i = static_cast<std::size_t>(key);
        switch (kind(key)) {
            case Kind::Float:
                out = m_floats[i];
                return true;
            case Kind::Integer:
                out = static_cast<double>(m_integers[i]);
                return true;
            case Kind::Unsigned:
                out = static_cast<double>(m_unsigned[i]);
                return true;
            default:
                return false;
        }
    }
    bool optionalNumber(Key key, std::optional<double>& out) const {
        out.reset();
        if (kind(key) == Kind::Absent || kind(key) == Kind::Null) {
            return true;
        }
        double value = 0;
        if (!number(key, value)) {
            return false;
        }
        out = value;
        return true;
    }
    bool integer(Key key, std::int64_t& out) const {
        const auto i = static_cast<std::size_t>(key);
        if (kind(key) == Kind::Integer) {
            out = m_integers[i];
            return true;
        }
        if (kind(key) == Kind::Unsigned && m_unsigned[i] <= INT64_MAX) {
            out = static_cast<std::int64_t>(m_unsigned[i]);
            return true;
        }
        return false;
    }
    bool boolean(Key key, bool& out) const {
        if (kind(key) != Kind::Bool) {
            return false;
        }
        out = m_bools[static_cast<std::size_t>(key)];
        return true;
    }

private:
    std::size_t index() const { return static_cast<std::size_t>(*m_current); }
    Kind kind(Key key) const { return m_kinds[static_cast<std::size_t>(key)]; }
    bool store(Kind kind) {
        if (m_depth == 1 && m_current) {
            m_kinds[index()] = kind;
            m_current.reset();
        }
        return true;
    }

    std::array<Kind, kKeyCount> m_kinds{};
    std::array<bool, kKeyCount> m_bools{};
    std::array<std::int64_t, kKeyCount> m_integers{};
    std::array<std::uint64_t, kKeyCount> m_unsigned{};
    std::array<double, kKeyCount> m_floats{};
    std::array<std::string, kKeyCount> m_strings{};
    int m_depth = 0;
    std::optional<Key> m_current;
    bool m_failed = false;
};

bool parseWithSax(std::string_view line, SaxFields& fields, core::EventRecord& out) {
    fields.reset();
    const bool parsed = json::sax_parse(line, &fields);
    if (!parsed || fields.failed()) {
        return false;
    }
    return buildRecord(fields, out);
}

enum class Parser : std::uint8_t { Liqmap, NlohmannDom, NlohmannSax };

// Every line of the set once per iteration; lines and bytes per second.
void parseLines(benchmark::State& state, Parser parser, const std::vector<std::string>& lines) {
    std::int64_t bytes = 0;
    for (const std::string& line : lines) {
        bytes += static_cast<std::int64_t>(line.size());
    }
    core::EventRecord record;
    SaxFields sax;
    std::size_t rejected = 0;
    for (auto _ : state) {
        for (const std::string& line : lines) {
            bool ok = false;
            switch (parser) {
                case Parser::Liqmap:
                    ok = core::parseEventLine(line, record).ok;
                    break;
                case Parser::NlohmannDom:
                    ok = parseWithDom(line, record);
                    break;
                case Parser::NlohmannSax:
                    ok = parseWithSax(line, sax, record);
                    break;
            }
            rejected += ok ? 0 : 1;
            benchmark::DoNotOptimize(record);
        }
    }
    if (rejected > 0) {
        state.SkipWithError(("rejected " + std::to_string(rejected) + " valid lines").c_str());
        return;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
    state.SetBytesProcessed(state.iterations() * bytes);
}

// One day of the live mix (marks every 3 s, candles, open interest, liquidations).
void BM_ParseMixedLines(benchmark::State& state, Parser parser) {
    parseLines(state, parser, mixedLines());
}
BENCHMARK_CAPTURE(BM_ParseMixedLines, liqmap, Parser::Liqmap)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseMixedLines, nlohmann_dom, Parser::NlohmannDom)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseMixedLines, nlohmann_sax, Parser::NlohmannSax)
    ->Unit(benchmark::kMillisecond);

// The 30-day candle and open-interest file the CLI benchmark reads.
void BM_ParseThirtyDayLines(benchmark::State& state, Parser parser) {
    parseLines(state, parser, thirtyDayLines());
}
BENCHMARK_CAPTURE(BM_ParseThirtyDayLines, liqmap, Parser::Liqmap)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseThirtyDayLines, nlohmann_dom, Parser::NlohmannDom)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseThirtyDayLines, nlohmann_sax, Parser::NlohmannSax)
    ->Unit(benchmark::kMillisecond);

}  // namespace

}  // namespace liqmap::bench
