#include "liqmap/exchange/demo_exchange.h"

#include <atomic>     // std::atomic
#include <chrono>     // std::chrono::system_clock
#include <cmath>      // std::isfinite, std::llround
#include <mutex>      // std::mutex, std::lock_guard
#include <stdexcept>  // std::runtime_error
#include <utility>    // std::move

#include "demo/demo_market.h"
#include "demo/demo_server.h"
#include "demo/rest_api.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"  // core::formatNumber
#include "liqmap/core/simulator_config.h"
#include "transport/self_signed_certificate.h"

namespace liqmap::exchange {

namespace {

constexpr double kMaxSpeed = 10'000;
constexpr std::chrono::hours kMaxHistory{24 * 30};
// Binance serves openInterestHist for the latest 30 days; the demo keeps that much of
// everything, however long it runs.
constexpr core::TimestampMs kRetentionMs = 30 * core::kDayMs;
// Ticks per turn of the server (a turn every 50 ms): 10 000x needs 500 ticks per turn; a turn
// stays short enough for the connections' I/O, and the next turn follows at once while behind.
constexpr std::size_t kMaxTicksPerTurn = 200;

core::TimestampMs systemClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// BTCUSDT → BTC, USDT (the demo lists one USDT-margined contract).
std::pair<std::string, std::string> assetsOf(const std::string& symbol) {
    constexpr std::string_view kQuote = "USDT";
    if (symbol.size() > kQuote.size() && symbol.ends_with(kQuote)) {
        return {symbol.substr(0, symbol.size() - kQuote.size()), std::string(kQuote)};
    }
    return {symbol, std::string(kQuote)};
}

}  // namespace

struct DemoExchange::Impl {
    explicit Impl(DemoOptions demoOptions)
        : options(std::move(demoOptions)), certificate(detail::makeSelfSignedCertificate()) {
        if (!options.clock) {
            options.clock = systemClockMs;
        }
    }

    core::TimestampMs marketNow() const {
        const core::TimestampMs wall = options.clock();
        if (!started.load(std::memory_order_acquire)) {
            return wall;
        }
        const auto elapsed = static_cast<double>(wall - startWallMs.load());
        return historyEndMs.load() + std::llround(options.speed * elapsed);
    }

    /// The server's turn: the market catches up with its clock.
    bool advance(std::vector<demo::EncodedFrame>& frames) {
        const core::TimestampMs target = marketNow();
        market->advance(target, kMaxTicksPerTurn, frames);
        return market->now() + core::MarketSimulator::kTickMs <= target;
    }

    DemoOptions options;
    detail::SelfSignedCertificate certificate;
    std::mutex lifecycle;  // start() and stop()
    std::unique_ptr<demo::DemoMarket> market;
    std::unique_ptr<demo::RestApi> api;
    std::unique_ptr<demo::DemoServer> server;

    std::atomic<bool> started{false};
    std::atomic<core::TimestampMs> historyEndMs{0};
    std::atomic<core::TimestampMs> startWallMs{0};
};

DemoExchange::DemoExchange(DemoOptions options) {
    if (!std::isfinite(options.speed) || options.speed <= 0 || options.speed > kMaxSpeed) {
        throw core::ConfigError(
            "speed", "must be above 0 and at most 10000, not " + core::formatNumber(options.speed));
    }
    if (options.history.count() <= 0 || options.history > kMaxHistory) {
        throw core::ConfigError(
            "history", "must be 1 to 720 hours, not " + std::to_string(options.history.count()));
    }
    m_impl = std::make_unique<Impl>(std::move(options));
}

DemoExchange::~DemoExchange() { stop(); }

void DemoExchange::start() {
    Impl& impl = *m_impl;
    const std::lock_guard lock(impl.lifecycle);
    if (impl.server) {
        return;
    }
    const core::TimestampMs historyMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(impl.options.history).count();
    core::SimulatorConfig config =
        core::SimulatorConfig::forSeed(impl.options.seed, impl.options.regime);
    // Whole minutes, so the history's candles and open-interest periods line up with the clock.
    const core::TimestampMs start = impl.options.clock() - historyMs;
    config.startMs = start - (start % core::kMinuteMs + core::kMinuteMs) % core::kMinuteMs;
    config.publishTrades = true;

    auto market = std::make_unique<demo::DemoMarket>(config, kRetentionMs);
    market->generateHistory(config.startMs + historyMs);
    const std::string& symbol = market->instrument().symbol();
    auto [base, quote] = assetsOf(symbol);
    auto api = std::make_unique<demo::RestApi>(market->store(), market->instrument(),
                                               std::move(base), std::move(quote));
    demo::DemoServerCallbacks callbacks;
    callbacks.answer = [&impl](std::string_view method, std::string_view target) {
        return impl.api->answer(method, target);
    };
    callbacks.advance = [&impl](std::vector<demo::EncodedFrame>& frames) {
        return impl.advance(frames);
    };
    // Throws when the port is taken; nothing has started then.
    auto server = std::make_unique<demo::DemoServer>(impl.certificate, impl.options.port, symbol,
                                                     std::move(callbacks));

    impl.market = std::move(market);
    impl.api = std::move(api);
    impl.historyEndMs.store(impl.market->now());
    impl.startWallMs.store(impl.options.clock());
    impl.started.store(true, std::memory_order_release);
    impl.server = std::move(server);
    impl.server->start();
}

void DemoExchange::stop() {
    Impl& impl = *m_impl;
    const std::lock_guard lock(impl.lifecycle);
    if (impl.server) {
        impl.server->stop();
    }
}

unsigned short DemoExchange::port() const {
    const std::lock_guard lock(m_impl->lifecycle);
    return m_impl->server ? m_impl->server->port() : m_impl->options.port;
}

Endpoints DemoExchange::endpoints() const {
    const std::string hostPort = "127.0.0.1:" + std::to_string(port());
    Endpoints endpoints;
    endpoints.restBaseUrl = "https://";
    endpoints.restBaseUrl += hostPort;
    endpoints.webSocketBaseUrl = "wss://";
    endpoints.webSocketBaseUrl += hostPort;
    return endpoints;
}

const std::string& DemoExchange::certificatePem() const {
    return m_impl->certificate.certificatePem;
}

core::TimestampMs DemoExchange::marketNow() const { return m_impl->marketNow(); }

}  // namespace liqmap::exchange
