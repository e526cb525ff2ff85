// liqmap-soak: the desktop app's memory, threads and file descriptors over a long live session
// (docs/performance.md, "Peak RSS with four live feeds"; scripts/bench.sh runs it).
//
// The real window — gui::MainWindow, shown on the offscreen platform — on exchange "all" for BTC,
// with its four feeds pointed at loopback TLS exchanges that stream live frames in each venue's
// own wire format (PROTOCOLS.md; the subscribe messages are the adapters' own): per venue about
// 20 trades a second, a mark price (Bybit: a tickers delta, Hyperliquid: activeAssetCtx) every
// second, open interest every few seconds (OKX's channel every 3 s, Bybit's tickers every 5 s,
// Hyperliquid's context every second, Binance's REST poll answered with the current value), a
// 1-minute candle update every 2 s and a closed candle at each minute, and now and then a
// liquidation; prices random-walk around 80 050 (the REST history's close). Each server answers
// its venue's application ping and subscribe acks. OKX serves candles on a second path
// (/ws/v5/business), so its business stream gets a server of its own: five ports in all.
//
// The exchanges run in a child process (forked before Qt or any thread starts), so what is
// sampled — /proc/self/status of this process — is the app alone: VmRSS, VmHWM, threads, open
// fds, plus the snapshot version shown, the paints that showed a map, the venues in the map and
// the window's own msg/s. Every frame kind is checked first against the venue's adapter (it
// must give events and skip nothing), so a template mistake cannot pass for a quiet feed.
//
//   liqmap-soak [--minutes 10] [--sample-seconds 10]
//
// Verdict ("bounded, no growth"): after a warm-up W = min(60 s, a third of the run) — history,
// first maps, Qt's caches — the mean RSS of the last window (the last minute; shorter runs:
// see windowsFor) may exceed the mean of the first window after W by at most max(8 MiB, 5 %),
// and the last window's highest thread and fd counts may not exceed the first window's.
// Exit codes: 0 bounded, 1 grew, 2 bad arguments or no data (no map, a venue missing, the
// exchanges did not start, the map stopped updating).

#include <fcntl.h>  // O_CLOEXEC
#include <poll.h>   // poll
#include <signal.h>
#include <sys/prctl.h>  // prctl, PR_SET_PDEATHSIG
#include <sys/wait.h>   // waitpid
#include <unistd.h>     // fork, pipe2, read, write, getppid, _exit

#include <QApplication>
#include <QLabel>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>    // std::max, std::min, std::max_element
#include <array>        // std::array
#include <chrono>       // std::chrono
#include <cmath>        // std::exp, std::round
#include <cstdarg>      // va_list
#include <cstdint>      // std::int64_t, std::uint64_t
#include <cstdio>       // std::printf, std::fprintf, std::vsnprintf
#include <cstdlib>      // std::strtod
#include <exception>    // std::exception
#include <filesystem>   // std::filesystem::directory_iterator
#include <fstream>      // std::ifstream
#include <mutex>        // std::mutex
#include <optional>     // std::optional
#include <random>       // std::mt19937_64, std::normal_distribution
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <thread>       // std::this_thread
#include <vector>       // std::vector

#include "liqmap/exchange/adapter.h"
#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/main_window.h"
#include "liqmap/gui/map_snapshot.h"
#include "support/loopback_exchange.h"
#include "support/venue_rest_scripts.h"

namespace {

using liqmap::exchange::Venue;
using Clock = std::chrono::steady_clock;
using TimestampMs = std::int64_t;

constexpr TimestampMs kMinuteMs = 60'000;
constexpr auto kTick = std::chrono::milliseconds(50);  // one trade per venue: ~20 a second
constexpr double kStartPrice = 80'050;                 // VenueRestScripts' last close
constexpr std::array<Venue, 4> kVenues = {Venue::Binance, Venue::Bybit, Venue::Okx,
                                          Venue::Hyperliquid};

// ---------------------------------------------------------------------------------------------
// Frame text

[[gnu::format(printf, 1, 2)]] std::string format(const char* pattern, ...) {
    std::array<char, 1024> buffer{};
    va_list args;
    va_start(args, pattern);
    const int length = std::vsnprintf(buffer.data(), buffer.size(), pattern, args);
    va_end(args);
    if (length < 0) {
        return {};
    }
    return {buffer.data(),
            std::min<std::size_t>(static_cast<std::size_t>(length), buffer.size() - 1)};
}

long long ll(TimestampMs value) { return static_cast<long long>(value); }
unsigned long long ull(std::uint64_t value) { return static_cast<unsigned long long>(value); }

TimestampMs wallNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::size_t indexOf(Venue venue) {
    switch (venue) {
        case Venue::Binance:
            return 0;
        case Venue::Bybit:
            return 1;
        case Venue::Okx:
            return 2;
        case Venue::Hyperliquid:
            return 3;
    }
    return 0;
}

const char* symbolOf(Venue venue) {
    switch (venue) {
        case Venue::Binance:
        case Venue::Bybit:
            return "BTCUSDT";
        case Venue::Okx:
            return "BTC-USDT-SWAP";
        case Venue::Hyperliquid:
            return "BTC";
    }
    return "";
}

// The one-minute candle a venue is forming.
struct FormingCandle {
    TimestampMs start = 0;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;  // BTC
    int trades = 0;

    void begin(TimestampMs minute, double price) {
        *this = FormingCandle{minute, price, price, price, price, 0, 0};
    }
    void add(double price, double qty) {
        high = std::max(high, price);
        low = std::min(low, price);
        close = price;
        volume += qty;
        ++trades;
    }
};

// A market that moves: one mid price random-walking with a weak pull back to the start (a
// ranging market, so a long run stays inside the map's ±15 %), each venue a basis point or so
// off it, open interest per venue random-walking in each venue's own units, and the frames each
// venue would send about it. Deterministic for a seed; not thread-safe (the caller locks).
class SoakMarket {
public:
    explicit SoakMarket(std::uint64_t seed) : m_random(seed) {}

