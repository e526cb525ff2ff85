#include "liqmap/exchange/instrument_catalog.h"

#include <algorithm>  // std::sort, std::find
#include <array>      // std::array
#include <cctype>     // std::tolower
#include <deque>      // std::deque
#include <map>        // std::map
#include <memory>     // std::shared_ptr
#include <optional>   // std::optional
#include <set>        // std::set
#include <utility>    // std::move

#include "liqmap/core/config_error.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/rest_client.h"

namespace liqmap::exchange {

namespace {

using Clock = std::chrono::steady_clock;

/// The requests among instrumentRequests("") that list every contract. The others fetch margin
/// tiers of one symbol (Bybit risk-limit, OKX position-tiers): asked without a symbol they would
/// page through every venue's tiers (Bybit, 15 symbols a page) or be refused (OKX wants an
/// instFamily), and the picker needs no tiers.
bool listsInstruments(std::string_view name) {
    static constexpr std::array<std::string_view, 5> kNames = {
        "exchangeInfo", "instruments-info", "instruments", "metaAndAssetCtxs", "meta"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

/// "<request>: <detail>", unless the adapter already named the request (Binance's details
/// start with "exchangeInfo: ").
std::string staged(const std::string& name, const std::string& detail) {
    if (detail.starts_with(name + ":")) {
        return detail;
    }
    std::string text = name;
    text += ": ";
    text += detail;
    return text;
}

std::string millisecondsText(std::chrono::milliseconds duration) {
    std::string text = "timeout after ";
    text += std::to_string(duration.count());
    text += " ms";
    return text;
}

core::TimestampMs wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// One request's answer, handed from the network thread to the waiting caller. Shared, because
/// the RestClient may still answer (with "cancelled") while the caller is leaving.
struct Slot {
    std::optional<RestResponse> response;
};

constexpr std::array<std::string_view, 5> kMostTraded = {"BTC", "ETH", "SOL", "XRP", "DOGE"};

/// Position of `base` among the most traded, or kMostTraded.size() for the rest.
std::size_t tradeRank(std::string_view base) {
    const auto found = std::find(kMostTraded.begin(), kMostTraded.end(), base);
    return static_cast<std::size_t>(found - kMostTraded.begin());
}

bool isPickerQuote(std::string_view quote) { return quote == "USDT" || quote == "USDC"; }

/// Perpetual by its name's shape: dated contracts carry their date after '_' (Binance) or '-'
/// (Bybit); OKX perpetuals end in "-SWAP" (the adapter asks for swaps only).
bool isPerpetualName(std::string_view symbol) {
    if (symbol.ends_with("-SWAP")) {
        return true;
    }
    return symbol.find_first_of("-_") == std::string_view::npos;
}

bool isPickable(const InstrumentInfo& info) {
    return !info.symbol.empty() && !info.baseAsset.empty() && isPickerQuote(info.quoteAsset) &&
           isPerpetualName(info.symbol);
}

bool lessIgnoringCase(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) <
               std::tolower(static_cast<unsigned char>(y));
    });
}

/// Case-insensitive, then byte order, so "kPEPE" and "KPEPE" still have a fixed order.
bool alphabetical(std::string_view a, std::string_view b) {
    if (lessIgnoringCase(a, b)) {
        return true;
    }
    if (lessIgnoringCase(b, a)) {
        return false;
    }
    return a < b;
}

}  // namespace

InstrumentCatalog::InstrumentCatalog(NetworkThread& network, InstrumentCatalogOptions options)
    : m_network(network), m_options(std::move(options)) {}

void InstrumentCatalog::cancel() {
    {
        const std::lock_guard lock(m_mutex);
        m_cancelled = true;
    }
    m_wake.notify_all();
}

