#include "demo/rest_api.h"

#include <cstdint>   // std::int64_t
#include <optional>  // std::optional
#include <utility>   // std::move
#include <variant>   // std::variant, std::get_if

#include "demo/binance_wire.h"
#include "liqmap/core/number_text.h"  // core::parseInteger

namespace liqmap::exchange::demo {

namespace {

// Binance's limits (PROTOCOLS.md §1.4).
constexpr std::int64_t kKlineDefaultLimit = 500;
constexpr std::int64_t kKlineMaxLimit = 1500;
constexpr std::int64_t kOpenInterestDefaultLimit = 30;
constexpr std::int64_t kOpenInterestMaxLimit = 500;

/// The parameters of a query string, looked up by name (the first occurrence wins).
class Query {
public:
    explicit Query(std::string_view query) : m_query(query) {}

    std::optional<std::string_view> get(std::string_view key) const {
        std::string_view rest = m_query;
        while (!rest.empty()) {
            const std::size_t amp = rest.find('&');
            const std::string_view pair = rest.substr(0, amp);
            const std::size_t equals = pair.find('=');
            if (pair.substr(0, equals) == key) {
                return equals == std::string_view::npos ? std::string_view()
                                                        : pair.substr(equals + 1);
            }
            if (amp == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(amp + 1);
        }
        return std::nullopt;
    }

private:
    std::string_view m_query;
};

RestAnswer badRequest(int code, std::string_view message) {
    return RestAnswer{400, errorBody(code, message), 1};
}

RestAnswer mandatory(std::string_view name) {
    std::string message = "Mandatory parameter '";
    message += name;
    message += "' was not sent, was empty/null, or malformed.";
    return badRequest(-1102, message);
}

/// An optional non-negative integer parameter, or Binance's answer to one that is not.
std::variant<std::optional<std::int64_t>, RestAnswer> integerParam(const Query& query,
                                                                   std::string_view name) {
    const std::optional<std::string_view> text = query.get(name);
    if (!text) {
        return std::optional<std::int64_t>();
    }
    const std::optional<std::int64_t> value = core::parseInteger(*text);
    if (!value || *value < 0 || text->empty() || text->front() == '-') {
        std::string message = "Illegal characters found in parameter '";
        message += name;
        message += "'; legal range is '^[0-9]{1,20}$'.";
        return badRequest(-1100, message);
    }
    return value;
}

/// The parameters klines and openInterestHist share.
struct Window {
    std::optional<std::int64_t> startMs;
    std::optional<std::int64_t> endMs;
    std::size_t limit = 0;
};

std::variant<Window, RestAnswer> windowParams(const Query& query, std::int64_t defaultLimit,
                                              std::int64_t maxLimit) {
    Window window;
    auto start = integerParam(query, "startTime");
    auto end = integerParam(query, "endTime");
    auto limit = integerParam(query, "limit");
    for (auto* param : {&start, &end, &limit}) {
        if (auto* refusal = std::get_if<RestAnswer>(param)) {
            return std::move(*refusal);
        }
    }
    window.startMs = std::get<0>(start);
    window.endMs = std::get<0>(end);
    const std::int64_t count = std::get<0>(limit).value_or(defaultLimit);
    if (count < 1 || count > maxLimit) {
        return badRequest(-1130, "Data sent for parameter 'limit' is not valid.");
    }
    if (window.startMs && window.endMs && *window.startMs > *window.endMs) {
        return badRequest(-1128, "Combination of optional parameters invalid.");
    }
    window.limit = static_cast<std::size_t>(count);
    return window;
}

/// Klines weigh by their limit (PROTOCOLS.md §1.4).
int klineWeight(std::size_t limit) {
    if (limit < 100) {
        return 1;
    }
    if (limit < 500) {
        return 2;
    }
    return limit <= 1000 ? 5 : 10;
}

}  // namespace

RestApi::RestApi(const MarketStore& store, const core::Instrument& instrument,
                 std::string baseAsset, std::string quoteAsset)
    : m_store(store),
      m_instrument(instrument),
      m_baseAsset(std::move(baseAsset)),
      m_quoteAsset(std::move(quoteAsset)) {}

RestAnswer RestApi::answer(std::string_view method, std::string_view target) const {
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const Query query(question == std::string_view::npos ? std::string_view()
                                                         : target.substr(question + 1));
    const std::string& symbol = m_instrument.symbol();
    // Every market endpoint names the symbol; premiumIndex may leave it out (all symbols).
    auto checkSymbol = [&](bool required) -> std::optional<RestAnswer> {
        const std::optional<std::string_view> asked = query.get("symbol");
        if (!asked || asked->empty()) {
            return required ? std::optional<RestAnswer>(mandatory("symbol")) : std::nullopt;
        }
        if (*asked != symbol) {
            return badRequest(-1121, "Invalid symbol.");
        }
        return std::nullopt;
    };

    if (method != "GET") {
        std::string message = "Path ";
        message += path;
        message += ", Method ";
        message += method;
        message += " is invalid";
        return RestAnswer{404, errorBody(-5000, message), 1};
    }
    if (path == "/fapi/v1/ping") {
        return RestAnswer{200, "{}", 1};
    }
    if (path == "/fapi/v1/time") {
        std::string body = R"({"serverTime":)";
        core::appendInteger(body, m_store.now());
        body += '}';
        return RestAnswer{200, std::move(body), 1};
    }
    if (path == "/fapi/v1/exchangeInfo") {
        return RestAnswer{
            200, exchangeInfoBody(m_instrument, m_baseAsset, m_quoteAsset, m_store.now()), 1};
    }
    if (path == "/fapi/v1/openInterest") {
        if (auto refusal = checkSymbol(true)) {
            return std::move(*refusal);
        }
        return RestAnswer{200, openInterestBody(symbol, m_store.openInterest(), m_store.now()), 1};
    }
    if (path == "/fapi/v1/premiumIndex") {
        if (auto refusal = checkSymbol(false)) {
            return std::move(*refusal);
        }
        const bool all = !query.get("symbol");
        core::MarkPrice mark;
        mark.ts = m_store.now();
        if (m_store.mark()) {
            mark = *m_store.mark();
        }
        return RestAnswer{200, premiumIndexBody(symbol, mark, all), all ? 10 : 1};
    }
    if (path == "/futures/data/openInterestHist") {
        if (auto refusal = checkSymbol(true)) {
            return std::move(*refusal);
        }
        const std::optional<std::string_view> period = query.get("period");
        if (!period || period->empty()) {
            return mandatory("period");
        }
        // Binance offers 5m to 1d; the demo keeps the 5-minute snapshots only.
        if (*period != "5m") {
            return badRequest(-1120, "Invalid interval.");
        }
        auto window = windowParams(query, kOpenInterestDefaultLimit, kOpenInterestMaxLimit);
        if (auto* refusal = std::get_if<RestAnswer>(&window)) {
            return std::move(*refusal);
        }
        const Window& w = std::get<Window>(window);
        const auto rows = m_store.openInterestHistory(w.startMs, w.endMs, w.limit);
        // Weight 0 on USDⓈ-M (IP-limited separately).
        return RestAnswer{200, openInterestHistBody(symbol, rows), 0};
    }
    if (path == "/fapi/v1/klines") {
        if (auto refusal = checkSymbol(true)) {
            return std::move(*refusal);
        }
        const std::optional<std::string_view> interval = query.get("interval");
        if (!interval || interval->empty()) {
            return mandatory("interval");
        }
        // The demo keeps 1-minute candles only.
        if (*interval != "1m") {
            return badRequest(-1120, "Invalid interval.");
        }
        auto window = windowParams(query, kKlineDefaultLimit, kKlineMaxLimit);
        if (auto* refusal = std::get_if<RestAnswer>(&window)) {
            return std::move(*refusal);
        }
        const Window& w = std::get<Window>(window);
        const auto rows = m_store.klines(w.startMs, w.endMs, w.limit);
        return RestAnswer{200, klinesBody(rows), klineWeight(w.limit)};
    }
    std::string message = "Path ";
    message += path;
    message += ", Method GET is invalid";
    return RestAnswer{404, errorBody(-5000, message), 1};
}

}  // namespace liqmap::exchange::demo