    /// One tick of the price walk: 10 minutes move the mid by about 0.3 % (σ per tick 4.6e-5),
    /// and the pull (1e-4 per tick, ~8 min) keeps it within about ±1 % however long it runs.
    void step() {
        m_mid *= std::exp(4.6e-5 * m_normal(m_random));
        m_mid += 1e-4 * (kStartPrice - m_mid);
    }
    /// Open interest moves by about 0.05 % per call (every 3 s), pulled back to where the
    /// scripted history left it.
    void stepOpenInterest() {
        for (std::size_t v = 0; v < m_oi.size(); ++v) {
            m_oi[v] *= std::exp(5e-4 * m_normal(m_random));
            m_oi[v] += 0.01 * (kStartOi[v] - m_oi[v]);
        }
    }
    double price(Venue venue) const { return m_mid * (1 + kBasis[indexOf(venue)]); }
    /// Binance's open interest (BTC, one side) for its REST poll.
    double binanceOpenInterest() const { return m_oi[0]; }
    /// Starts each venue's first candle at the minute of `nowMs`.
    void beginCandles(TimestampMs nowMs) {
        for (Venue venue : kVenues) {
            m_candles[indexOf(venue)].begin(nowMs - nowMs % kMinuteMs, price(venue));
        }
    }
    /// True when `nowMs` is in a later minute than the candles being formed.
    bool minuteEnded(TimestampMs nowMs) const {
        return nowMs - nowMs % kMinuteMs > m_candles[0].start;
    }
    bool chance(double probability) { return m_uniform(m_random) < probability; }

    std::string trade(Venue venue, TimestampMs nowMs) {
        // Sizes log-normal around 0.03 BTC; the taker side a coin toss.
        const double qty = std::max(0.001, 0.03 * std::exp(0.9 * m_normal(m_random)));
        const bool buy = chance(0.5);
        const double px = roundedPrice(venue, price(venue));
        m_candles[indexOf(venue)].add(px, qty);
        const std::uint64_t id = ++m_tradeIds[indexOf(venue)];
        switch (venue) {
            case Venue::Binance:
                // m: the buyer was the maker, so true means the taker sold.
                return format(
                    R"({"e":"aggTrade","E":%lld,"a":%llu,"s":"BTCUSDT","p":"%.1f","q":"%.3f",)"
                    R"("f":%llu,"l":%llu,"T":%lld,"m":%s})",
                    ll(nowMs + 3), ull(id), px, qty, ull(id * 3), ull(id * 3 + 2), ll(nowMs),
                    buy ? "false" : "true");
            case Venue::Bybit:
                return format(
                    R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":%lld,"data":[{)"
                    R"("T":%lld,"s":"BTCUSDT","S":"%s","v":"%.3f","p":"%.1f","L":"%s",)"
                    R"("i":"%08llx-5a4f-4b7c-9e1d-%012llx","BT":false,"RPI":false,"seq":%llu}]})",
                    ll(nowMs + 3), ll(nowMs), buy ? "Buy" : "Sell", qty, px,
                    buy ? "PlusTick" : "MinusTick", ull(id), ull(id * 7919), ull(id + 5'000'000));
            case Venue::Okx: {
                // Contracts of 0.01 BTC (the scripted instrument's ctVal), at least one.
                const double contracts = std::max(1.0, std::round(qty / 0.01));
                return format(
                    R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{)"
                    R"("instId":"BTC-USDT-SWAP","tradeId":"%llu","px":"%.1f","sz":"%.0f",)"
                    R"("side":"%s","ts":"%lld","count":"1","source":"0","seqId":%llu}]})",
                    ull(id + 900'000'000), px, contracts, buy ? "buy" : "sell", ll(nowMs),
                    ull(id + 1'000'000));
            }
            case Venue::Hyperliquid:
                return format(
                    R"({"channel":"trades","data":[{"coin":"BTC","side":"%s","px":"%.0f",)"
                    R"("sz":"%.5f","hash":"0x%064llx","time":%lld,"tid":%llu,)"
                    R"("users":["0x1111111111111111111111111111111111111111",)"
                    R"("0x2222222222222222222222222222222222222222"]}]})",
                    buy ? "B" : "A", px, qty, ull(id * 2654435761ULL), ll(nowMs),
                    ull(812'345'678'901'234ULL + id));
        }
        return {};
    }

    /// The venue's mark-price frame. Bybit's is a tickers delta, carrying open interest when
    /// `withOpenInterest`; Hyperliquid's activeAssetCtx always carries it (and no timestamp).
    std::string mark(Venue venue, TimestampMs nowMs, bool withOpenInterest = false) {
        const double px = price(venue);
        const double index = px * 1.0001;
        const std::size_t v = indexOf(venue);
        switch (venue) {
            case Venue::Binance: {
                const TimestampMs eightHours = 8 * 60 * kMinuteMs;
                const TimestampMs nextFunding = nowMs - nowMs % eightHours + eightHours;
                return format(
                    R"({"e":"markPriceUpdate","E":%lld,"s":"BTCUSDT","p":"%.8f","P":"%.8f",)"
                    R"("i":"%.8f","r":"0.00010000","T":%lld})",
                    ll(nowMs), px, index, index, ll(nextFunding));
            }
            case Venue::Bybit: {
                const std::uint64_t cs = ++m_bybitCrossSequence;
                if (withOpenInterest) {
                    // openInterest counts both sides, singleOpenInterest one (PROTOCOLS.md §2.3).
                    const double single = m_oi[v];
                    return format(
                        R"({"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT",)"
                        R"("markPrice":"%.2f","indexPrice":"%.2f","openInterest":"%.3f",)"
                        R"("openInterestValue":"%.2f","singleOpenInterest":"%.3f",)"
                        R"("singleOpenInterestValue":"%.2f","bid1Price":"%.1f",)"
                        R"("bid1Size":"1.204"},"cs":%llu,"ts":%lld})",
                        px, index, 2 * single, 2 * single * px, single, single * px, px - 0.1,
                        ull(cs), ll(nowMs));
                }
                return format(
                    R"({"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT",)"
                    R"("markPrice":"%.2f","indexPrice":"%.2f","bid1Price":"%.1f",)"
                    R"("bid1Size":"1.204","ask1Price":"%.1f","ask1Size":"0.872"},"cs":%llu,)"
                    R"("ts":%lld})",
                    px, index, px - 0.1, px, ull(cs), ll(nowMs));
            }
            case Venue::Okx:
                return format(
                    R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{)"
                    R"("instId":"BTC-USDT-SWAP","instType":"SWAP","markPx":"%.1f","ts":"%lld"}]})",
                    px, ll(nowMs));
            case Venue::Hyperliquid:
                return format(
                    R"({"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{)"
                    R"("funding":"0.0000125","openInterest":"%.5f","prevDayPx":"81000.0",)"
                    R"("dayNtlVlm":"1500000000.0","premium":"0.0001","oraclePx":"%.0f",)"
                    R"("markPx":"%.0f","midPx":"%.1f","impactPxs":["%.0f","%.0f"],)"
                    R"("dayBaseVlm":"18000.0"}}})",
                    m_oi[v], std::round(index), std::round(px), px, std::round(px) - 1,
                    std::round(px) + 1);
        }
        return {};
    }

