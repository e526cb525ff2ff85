#pragma once

#include <chrono>              // std::chrono::milliseconds
#include <condition_variable>  // std::condition_variable
#include <cstddef>             // std::size_t
#include <mutex>               // std::mutex
#include <string>              // std::string
#include <string_view>         // std::string_view
#include <vector>              // std::vector

#include "liqmap/exchange/endpoints.h"
#include "liqmap/exchange/instrument_registry.h"
#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/tls_settings.h"
#include "liqmap/exchange/venue.h"

namespace liqmap::exchange {

struct InstrumentCatalogOptions {
    Venue venue = Venue::Binance;
    /// Only restBaseUrl is used.
    Endpoints endpoints = defaultEndpoints(Venue::Binance);
    TlsSettings tls;
    /// The whole fetch: every page, retry and retry delay. When it runs out the fetch fails
    /// with "<request>: timeout after N ms" and whatever was in flight is cancelled.
    std::chrono::milliseconds timeout{std::chrono::seconds(20)};
    /// Attempts per request for 429, 5xx and transport errors (RestOptions::maxAttempts).
    int maxAttempts = 3;
    /// Delay before the first retry of a 5xx or transport error, doubled per attempt.
    std::chrono::milliseconds retryDelay{std::chrono::seconds(1)};
    /// Most response pages followed (Bybit's cursor); a server that keeps naming another page
    /// fails the fetch beyond this instead of looping until the timeout.
    std::size_t maxPages = 20;
};

/// What a fetch found.
struct InstrumentCatalogResult {
    /// The venue's instruments as its adapter registered them, sorted by symbol; empty on error.
    /// Filter them for the picker with pickerSymbols().
    std::vector<InstrumentInfo> instruments;
    /// Empty on success; otherwise "<request name>: <what went wrong>" ("exchangeInfo: HTTP 500:
    /// …", "instruments-info: retCode 10001: params error", "exchangeInfo: timeout after
    /// 20000 ms"), or "cancelled".
    std::string error;
    /// Requests that got an answer, one per page (retries of a page are not counted apart).
    std::size_t requests = 0;
    /// Response body bytes received.
    std::size_t bytes = 0;
    /// Rows the adapter could not use (counted, not fatal).
    std::size_t skippedRows = 0;

    bool ok() const { return error.empty(); }
};

/// Fetches one venue's instrument list over HTTPS: the instrument-list request among the
/// adapter's instrumentRequests("") (not the tier requests, which need a symbol), its following
/// pages, parsed by the venue's adapter. Blocking, bounded by options.timeout, cancellable from
/// any thread.
///
/// Use from a worker thread (never the network thread, whose answer it waits for):
///     InstrumentCatalog catalog(network, options);   // cheap; no I/O yet
///     InstrumentCatalogResult result = catalog.fetch();  // blocks ≤ options.timeout
/// and from the owning thread catalog.cancel() to end the wait early (e.g. on exit); the
/// catalog must outlive the fetch() call.
class InstrumentCatalog {
public:
    InstrumentCatalog(NetworkThread& network, InstrumentCatalogOptions options);
    InstrumentCatalog(const InstrumentCatalog&) = delete;
    InstrumentCatalog& operator=(const InstrumentCatalog&) = delete;

    /// Runs the requests and returns the instruments or the error. Never throws for network,
    /// HTTP, venue or parse failures, nor for a malformed base URL (that is an error too).
    /// Returns "cancelled" at once once cancel() was called.
    InstrumentCatalogResult fetch();
    /// Makes a running or later fetch() return "cancelled" promptly. Thread-safe.
    void cancel();

private:
    NetworkThread& m_network;
    InstrumentCatalogOptions m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_cancelled = false;  // under m_mutex
};

/// The symbols a picker offers, from one venue's instruments: linear perpetuals quoted in USDT
/// or USDC — a symbol without '-' or '_' (BTCUSDT, BTCPERP, BTC) or one ending in "-SWAP"
/// (BTC-USDT-SWAP) — with a base asset. Dated futures (BTCUSDT_260925, BTCUSDT-14AUG26,
/// BTC-26DEC25), other quotes (ETHBTC, BTC-USD-SWAP) and tier-only entries are left out.
/// Order: BTC, ETH, SOL, XRP, DOGE by base asset (USDT before USDC within one), then the rest
/// alphabetically (case-insensitive); no duplicates.
std::vector<std::string> pickerSymbols(std::vector<InstrumentInfo> instruments);

/// For the "All" source: the base assets for which at least two venues list the perpetual
/// perpetualSymbol() opens (BTCUSDT, BTC-USDT-SWAP, BTC), one list per venue; ordered like
/// pickerSymbols().
std::vector<std::string> commonBaseAssets(const std::vector<std::vector<InstrumentInfo>>& venues);

}  // namespace liqmap::exchange
