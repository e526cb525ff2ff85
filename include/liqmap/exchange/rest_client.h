#pragma once

#include <chrono>      // std::chrono::milliseconds
#include <functional>  // std::function
#include <memory>      // std::shared_ptr
#include <string>      // std::string

#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/rest_request.h"
#include "liqmap/exchange/tls_settings.h"

namespace liqmap::exchange {

struct RestOptions {
    /// "https://host[:port]".
    std::string baseUrl;
    TlsSettings tls;
    /// Each attempt (connect, send, receive) must finish within this.
    std::chrono::milliseconds timeout{std::chrono::seconds(15)};
    /// Attempts per request for 429, 5xx and transport errors; 418 is never retried.
    int maxAttempts = 5;
    /// Delay before retrying a 5xx or transport error (doubled per attempt), and for a 429
    /// without Retry-After.
    std::chrono::milliseconds retryDelay{std::chrono::seconds(1)};
    /// A Retry-After above this fails the request instead of waiting that long.
    std::chrono::milliseconds maxRetryAfter{std::chrono::minutes(2)};
    /// Largest response body accepted.
    std::size_t maxBodyBytes = 64u << 20;
};

/// The outcome of one request after any retries.
struct RestResponse {
    /// HTTP status of the last attempt; 0 when no HTTP answer came (see `error`).
    int status = 0;
    std::string body;
    /// Empty on a 2xx answer; otherwise what went wrong, with its stage: "connect: Connection
    /// refused", "HTTP 418 (IP banned), Retry-After 120 s", "timeout".
    std::string error;
    int attempts = 0;
    bool ok() const { return error.empty(); }
};

/// HTTPS client for one host: keep-alive connection reused across requests, one request at a
/// time in submission order, timeouts, and the venues' rate-limit rules (429 → wait Retry-After
/// or the retry delay and retry; 418 → fail at once, never hammer a ban). Verification as in
/// TlsSettings. Runs on the network thread under its own strand.
class RestClient {
public:
    /// Throws core::ConfigError("url", …) for a base URL that is not https://host[:port] (a
    /// trailing "/" is fine), and ConfigError("tls.extraCaPem", …) for text that is no PEM.
    RestClient(NetworkThread& network, RestOptions options);
    /// Cancels what is pending (their callbacks get error "cancelled") and waits for it.
    /// Must not run on the network thread (e.g. inside a callback): it waits for that thread.
    ~RestClient();
    RestClient(const RestClient&) = delete;
    RestClient& operator=(const RestClient&) = delete;

    /// Queues `request`; `done` runs on the network thread when it finished or failed.
    void request(RestRequest request, std::function<void(RestResponse)> done);
    /// Blocking convenience for threads other than the network thread.
    RestResponse fetch(RestRequest request);

    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

}  // namespace liqmap::exchange