    /// Bybit's first tickers message on a connection: every field.
    std::string bybitTickerSnapshot(TimestampMs nowMs) {
        const double px = price(Venue::Bybit);
        const double single = m_oi[indexOf(Venue::Bybit)];
        return format(
            R"({"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT",)"
            R"("tickDirection":"ZeroPlusTick","price24hPcnt":"0.001624","lastPrice":"%.1f",)"
            R"("prevPrice24h":"79920.0","highPrice24h":"81200.0","lowPrice24h":"79100.0",)"
            R"("prevPrice1h":"80010.0","markPrice":"%.2f","indexPrice":"%.2f",)"
            R"("openInterest":"%.3f","openInterestValue":"%.2f","turnover24h":"1142118412.90",)"
            R"("volume24h":"17573.912","fundingIntervalHour":"8","fundingCap":"0.005",)"
            R"("singleOpenInterest":"%.3f","singleOpenInterestValue":"%.2f",)"
            R"("nextFundingTime":"%lld","fundingRate":"0.0001","bid1Price":"%.1f",)"
            R"("bid1Size":"5.954","ask1Price":"%.1f","ask1Size":"10.470","preOpenPrice":"",)"
            R"("preQty":"","curPreListingPhase":""},"cs":%llu,"ts":%lld})",
            px, px, px * 1.0001, 2 * single, 2 * single * px, single, single * px,
            ll(nowMs - nowMs % (8 * 60 * kMinuteMs) + 8 * 60 * kMinuteMs), px - 0.1, px,
            ull(++m_bybitCrossSequence), ll(nowMs));
    }

    /// OKX's open-interest channel (contracts of 0.01 BTC, coins, USD).
    std::string okxOpenInterest(TimestampMs nowMs) const {
        const double contracts = m_oi[indexOf(Venue::Okx)];
        return format(R"({"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{)"
                      R"("instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"%.2f","oiCcy":"%.4f",)"
                      R"("oiUsd":"%.2f","ts":"%lld"}]})",
                      contracts, contracts * 0.01, contracts * 0.01 * price(Venue::Okx), ll(nowMs));
    }

    /// The forming candle (`closed` false) or its final state (`closed` true), in the venue's
    /// kline frame. Hyperliquid has no closed flag: its candle ends when a later one arrives.
    std::string candle(Venue venue, TimestampMs nowMs, bool closed) const {
        const FormingCandle& c = m_candles[indexOf(venue)];
        const TimestampMs end = c.start + kMinuteMs - 1;
        switch (venue) {
            case Venue::Binance:
                return format(
                    R"({"e":"kline","E":%lld,"s":"BTCUSDT","k":{"t":%lld,"T":%lld,"s":"BTCUSDT",)"
                    R"("i":"1m","f":1000,"L":%d,"o":"%.1f","c":"%.1f","h":"%.1f","l":"%.1f",)"
                    R"("v":"%.3f","n":%d,"x":%s,"q":"%.2f","V":"%.3f","Q":"%.2f","B":"0"}})",
                    ll(nowMs), ll(c.start), ll(end), 1000 + c.trades, c.open, c.close, c.high,
                    c.low, c.volume, c.trades, closed ? "true" : "false", c.volume * c.close,
                    c.volume / 2, c.volume * c.close / 2);
            case Venue::Bybit:
                return format(
                    R"({"topic":"kline.1.BTCUSDT","data":[{"start":%lld,"end":%lld,)"
                    R"("interval":"1","open":"%.1f","close":"%.1f","high":"%.1f","low":"%.1f",)"
                    R"("volume":"%.3f","turnover":"%.2f","confirm":%s,"timestamp":%lld}],)"
                    R"("ts":%lld,"type":"snapshot"})",
                    ll(c.start), ll(end), c.open, c.close, c.high, c.low, c.volume,
                    c.volume * c.close, closed ? "true" : "false", ll(nowMs), ll(nowMs));
            case Venue::Okx:
                return format(R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[[)"
                              R"("%lld","%.1f","%.1f","%.1f","%.1f","%.0f","%.4f","%.2f","%s"]]})",
                              ll(c.start), c.open, c.high, c.low, c.close,
                              std::round(c.volume / 0.01), c.volume, c.volume * c.close,
                              closed ? "1" : "0");
            case Venue::Hyperliquid:
                return format(R"({"channel":"candle","data":{"t":%lld,"T":%lld,"s":"BTC","i":"1m",)"
                              R"("o":"%.0f","c":"%.0f","h":"%.0f","l":"%.0f","v":"%.5f","n":%d}})",
                              ll(c.start), ll(end), c.open, c.close, c.high, c.low, c.volume,
                              c.trades);
        }
        return {};
    }

    /// Starts every venue's candle of the minute of `nowMs` at the last close.
    void nextMinute(TimestampMs nowMs) {
        for (FormingCandle& c : m_candles) {
            c.begin(nowMs - nowMs % kMinuteMs, c.close);
        }
    }

    /// A liquidation a little away from the price: longs below, shorts above. Hyperliquid has
    /// no public liquidation feed (PROTOCOLS.md §4.3).
    std::string liquidation(Venue venue, TimestampMs nowMs) {
        const bool longLiquidated = chance(0.5);
        const double qty = std::max(0.002, 0.2 * std::exp(m_normal(m_random)));
        const double px = price(venue) * (longLiquidated ? 0.997 : 1.003);
        switch (venue) {
            case Venue::Binance:
                // The liquidation order sells to close a long.
                return format(
                    R"({"e":"forceOrder","E":%lld,"o":{"s":"BTCUSDT","S":"%s","o":"LIMIT",)"
                    R"("f":"IOC","q":"%.3f","p":"%.1f","ap":"%.1f","X":"FILLED","l":"%.3f",)"
                    R"("z":"%.3f","T":%lld}})",
                    ll(nowMs + 5), longLiquidated ? "SELL" : "BUY", qty,
                    px * (longLiquidated ? 0.999 : 1.001), px, qty, qty, ll(nowMs));
            case Venue::Bybit:
                // S is the liquidated position's side: Buy means a long.
                return format(
                    R"({"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":%lld,"data":[{)"
                    R"("T":%lld,"s":"BTCUSDT","S":"%s","v":"%.3f","p":"%.1f"}]})",
                    ll(nowMs + 5), ll(nowMs), longLiquidated ? "Buy" : "Sell", qty, px);
            case Venue::Okx:
                return format(
                    R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{)"
                    R"("details":[{"bkLoss":"0","bkPx":"%.1f","ccy":"","posSide":"%s",)"
                    R"("side":"%s","sz":"%.2f","ts":"%lld"}],"instFamily":"BTC-USDT",)"
                    R"("instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]})",
                    px, longLiquidated ? "long" : "short", longLiquidated ? "sell" : "buy",
                    std::max(1.0, std::round(qty / 0.01)), ll(nowMs));
            case Venue::Hyperliquid:
                return {};
        }
        return {};
    }