InstrumentCatalogResult InstrumentCatalog::fetch() {
    InstrumentCatalogResult result;
    {
        const std::lock_guard lock(m_mutex);
        if (m_cancelled) {
            result.error = "cancelled";
            return result;
        }
    }
    const Clock::time_point deadline = Clock::now() + m_options.timeout;
    const std::unique_ptr<Adapter> adapter = makeAdapter(m_options.venue);

    std::deque<RestRequest> pending;
    for (RestRequest& request : adapter->instrumentRequests("")) {
        if (listsInstruments(request.name)) {
            pending.push_back(std::move(request));
        }
    }
    if (pending.empty()) {
        result.error = "no instrument-list request for ";
        result.error += toString(m_options.venue);
        return result;
    }

    RestOptions restOptions;
    restOptions.baseUrl = m_options.endpoints.restBaseUrl;
    restOptions.tls = m_options.tls;
    // Each attempt may use the whole budget; the deadline below ends the fetch first, so the
    // error is always the catalog's own "timeout after N ms" and never depends on which of two
    // timers fired first.
    restOptions.timeout = m_options.timeout * 2;
    restOptions.maxAttempts = std::max(1, m_options.maxAttempts);
    restOptions.retryDelay = m_options.retryDelay;
    restOptions.maxRetryAfter = m_options.timeout;
    std::optional<RestClient> rest;
    try {
        rest.emplace(m_network, std::move(restOptions));
    } catch (const core::ConfigError& error) {
        result.error = error.what();
        return result;
    }

    Clock::time_point lastRequestAt;
    std::size_t pages = 0;
    std::vector<core::EventRecord> ignoredEvents;  // Hyperliquid's contexts carry marks and OI
    while (!pending.empty()) {
        RestRequest request = std::move(pending.front());
        pending.pop_front();
        if (++pages > m_options.maxPages) {
            result.error = staged(request.name, std::string("more than ") +
                                                    std::to_string(m_options.maxPages) + " pages");
            return result;
        }
        // The venue's request spacing between pages, measured from the previous start.
        if (pages > 1) {
            std::unique_lock lock(m_mutex);
            m_wake.wait_until(lock, std::min(deadline, lastRequestAt + adapter->requestSpacing()),
                              [&] { return m_cancelled; });
        }
        lastRequestAt = Clock::now();

        auto slot = std::make_shared<Slot>();
        rest->request(request, [this, slot](RestResponse response) {
            {
                const std::lock_guard lock(m_mutex);
                slot->response = std::move(response);
            }
            m_wake.notify_all();
        });
        {
            std::unique_lock lock(m_mutex);
            const bool answered = m_wake.wait_until(
                lock, deadline, [&] { return m_cancelled || slot->response.has_value(); });
            if (m_cancelled) {
                result.error = "cancelled";
            } else if (!answered) {
                result.error = staged(request.name, millisecondsText(m_options.timeout));
            }
        }
        if (!result.error.empty()) {
            // The RestClient's destructor cancels the request in flight and waits for it; the
            // callback then only touches the shared slot and this object, which outlives it.
            rest.reset();
            return result;
        }

        const RestResponse& response = *slot->response;
        ++result.requests;
        result.bytes += response.body.size();
        if (!response.ok()) {
            result.error = staged(request.name, response.error);
            return result;
        }
        ignoredEvents.clear();
        const RestOutcome outcome =
            adapter->parseRest(request, response.body, wallClockMs(), ignoredEvents);
        result.skippedRows += outcome.skippedRecords;
        if (!outcome.ok) {
            result.error = staged(request.name, outcome.detail);
            return result;
        }
        // Following pages first, like LiveFeed: one endpoint's pages stay together.
        pending.insert(pending.begin(), outcome.followUps.begin(), outcome.followUps.end());
    }

    const InstrumentRegistry& registry = adapter->registry();
    for (const std::string& symbol : registry.symbols()) {
        if (const InstrumentInfo* info = registry.find(symbol)) {
            result.instruments.push_back(*info);
        }
    }
    if (result.instruments.empty()) {
        result.error = "no usable instruments in the answer (";
        result.error += std::to_string(result.skippedRows);
        result.error += " rows skipped)";
    }
    return result;
}

std::vector<std::string> pickerSymbols(std::vector<InstrumentInfo> instruments) {
    std::erase_if(instruments, [](const InstrumentInfo& info) { return !isPickable(info); });
    std::sort(instruments.begin(), instruments.end(),
              [](const InstrumentInfo& a, const InstrumentInfo& b) {
                  const std::size_t rankA = tradeRank(a.baseAsset);
                  const std::size_t rankB = tradeRank(b.baseAsset);
                  if (rankA != rankB) {
                      return rankA < rankB;
                  }
                  // Within one of the top assets, the USDT contract (the deeper book) first.
                  if (rankA < kMostTraded.size() && a.quoteAsset != b.quoteAsset) {
                      return a.quoteAsset == "USDT";
                  }
                  return alphabetical(a.symbol, b.symbol);
              });
    std::vector<std::string> symbols;
    for (InstrumentInfo& info : instruments) {
        if (symbols.empty() || symbols.back() != info.symbol) {
            symbols.push_back(std::move(info.symbol));
        }
    }
    return symbols;
}

std::vector<std::string> commonBaseAssets(const std::vector<std::vector<InstrumentInfo>>& venues) {
    std::map<std::string, std::size_t, std::less<>> venueCount;
    for (const std::vector<InstrumentInfo>& instruments : venues) {
        std::set<std::string, std::less<>> listed;
        for (const InstrumentInfo& info : instruments) {
            if (!isPickable(info)) {
                continue;
            }
            // Only the contract the "All" source would open on this venue counts.
            for (const Venue venue : kAllVenues) {
                if (perpetualSymbol(venue, info.baseAsset) == info.symbol) {
                    listed.insert(info.baseAsset);
                    break;
                }
            }
        }
        for (const std::string& base : listed) {
            ++venueCount[base];
        }
    }
    std::vector<std::string> bases;
    for (const auto& [base, count] : venueCount) {
        if (count >= 2) {
            bases.push_back(base);
        }
    }
    std::sort(bases.begin(), bases.end(), [](const std::string& a, const std::string& b) {
        const std::size_t rankA = tradeRank(a);
        const std::size_t rankB = tradeRank(b);
        if (rankA != rankB) {
            return rankA < rankB;
        }
        return alphabetical(a, b);
    });
    return bases;
}

}  // namespace liqmap::exchange
