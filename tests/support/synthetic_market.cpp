#include "support/synthetic_market.h"

#include <algorithm>  // std::max, std::min, std::stable_sort
#include <array>      // std::array
#include <bit>        // std::rotl
#include <cmath>      // std::cos, std::exp, std::log, std::round, std::sin, std::sqrt
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::move

namespace liqmap::synthetic {

namespace {

using core::TimestampMs;

constexpr double kPi = 3.14159265358979323846;

// Price model, per minute of market time (scaled to other candle intervals).
constexpr double kMinuteVolatility = 0.0007;    // ~2.7 % a day in the normal regime
constexpr double kJumpsPerMinute = 1.0 / 2880;  // about one every two days
constexpr double kJumpVolatility = 0.01;        // a jump moves the price by N(0, 1 %)

enum class Regime : std::uint8_t { Calm, Normal, Stressed };

constexpr double volatilityFactor(Regime regime) {
    switch (regime) {
        case Regime::Calm:
            return 0.55;
        case Regime::Normal:
            return 1.0;
        case Regime::Stressed:
            return 2.4;
    }
    return 1.0;
}

// Regime switches per minute: calm and normal last hours, stress about an hour and a half.
constexpr double kCalmToNormal = 1.0 / 480;
constexpr double kNormalToCalm = 1.0 / 720;
constexpr double kNormalToStressed = 1.0 / 1440;
constexpr double kStressedToNormal = 1.0 / 90;

// Prices on a 0.1 tick, quantities on 0.001, notionals on 0.01 (BTCUSDT's steps): dividing the
// rounded integer by the scale gives the double nearest the decimal, so the JSON stays short.
constexpr double kPriceScale = 10;
constexpr double kQtyScale = 1000;
constexpr double kNotionalScale = 100;

// Volume: BTC per minute in the normal regime, larger in fast markets and on big candles.
constexpr double kMinuteVolume = 120;

// Open interest, per five-minute step (scaled to other steps).
constexpr double kOiReversionPerStep = 1.0 / 576;  // half-life about 1.4 days
constexpr double kOiVolatilityPerStep = 0.003;
constexpr double kDeleverageThreshold = 0.005;  // |return over the step| above this ...
constexpr double kDeleverageRate = 3;           // ... removes 3 × the excess from log OI

// Liquidations: a burst when a candle reached this far (log, per minute^0.5) beyond its open.
constexpr double kLiquidationThreshold = 0.0025;
constexpr double kLiquidationsPerExcess = 1 / 0.0004;  // one more event per 0.04 % beyond
constexpr int kMaxLiquidationsPerBurst = 40;
constexpr double kMedianLiquidationNotional = 3'000;  // USDT
constexpr double kLiquidationNotionalSpread = 1.3;    // log-normal sigma
constexpr double kMaxLiquidationNotional = 5'000'000;

// Marks: basis of the index below the mark and a slowly drifting funding rate.
constexpr double kMeanBasis = 0.0002;
constexpr double kBasisSpread = 0.0001;
constexpr double kMeanFunding = 0.0001;
constexpr double kFundingReversion = 0.01;  // per candle
constexpr double kFundingVolatility = 0.000004;

double roundTo(double value, double scale) { return std::round(value * scale) / scale; }

// splitmix64 step: expands one 64-bit seed into well-mixed state words.
std::uint64_t splitMix64(std::uint64_t& state) {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// xoshiro256** with uniform and Box–Muller normal sampling written out here, so the sequence is
// the same with every standard library.
class Random {
public:
    // Independent streams for one seed: the stream number is mixed into the seeding.
    Random(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t state = seed ^ (0xD1B54A32D192ED03ULL * (stream + 1));
        for (std::uint64_t& word : m_state) {
            word = splitMix64(state);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = std::rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = std::rotl(m_state[3], 45);
        return result;
    }

    /// [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// (0, 1], for the logarithm in Box–Muller.
    double uniformPositive() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    bool chance(double probability) { return uniform() < probability; }
    /// [0, count).
    int below(int count) {
        return std::min(count - 1, static_cast<int>(uniform() * static_cast<double>(count)));
    }

    /// Standard normal by Box–Muller; the second value of each pair is kept for the next call.
    double normal() {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double radius = std::sqrt(-2 * std::log(uniformPositive()));
        const double angle = 2 * kPi * uniform();
        m_spare = radius * std::sin(angle);
        m_hasSpare = true;
        return radius * std::cos(angle);
    }

private:
    std::array<std::uint64_t, 4> m_state{};
    double m_spare = 0;
    bool m_hasSpare = false;
};

// Stream numbers: one per feature, so switching a feature on leaves the others unchanged.
enum Stream : std::uint64_t {
    kPriceStream,
    kVolumeStream,
    kOiStream,
    kLiquidationStream,
    kMarkStream
};

Regime nextRegime(Regime regime, double minutes, Random& random) {
    const double draw = random.uniform();
    switch (regime) {
        case Regime::Calm:
            return draw < kCalmToNormal * minutes ? Regime::Normal : Regime::Calm;
        case Regime::Normal:
            if (draw < kNormalToCalm * minutes) {
                return Regime::Calm;
            }
            return draw < (kNormalToCalm + kNormalToStressed) * minutes ? Regime::Stressed
                                                                        : Regime::Normal;
        case Regime::Stressed:
            return draw < kStressedToNormal * minutes ? Regime::Normal : Regime::Stressed;
    }
    return regime;
}

// An event inside a candle interval, ordered by timestamp after the candle.
struct IntervalEvent {
    TimestampMs ts;
    core::MarketEvent event;
};

class Generator {
public:
    explicit Generator(const MarketOptions& options)
        : m_options(options),
          m_price(options.seed, kPriceStream),
          m_volume(options.seed, kVolumeStream),
          m_oi(options.seed, kOiStream),
          m_liquidation(options.seed, kLiquidationStream),
          m_mark(options.seed, kMarkStream),
          m_intervalMinutes(static_cast<double>(options.candleIntervalMs) /
                            static_cast<double>(core::kMinuteMs)),
          m_stepsPerFiveMinutes(static_cast<double>(options.openInterestStepMs) /
                                static_cast<double>(5 * core::kMinuteMs)),
          m_subStepMs(options.candleIntervalMs / kSubStepsPerCandle),
          m_logPrice(std::log(options.startPrice)),
          m_close(roundTo(options.startPrice, kPriceScale)),
          m_openInterest(options.startOpenInterest),
          m_logOiMean(std::log(options.startOpenInterest)) {}

    std::vector<core::EventRecord> run() {
        const std::int64_t candles = m_options.days * core::kDayMs / m_options.candleIntervalMs;
        const std::int64_t candlesPerStep =
            m_options.openInterestStepMs / m_options.candleIntervalMs;
        auto expected = static_cast<std::size_t>(candles + candles / candlesPerStep + 1);
        if (m_options.marks) {
            expected += static_cast<std::size_t>(candles) * kSubStepsPerCandle;
        }
        m_out.reserve(expected);
        m_record.exchange = m_options.exchange;
        m_record.symbol = m_options.symbol;

        double stepStartClose = m_close;
        for (std::int64_t i = 0; i < candles; ++i) {
            const TimestampMs ts = m_options.startMs + i * m_options.candleIntervalMs;
            if (i % candlesPerStep == 0) {
                if (i > 0) {
                    evolveOpenInterest(std::log(m_close / stepStartClose));
                }
                stepStartClose = m_close;
                emit(core::OpenInterest{ts, roundTo(m_openInterest, kQtyScale),
                                        roundTo(m_openInterest * m_close, kNotionalScale)});
            }
            const core::Candle candle = nextCandle(ts);
            emit(candle);
            if (m_options.liquidations) {
                addLiquidations(candle);
            }
            // Marks were added first, so at equal timestamps they stay ahead of liquidations.
            std::stable_sort(
                m_interval.begin(), m_interval.end(),
                [](const IntervalEvent& a, const IntervalEvent& b) { return a.ts < b.ts; });
            for (const IntervalEvent& event : m_interval) {
                emit(event.event);
            }
            m_interval.clear();
        }
        return std::move(m_out);
    }

private:
    void emit(const core::MarketEvent& event) {
        m_record.event = event;
        m_out.push_back(m_record);
    }

    core::Candle nextCandle(TimestampMs ts) {
        m_regime = nextRegime(m_regime, m_intervalMinutes, m_price);
        int jumpAt = -1;
        double jump = 0;
        if (m_price.chance(kJumpsPerMinute * m_intervalMinutes)) {
            jumpAt = m_price.below(kSubStepsPerCandle);
            jump = kJumpVolatility * m_price.normal();
            m_regime = Regime::Stressed;  // a jump starts a fast market
        }
        const double sigma = kMinuteVolatility * volatilityFactor(m_regime) *
                             std::sqrt(m_intervalMinutes / kSubStepsPerCandle);

        core::Candle candle;
        candle.ts = ts;
        candle.intervalMs = m_options.candleIntervalMs;
        candle.open = m_close;
        candle.high = m_close;
        candle.low = m_close;
        candle.closed = true;
        double price = m_close;
        for (int k = 0; k < kSubStepsPerCandle; ++k) {
            m_logPrice += sigma * m_price.normal();
            if (k == jumpAt) {
                m_logPrice += jump;
            }
            price = roundTo(std::exp(m_logPrice), kPriceScale);
            candle.high = std::max(candle.high, price);
            candle.low = std::min(candle.low, price);
            if (m_options.marks) {
                addMark(ts + (k + 1) * m_subStepMs - 1, price);
            }
        }
        candle.close = price;
        m_close = price;

        const double move = std::abs(std::log(candle.close / candle.open));
        const double volume = kMinuteVolume * m_intervalMinutes * volatilityFactor(m_regime) *
                              std::exp(0.4 * m_volume.normal() - 0.08) * (1 + 150 * move);
        candle.volume = std::max(1 / kQtyScale, roundTo(volume, kQtyScale));
        return candle;
    }

    void addMark(TimestampMs ts, double price) {
        m_funding +=
            kFundingReversion * (kMeanFunding - m_funding) + kFundingVolatility * m_mark.normal();
        const double basis = kMeanBasis + kBasisSpread * m_mark.normal();
        core::MarkPrice mark;
        mark.ts = ts;
        mark.price = price;
        mark.index = roundTo(price * (1 - basis), kPriceScale);
        mark.funding = std::round(m_funding * 1e8) / 1e8;
        m_interval.push_back({ts, mark});
    }

    void evolveOpenInterest(double stepReturn) {
        double change = -kOiReversionPerStep * m_stepsPerFiveMinutes *
                            (std::log(m_openInterest) - m_logOiMean) +
                        kOiVolatilityPerStep * std::sqrt(m_stepsPerFiveMinutes) * m_oi.normal();
        // Large moves close positions: stops, margin calls and liquidations all reduce OI.
        const double excess = std::abs(stepReturn) - kDeleverageThreshold;
        if (excess > 0) {
            change -= kDeleverageRate * excess;
        }
        m_openInterest *= std::exp(change);
    }

    void addLiquidations(const core::Candle& candle) {
        const double threshold = kLiquidationThreshold * std::sqrt(m_intervalMinutes);
        const double downside = std::log(candle.open / candle.low);
        const double upside = std::log(candle.high / candle.open);
        if (downside > threshold) {
            // Longs were forced out between the low and the lower of open and close.
            addBurst(candle, core::Side::Long, candle.low, std::min(candle.open, candle.close),
                     downside - threshold);
        }
        if (upside > threshold) {
            addBurst(candle, core::Side::Short, candle.high, std::max(candle.open, candle.close),
                     upside - threshold);
        }
    }

    // `extreme` is the candle's low (longs) or high (shorts); fills cluster towards it.
    void addBurst(const core::Candle& candle, core::Side side, double extreme, double inner,
                  double excess) {
        const int count = std::min(
            kMaxLiquidationsPerBurst,
            1 + static_cast<int>(excess * kLiquidationsPerExcess) + m_liquidation.below(3));
        for (int i = 0; i < count; ++i) {
            const double u = m_liquidation.uniform();
            const double price = roundTo(extreme + (inner - extreme) * u * u, kPriceScale);
            const double target =
                std::min(kMaxLiquidationNotional,
                         kMedianLiquidationNotional *
                             std::exp(kLiquidationNotionalSpread * m_liquidation.normal()));
            core::Liquidation liquidation;
            liquidation.ts =
                candle.ts + static_cast<TimestampMs>(m_liquidation.uniform() *
                                                     static_cast<double>(candle.intervalMs));
            liquidation.side = side;
            liquidation.price = price;
            liquidation.qty = std::max(1 / kQtyScale, roundTo(target / price, kQtyScale));
            liquidation.notional = roundTo(price * liquidation.qty, kNotionalScale);
            liquidation.priceKind = core::PriceKind::Average;
            m_interval.push_back({liquidation.ts, liquidation});
        }
    }

    const MarketOptions& m_options;
    Random m_price;
    Random m_volume;
    Random m_oi;
    Random m_liquidation;
    Random m_mark;
    double m_intervalMinutes;
    double m_stepsPerFiveMinutes;
    TimestampMs m_subStepMs;
    Regime m_regime = Regime::Normal;
    double m_logPrice;
    double m_close;
    double m_openInterest;
    double m_logOiMean;
    double m_funding = kMeanFunding;
    core::EventRecord m_record;
    std::vector<IntervalEvent> m_interval;
    std::vector<core::EventRecord> m_out;
};

}  // namespace

void MarketOptions::validate() const {
    auto fail = [](const char* field, const char* what) {
        throw std::invalid_argument(std::string(field) + ": " + what);
    };
    if (days < 1 || days > 3650) {
        fail("days", "must be in [1, 3650]");
    }
    if (!(startPrice >= 100 && startPrice <= 1e8)) {
        fail("startPrice", "must be in [100, 1e8] (prices are on a 0.1 tick)");
    }
    if (candleIntervalMs < 1000 || candleIntervalMs % kSubStepsPerCandle != 0) {
        fail("candleIntervalMs", "must be at least 1 s and a multiple of the sub-step count");
    }
    if (startMs < 0 || startMs % candleIntervalMs != 0) {
        fail("startMs", "must be non-negative and aligned to the candle interval");
    }
    if (openInterestStepMs < candleIntervalMs || openInterestStepMs % candleIntervalMs != 0) {
        fail("openInterestStepMs", "must be a positive multiple of the candle interval");
    }
    if (!(startOpenInterest > 0 && startOpenInterest <= 1e12)) {
        fail("startOpenInterest", "must be in (0, 1e12]");
    }
    if (exchange.empty() || symbol.empty()) {
        fail(exchange.empty() ? "exchange" : "symbol", "must not be empty");
    }
}

std::vector<core::EventRecord> generateMarket(const MarketOptions& options) {
    options.validate();
    return Generator(options).run();
}

std::vector<core::MarketEvent> eventsOf(const std::vector<core::EventRecord>& records) {
    std::vector<core::MarketEvent> events;
    events.reserve(records.size());
    for (const core::EventRecord& record : records) {
        events.push_back(record.event);
    }
    return events;
}

}  // namespace liqmap::synthetic