private:
    // Hyperliquid quotes BTC in whole dollars (five significant figures); the rest to 0.1.
    static double roundedPrice(Venue venue, double px) {
        return venue == Venue::Hyperliquid ? std::round(px) : std::round(px * 10) / 10;
    }

    // Each venue's offset from the mid, and its open interest where the scripted history ends
    // (VenueRestScripts): Binance 80 100 BTC, Bybit 50 100 BTC a side, OKX 5 010 000 contracts,
    // Hyperliquid 28 000.5 BTC.
    static constexpr std::array<double, 4> kBasis = {0, 1e-4, -1e-4, 5e-5};
    static constexpr std::array<double, 4> kStartOi = {80'100, 50'100, 5'010'000, 28'000.5};

    std::mt19937_64 m_random;
    std::normal_distribution<double> m_normal{0, 1};
    std::uniform_real_distribution<double> m_uniform{0, 1};
    double m_mid = kStartPrice;
    std::array<double, 4> m_oi = kStartOi;
    std::array<FormingCandle, 4> m_candles{};
    std::array<std::uint64_t, 4> m_tradeIds{};
    std::uint64_t m_bybitCrossSequence = 7'538'439'000;
};

// The venue's answer to a subscribe message, as the venue acknowledges it (PROTOCOLS.md and the
// captured control frames); nothing for anything else.
std::optional<std::string> subscribeAck(Venue venue, std::string_view message) {
    switch (venue) {
        case Venue::Binance:
            if (message.find(R"("method":"SUBSCRIBE")") != std::string_view::npos) {
                return std::string(R"({"result":null,"id":1})");
            }
            break;
        case Venue::Bybit:
            if (message.find(R"("op":"subscribe")") != std::string_view::npos) {
                return std::string(
                    R"({"success":true,"ret_msg":"","conn_id":"soak","req_id":"","op":"subscribe"})");
            }
            break;
        case Venue::Okx: {
            // One ack per argument; the first stands for all (the adapter reads none of them).
            const std::size_t args = message.find(R"("args":[)");
            const std::size_t close = message.find('}', args);
            if (message.find(R"("op":"subscribe")") != std::string_view::npos &&
                args != std::string_view::npos && close != std::string_view::npos) {
                const std::size_t open = args + 8;
                std::string ack = R"({"event":"subscribe","arg":)";
                ack += message.substr(open, close + 1 - open);
                ack += R"(,"connId":"a4d3ae55"})";
                return ack;
            }
            break;
        }
        case Venue::Hyperliquid:
            if (message.find(R"("method":"subscribe")") != std::string_view::npos) {
                std::string ack = R"({"channel":"subscriptionResponse","data":)";
                ack += message;
                ack += '}';
                return ack;
            }
            break;
    }
    return std::nullopt;
}

std::optional<std::string> pingAnswer(Venue venue, std::string_view message) {
    switch (venue) {
        case Venue::Binance:
            return std::nullopt;  // Binance pings; the client's pong is a control frame
        case Venue::Bybit:
            return liqmap::test::answerBybitPing(message);
        case Venue::Okx:
            return liqmap::test::answerOkxPing(message);
        case Venue::Hyperliquid:
            return liqmap::test::answerHyperliquidPing(message);
    }
    return std::nullopt;
}

// Every frame kind the exchanges send, through the venue's own adapter (instrument list loaded
// from the scripted REST body first, as a feed does): each must be market data with events and
// nothing skipped, each ack and pong a control frame. Returns what failed, empty when all pass.
std::string checkFrames() {
    const TimestampMs now = wallNowMs();
    const liqmap::test::VenueRestScripts scripts(now - now % kMinuteMs);
    SoakMarket market(1);
    market.beginCandles(now);
    for (Venue venue : kVenues) {
        auto adapter = liqmap::exchange::makeAdapter(venue);
        std::vector<liqmap::core::EventRecord> events;
        for (const liqmap::exchange::RestRequest& request :
             adapter->instrumentRequests(symbolOf(venue))) {
            liqmap::test::HttpRequestInfo info;
            info.method = request.method;
            info.target = request.target;
            info.body = request.body;
            adapter->parseRest(request, scripts.any(info).body, now, events);
        }
        struct Case {
            const char* what;
            std::string frame;
            bool data;
        };
        std::vector<Case> cases = {
            {"trade", market.trade(venue, now), true},
            {"mark", market.mark(venue, now), true},
            {"candle", market.candle(venue, now, false), true},
            {"closed candle", market.candle(venue, now + 1, true), true},
        };
        if (venue == Venue::Bybit) {
            cases.push_back({"tickers snapshot", market.bybitTickerSnapshot(now), true});
            cases.push_back(
                {"tickers delta with open interest", market.mark(venue, now, true), true});
        }
        if (venue == Venue::Okx) {
            cases.push_back({"open interest", market.okxOpenInterest(now), true});
        }
        if (venue != Venue::Hyperliquid) {
            cases.push_back({"liquidation", market.liquidation(venue, now), true});
        }
        for (const auto& stream : adapter->streams({"https://x", "wss://x"}, symbolOf(venue))) {
            for (const std::string& subscribe : stream.subscribeMessages) {
                cases.push_back(
                    {"subscribe ack", subscribeAck(venue, subscribe).value_or(""), false});
            }
            if (!stream.heartbeat.message.empty()) {
                cases.push_back(
                    {"pong", pingAnswer(venue, stream.heartbeat.message).value_or(""), false});
            }
        }
        for (const Case& c : cases) {
            events.clear();
            const liqmap::exchange::FrameOutcome outcome =
                adapter->parseFrame(c.frame, now, events);
            const bool passed = c.data
                                    ? outcome.kind == liqmap::exchange::FrameOutcome::Kind::Data &&
                                          !events.empty() && outcome.skippedRecords == 0
                                    : outcome.kind == liqmap::exchange::FrameOutcome::Kind::Control;
            if (!passed) {
                return std::string(liqmap::exchange::toString(venue)) + " " + c.what +
                       " frame not taken (" + outcome.detail + "): " + c.frame;
            }
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// The exchanges (child process)

volatile sig_atomic_t g_stopExchanges = 0;

void onTerminate(int /*signal*/) { g_stopExchanges = 1; }

// Runs the five servers until SIGTERM (or the parent is gone), writing their ports to `portsFd`
// first: Binance, Bybit, OKX public, OKX business, Hyperliquid. Returns the exit code.
int runExchanges(int portsFd, const liqmap::test::TestCertificate& certificate, pid_t parent) {
    struct sigaction action {};
    action.sa_handler = onTerminate;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    std::mutex marketMutex;  // the stream loop and the REST thread (Binance's OI poll)
    SoakMarket market(7);
    const TimestampMs start = wallNowMs();
    market.beginCandles(start);
    const liqmap::test::VenueRestScripts scripts(start - start % kMinuteMs);

    liqmap::test::LoopbackExchange binance(certificate);
    liqmap::test::LoopbackExchange bybit(certificate);
    liqmap::test::LoopbackExchange okx(certificate);
    liqmap::test::LoopbackExchange okxBusiness(certificate);
    liqmap::test::LoopbackExchange hyperliquid(certificate);
    struct Server {
        Venue venue;
        liqmap::test::LoopbackExchange* exchange;
        int connections = 0;
    };
    std::array<Server, 5> servers = {Server{Venue::Binance, &binance}, Server{Venue::Bybit, &bybit},
                                     Server{Venue::Okx, &okx}, Server{Venue::Okx, &okxBusiness},
                                     Server{Venue::Hyperliquid, &hyperliquid}};
    for (Server& server : servers) {
        const Venue venue = server.venue;
        server.exchange->setAutoReply([venue](std::string_view message) {
            if (auto answer = pingAnswer(venue, message)) {
                return answer;
            }
            return subscribeAck(venue, message);
        });
        server.exchange->setHttpHandler(
            [&scripts, &market, &marketMutex](const liqmap::test::HttpRequestInfo& request) {
                if (request.target.starts_with("/fapi/v1/openInterest?")) {
                    // Binance has no open-interest stream: the feed polls it, and gets what the
                    // market holds now.
                    const std::lock_guard lock(marketMutex);
                    return liqmap::test::HttpReply{
                        200,
                        {},
                        format(R"({"openInterest":"%.3f","symbol":"BTCUSDT","time":%lld})",
                               market.binanceOpenInterest(), ll(wallNowMs()))};
                }
                return scripts.any(request);
            });
    }
    std::array<unsigned short, 5> ports{};
    for (std::size_t i = 0; i < servers.size(); ++i) {
        ports[i] = servers[i].exchange->port();
    }
    const bool written = write(portsFd, ports.data(), sizeof ports) == sizeof ports;
    close(portsFd);
    if (!written) {
        return 1;
    }

    // Where a venue's frames go: OKX's candles on its business stream, the rest on the public.
    const auto serverOf = [&](Venue venue, bool candle) {
        switch (venue) {
            case Venue::Binance:
                return &binance;
            case Venue::Bybit:
                return &bybit;
            case Venue::Okx:
                return candle ? &okxBusiness : &okx;
            case Venue::Hyperliquid:
                return &hyperliquid;
        }
        return &binance;
    };

    auto next = Clock::now();
    std::uint64_t tick = 0;
    while (g_stopExchanges == 0 && getppid() == parent) {
        next += kTick;
        std::this_thread::sleep_until(next);
        ++tick;
        const TimestampMs now = wallNowMs();
        // Frames are made under the lock and sent after it.
        std::vector<std::pair<liqmap::test::LoopbackExchange*, std::string>> out;
        {
            const std::lock_guard lock(marketMutex);
            market.step();
            for (Server& server : servers) {
                // A new connection (the first, or a reconnect): Bybit's tickers start with a
                // snapshot.
                const int connections = server.exchange->connectionCount();
                if (connections != server.connections) {
                    server.connections = connections;
                    if (server.venue == Venue::Bybit) {
                        out.emplace_back(&bybit, market.bybitTickerSnapshot(now));
                    }
                }
            }
            if (market.minuteEnded(now)) {
                for (Venue venue : kVenues) {
                    out.emplace_back(serverOf(venue, true), market.candle(venue, now, true));
                }
                market.nextMinute(now);
            }
            out.emplace_back(&binance, market.trade(Venue::Binance, now));
            out.emplace_back(&bybit, market.trade(Venue::Bybit, now));
            out.emplace_back(&okx, market.trade(Venue::Okx, now));
            out.emplace_back(&hyperliquid, market.trade(Venue::Hyperliquid, now));
            if (tick % 20 == 0) {                      // every second
                const bool bybitOi = tick % 100 == 0;  // every 5 s
                out.emplace_back(&binance, market.mark(Venue::Binance, now));
                out.emplace_back(&bybit, market.mark(Venue::Bybit, now, bybitOi));
                out.emplace_back(&okx, market.mark(Venue::Okx, now));
                out.emplace_back(&hyperliquid, market.mark(Venue::Hyperliquid, now));
                // A liquidation on each venue that has a feed for them about every 15 s.
                for (Venue venue : {Venue::Binance, Venue::Bybit, Venue::Okx}) {
                    if (market.chance(1.0 / 15)) {
                        out.emplace_back(serverOf(venue, false), market.liquidation(venue, now));
                    }
                }
            }
            if (tick % 40 == 0) {  // every 2 s: the forming candles
                out.emplace_back(&binance, market.candle(Venue::Binance, now, false));
                out.emplace_back(&bybit, market.candle(Venue::Bybit, now, false));
                out.emplace_back(&okxBusiness, market.candle(Venue::Okx, now, false));
                out.emplace_back(&hyperliquid, market.candle(Venue::Hyperliquid, now, false));
            }
            if (tick % 60 == 0) {  // every 3 s: open interest moves; OKX's channel says so
                market.stepOpenInterest();
                out.emplace_back(&okx, market.okxOpenInterest(now));
            }
        }
        for (auto& [server, frame] : out) {
            server->send(std::move(frame));
        }
        if (tick % 3600 == 0) {
            binance.sendPing("soak");  // Binance's server ping, every 3 minutes
        }
        // What the clients sent (subscriptions, pings, pongs) is kept by the servers for tests
        // to read; drained here so a long run does not pile it up.
        for (Server& server : servers) {
            while (server.exchange->waitForMessage(std::chrono::milliseconds(0))) {
            }
        }
        while (binance.waitForPong(std::chrono::milliseconds(0))) {
        }
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The app (parent process)

struct Options {
    double minutes = 10;
    double sampleSeconds = 10;
};

std::optional<Options> parseArguments(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if ((arg != "--minutes" && arg != "--sample-seconds") || i + 1 >= argc) {
            std::fprintf(stderr,
                         "liqmap-soak: unknown or incomplete argument '%s'\n"
                         "usage: liqmap-soak [--minutes N] [--sample-seconds S]\n",
                         argv[i]);
            return std::nullopt;
        }
        const char* text = argv[++i];
        char* end = nullptr;
        const double value = std::strtod(text, &end);
        if (end == text || *end != '\0') {
            std::fprintf(stderr, "liqmap-soak: %s: not a number: '%s'\n", argv[i - 1], text);
            return std::nullopt;
        }
        (arg == "--minutes" ? options.minutes : options.sampleSeconds) = value;
    }
    if (!(options.minutes > 0 && options.minutes <= 24 * 60) ||
        !(options.sampleSeconds >= 1 && options.sampleSeconds <= 600) ||
        options.sampleSeconds > options.minutes * 60 / 3) {
        std::fprintf(stderr,
                     "liqmap-soak: --minutes must be in (0, 1440], --sample-seconds in [1, 600] "
                     "and at most a third of the run\n");
        return std::nullopt;
    }
    return options;
}

struct Sample {
    double seconds = 0;
    double rssMiB = 0;
    double hwmMiB = 0;
    int threads = 0;
    int fds = 0;
    std::uint64_t version = 0;
    std::uint64_t mapPaints = 0;
    std::size_t venues = 0;
    long messagesPerSecond = -1;  // from the status bar; -1 when it says nothing
};

// VmRSS, VmHWM (kB → MiB) and Threads from /proc/self/status.
bool readStatus(Sample& sample) {
    std::ifstream status("/proc/self/status");
    std::string line;
    int found = 0;
    while (std::getline(status, line)) {
        const auto value = [&line] {
            return std::strtod(line.c_str() + line.find(':') + 1, nullptr);
        };
        if (line.starts_with("VmRSS:")) {
            sample.rssMiB = value() / 1024;
            ++found;
        } else if (line.starts_with("VmHWM:")) {
            sample.hwmMiB = value() / 1024;
            ++found;
        } else if (line.starts_with("Threads:")) {
            sample.threads = static_cast<int>(value());
            ++found;
        }
    }
    return found == 3;
}

int openFds() {
    std::error_code error;
    int count = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
         it.increment(error)) {
        ++count;
    }
    return count - 1;  // the iterator's own descriptor
}

double mean(const std::vector<Sample>& samples, double from, double to) {
    double sum = 0;
    int count = 0;
    for (const Sample& s : samples) {
        if (s.seconds >= from && s.seconds <= to) {
            sum += s.rssMiB;
            ++count;
        }
    }
    return count == 0 ? -1 : sum / count;
}

template <typename Field>
int maxOf(const std::vector<Sample>& samples, double from, double to, Field field) {
    int result = 0;
    for (const Sample& s : samples) {
        if (s.seconds >= from && s.seconds <= to) {
            result = std::max(result, field(s));
        }
    }
    return result;
}

// The warm-up and the two windows compared, for a run of `total` seconds: W = min(60 s, a
// third); each window min(60 s, half of what is left); the baseline right after W, the last
// one ending with the run. 10 min: baseline 60–120 s, last 540–600 s; 1 min: 20–40 s, 40–60 s.
struct Windows {
    double warmup = 0;
    double baselineFrom = 0;
    double baselineTo = 0;
    double lastFrom = 0;
    double lastTo = 0;
};

Windows windowsFor(double total) {
    Windows w;
    w.warmup = std::min(60.0, total / 3);
    const double length = std::min(60.0, (total - w.warmup) / 2);
    w.baselineFrom = w.warmup;
    w.baselineTo = w.warmup + length;
    w.lastFrom = total - length;
    w.lastTo = total;
    return w;
}

void printSample(const Sample& s) {
    std::printf("%7.0f %9.1f %9.1f %7d %5d %9llu %10llu %6zu %7s\n", s.seconds, s.rssMiB, s.hwmMiB,
                s.threads, s.fds, ull(s.version), ull(s.mapPaints), s.venues,
                s.messagesPerSecond < 0 ? "-" : std::to_string(s.messagesPerSecond).c_str());
    std::fflush(stdout);
}

class ChildProcess {
public:
    explicit ChildProcess(pid_t pid) : m_pid(pid) {}
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void stop() {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            int status = 0;
            waitpid(m_pid, &status, 0);
            m_pid = -1;
        }
    }

private:
    pid_t m_pid;
};

int runApp(const Options& options, const liqmap::test::TestCertificate& certificate,
           const std::array<unsigned short, 5>& ports, int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir settingsDir;  // never the user's settings

    const auto base = [](unsigned short port) {
        return std::string("127.0.0.1:") + std::to_string(port);
    };
    liqmap::gui::WindowOptions windowOptions;
    windowOptions.exchange = "all";
    windowOptions.symbol = "BTC";
    windowOptions.view = liqmap::gui::ChartView::Map;
    windowOptions.restoreSettings = false;
    windowOptions.settingsFile = settingsDir.filePath(QStringLiteral("liqmap.ini"));
    windowOptions.fetchSymbolLists = false;  // the picker's lists would come from the internet
    const std::string pem = certificate.certificatePem;
    windowOptions.adjustEngine = [ports, pem, base](liqmap::gui::EngineOptions& engine) {
        engine.adjustFeed = [ports, pem, base](liqmap::exchange::FeedOptions& feed) {
            std::size_t server = 0;
            switch (feed.venue) {
                case Venue::Binance:
                    server = 0;
                    break;
                case Venue::Bybit:
                    server = 1;
                    break;
                case Venue::Okx:
                    server = 2;
                    break;
                case Venue::Hyperliquid:
                    server = 4;
                    break;
            }
            feed.endpoints = {"https://" + base(ports[server]), "wss://" + base(ports[server])};
            feed.tls.extraCaPem = pem;
            // The scripted REST history covers the last 10 minutes; the engine keeps the app's
            // 30-day lookback (and so its one-hour heatmap columns).
            feed.lookback = std::chrono::minutes(10);
            if (feed.venue == Venue::Okx) {
                const std::string business = "wss://" + base(ports[3]) + "/ws/v5/business";
                feed.adjustStream = [business](liqmap::exchange::StreamSpec& stream) {
                    if (stream.name == "business") {
                        stream.url = business;
                    }
                };
            }
        };
    };
    liqmap::gui::MainWindow window(windowOptions);
    window.resize(1280, 720);
    window.show();

    std::uint64_t mapPaints = 0;
    double firstMapSeconds = -1;
    double lastNewVersionSeconds = 0;
    std::uint64_t lastVersion = 0;
    const Clock::time_point started = Clock::now();
    const auto elapsed = [started] {
        return std::chrono::duration<double>(Clock::now() - started).count();
    };
    QObject::connect(window.chart(), &liqmap::gui::LiquidationMapWidget::painted, &window,
                     [&](std::uint64_t version) {
                         const auto& shown = window.chart()->snapshot();
                         if (version != 0 && shown && shown->version == version && shown->map) {
                             ++mapPaints;
                             if (firstMapSeconds < 0) {
                                 firstMapSeconds = elapsed();
                             }
                         }
                     });

    std::vector<Sample> samples;
    bool failedToRead = false;
    const double total = options.minutes * 60;
    QTimer sampler;
    sampler.setInterval(static_cast<int>(options.sampleSeconds * 1000));
    QObject::connect(&sampler, &QTimer::timeout, &window, [&] {
        Sample s;
        s.seconds = std::round(elapsed());
        failedToRead = !readStatus(s) || failedToRead;
        s.fds = openFds();
        s.mapPaints = mapPaints;
        if (const auto& snapshot = window.snapshot()) {
            s.version = snapshot->version;
            s.venues = snapshot->map ? snapshot->map->sources().size() : 0;
        }
        if (s.version != lastVersion) {
            lastVersion = s.version;
            lastNewVersionSeconds = s.seconds;
        }
        if (const auto* rate = window.findChild<QLabel*>(QStringLiteral("rateLabel"))) {
            bool ok = false;
            const long value = rate->text().section(u' ', 0, 0).toLong(&ok);
            s.messagesPerSecond = ok ? value : -1;
        }
        samples.push_back(s);
        printSample(s);
        if (s.seconds + 0.5 >= total) {
            QApplication::quit();
        }
        // No map two minutes in: nothing to measure; stop early.
        if (firstMapSeconds < 0 && s.seconds >= 120) {
            QApplication::quit();
        }
    });
    std::printf(
        "liqmap-soak: the window on all/BTC against four loopback exchanges (five ports), "
        "%.4g min, a sample every %.4g s\n"
        "%7s %9s %9s %7s %5s %9s %10s %6s %7s\n",
        options.minutes, options.sampleSeconds, "t s", "RSS MiB", "HWM MiB", "threads", "fds",
        "snapshot", "map paints", "venues", "msg/s");
    std::fflush(stdout);
    sampler.start();
    QApplication::exec();

    const std::string feeds = [&window] {
        const auto* state = window.findChild<QLabel*>(QStringLiteral("stateLabel"));
        return state != nullptr ? state->text().toStdString() : std::string("?");
    }();
    if (failedToRead || samples.empty()) {
        std::fprintf(stderr, "liqmap-soak: could not read /proc/self/status\n");
        return 2;
    }
    if (firstMapSeconds < 0) {
        std::fprintf(stderr, "liqmap-soak: no map was painted (feeds: %s)\n", feeds.c_str());
        return 2;
    }
    const Sample& last = samples.back();
    std::printf("feeds at the end: %s\nfirst map painted after %.1f s\n", feeds.c_str(),
                firstMapSeconds);
    if (last.venues != kVenues.size()) {
        std::fprintf(stderr, "liqmap-soak: the map holds %zu of the 4 venues at the end\n",
                     last.venues);
        return 2;
    }
    if (last.seconds - lastNewVersionSeconds > 3 * options.sampleSeconds) {
        std::fprintf(stderr, "liqmap-soak: the map stopped updating after %.0f s\n",
                     lastNewVersionSeconds);
        return 2;
    }

    const Windows w = windowsFor(last.seconds);
    const double minuteOne = mean(samples, 0, std::min(60.0, last.seconds));
    const double baseline = mean(samples, w.baselineFrom, w.baselineTo);
    const double lastMean = mean(samples, w.lastFrom, w.lastTo);
    if (baseline < 0 || lastMean < 0) {
        std::fprintf(stderr, "liqmap-soak: too few samples for the windows compared\n");
        return 2;
    }
    const double growth = lastMean - baseline;
    const double growthPercent = 100 * growth / baseline;
    const double allowed = std::max(8.0, 0.05 * baseline);
    const auto threadsOf = [](const Sample& s) { return s.threads; };
    const auto fdsOf = [](const Sample& s) { return s.fds; };
    const int baselineThreads = maxOf(samples, w.baselineFrom, w.baselineTo, threadsOf);
    const int lastThreads = maxOf(samples, w.lastFrom, w.lastTo, threadsOf);
    const int baselineFds = maxOf(samples, w.baselineFrom, w.baselineTo, fdsOf);
    const int lastFds = maxOf(samples, w.lastFrom, w.lastTo, fdsOf);
    const bool bounded =
        growth <= allowed && lastThreads <= baselineThreads && lastFds <= baselineFds;
    std::printf(
        "peak RSS (VmHWM): %.1f MiB; RSS at the end %.1f MiB\n"
        "mean RSS: minute 1 %.1f MiB; baseline %.0f–%.0f s %.1f MiB; last %.0f–%.0f s %.1f MiB; "
        "growth %+.1f MiB (%+.1f %%)\n"
        "threads: baseline max %d, last max %d; fds: baseline max %d, last max %d\n"
        "criterion: bounded when the last window's mean RSS is at most max(8 MiB, 5 %%) = "
        "%.1f MiB above the baseline's and its thread and fd maxima are not above the "
        "baseline's (warm-up %.0f s ignored)\n"
        "verdict: %s\n",
        last.hwmMiB, last.rssMiB, minuteOne, w.baselineFrom, w.baselineTo, baseline, w.lastFrom,
        w.lastTo, lastMean, growth, growthPercent, baselineThreads, lastThreads, baselineFds,
        lastFds, allowed, w.warmup, bounded ? "bounded, no growth" : "GREW");
    // One line for scripts/bench.sh.
    std::printf(
        "soak-result minutes=%.4g peak_rss_mib=%.1f baseline_mib=%.1f last_mib=%.1f "
        "growth_mib=%.1f growth_pct=%.1f threads=%d fds=%d map_paints=%llu bounded=%d\n",
        options.minutes, last.hwmMiB, baseline, lastMean, growth, growthPercent, lastThreads,
        lastFds, ull(last.mapPaints), bounded ? 1 : 0);
    return bounded ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parseArguments(argc, argv);
    if (!options) {
        return 2;
    }
    if (const std::string failure = checkFrames(); !failure.empty()) {
        std::fprintf(stderr, "liqmap-soak: %s\n", failure.c_str());
        return 2;
    }
    liqmap::test::TestCertificate certificate;
    try {
        certificate = liqmap::test::makeTestCertificate();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "liqmap-soak: %s\n", error.what());
        return 2;
    }

    // Forked before Qt or any other thread exists, so the child starts clean.
    std::array<int, 2> pipeFds{};
    if (pipe2(pipeFds.data(), O_CLOEXEC) != 0) {
        std::perror("liqmap-soak: pipe");
        return 2;
    }
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child < 0) {
        std::perror("liqmap-soak: fork");
        return 2;
    }
    if (child == 0) {
        close(pipeFds[0]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive the app
        int code = 1;
        try {
            code = runExchanges(pipeFds[1], certificate, parent);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "liqmap-soak (exchanges): %s\n", error.what());
        }
        std::fflush(stderr);
        _exit(code);
    }
    close(pipeFds[1]);
    ChildProcess exchanges(child);
    std::array<unsigned short, 5> ports{};
    pollfd wait{pipeFds[0], POLLIN, 0};
    const bool ready =
        poll(&wait, 1, 20'000) == 1 && read(pipeFds[0], ports.data(), sizeof ports) == sizeof ports;
    close(pipeFds[0]);
    if (!ready) {
        std::fprintf(stderr, "liqmap-soak: the loopback exchanges did not start\n");
        return 2;
    }
    try {
        const int code = runApp(*options, certificate, ports, argc, argv);
        exchanges.stop();
        return code;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "liqmap-soak: %s\n", error.what());
        return 2;
    }
}
