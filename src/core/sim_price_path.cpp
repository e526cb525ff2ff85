#include "sim_price_path.h"

#include <algorithm>  // std::max
#include <cmath>      // std::log, std::sqrt, std::llround
#include <limits>     // std::numeric_limits

namespace liqmap::core {

namespace {

constexpr double kTicksPerDay = static_cast<double>(kDayMs) / 1000;
constexpr double kTicksPerHour = static_cast<double>(kHourMs) / 1000;

// Volatility states: calm most of the time, volatile spells of about two hours roughly every
// eight hours, at 2.2 times the calm volatility (BTC's realized volatility clusters like this).
constexpr double kCalmToVolatilePerTick = 1 / (8 * kTicksPerHour);
constexpr double kVolatileToCalmPerTick = 1 / (2 * kTicksPerHour);
constexpr double kVolatileMultiple = 2.2;

// Jumps: news-like moves of about 0.6 % (one standard deviation), twice a day when calm and four
// times as often when volatile.
constexpr double kCalmJumpsPerTick = 1 / (12 * kTicksPerHour);
constexpr double kVolatileJumpsPerTick = 4 * kCalmJumpsPerTick;
constexpr double kJumpSigma = 0.006;

// The anchor of the range wanders by about 1 % a day; the price reverts to it with a half-life of
// two hours in a range and three in a trend (a trend's pullbacks last longer).
constexpr double kAnchorDailyVolatility = 0.01;
constexpr double kRangeHalfLifeTicks = 2 * kTicksPerHour;
constexpr double kTrendHalfLifeTicks = 3 * kTicksPerHour;

// Trends: 5–10 % a day, with pullbacks of 1.5–4 % over 30–120 minutes about every six hours.
constexpr double kTrendDailyLow = 0.05;
constexpr double kTrendDailyHigh = 0.10;
constexpr double kPullbackLow = 0.015;
constexpr double kPullbackHigh = 0.04;
constexpr double kPullbackMinutesLow = 30;
constexpr double kPullbackMinutesHigh = 120;
constexpr double kPullbackGapMs = 6.0 * static_cast<double>(kHourMs);
constexpr double kPullbackVolatility = 1.5;

// Crashes and squeezes: 8–20 % over 20–90 minutes at three times the calm volatility; the first
// 2–10 hours after the regime delay, then about one a day.
constexpr double kEpisodeLow = 0.08;
constexpr double kEpisodeHigh = 0.20;
constexpr double kEpisodeMinutesLow = 20;
constexpr double kEpisodeMinutesHigh = 90;
constexpr double kEpisodeVolatility = 3;
constexpr double kFirstEpisodeHoursLow = 2;
constexpr double kFirstEpisodeHoursHigh = 10;
constexpr double kEpisodeGapMs = 24.0 * static_cast<double>(kHourMs);

constexpr TimestampMs kNever = std::numeric_limits<TimestampMs>::max();

bool isTrend(MarketRegime regime) {
    return regime == MarketRegime::TrendUp || regime == MarketRegime::TrendDown;
}

bool hasEpisodes(MarketRegime regime) {
    return regime == MarketRegime::Crash || regime == MarketRegime::Squeeze;
}

}  // namespace

SimPricePath::SimPricePath(const SimulatorConfig& config)
    : m_random(config.seed, SimStream::Price),
      m_regime(config.regime),
      m_logPrice(std::log(config.startPrice)),
      m_logAnchor(m_logPrice),
      m_calmSigma(config.calmDailyVolatility / std::sqrt(kTicksPerDay)),
      m_reversionRate(std::log(2.0) /
                      (isTrend(config.regime) ? kTrendHalfLifeTicks : kRangeHalfLifeTicks)),
      m_trendDrift(0),
      m_driftStartMs(config.startMs + config.regimeDelayMs),
      m_nextEpisodeMs(kNever) {
    if (isTrend(m_regime)) {
        const double daily = m_random.uniform(kTrendDailyLow, kTrendDailyHigh);
        const double sign = m_regime == MarketRegime::TrendUp ? 1 : -1;
        m_trendDrift = sign * std::log(1 + daily) / kTicksPerDay;
        scheduleNextEpisode(m_driftStartMs, kPullbackGapMs);
    } else if (hasEpisodes(m_regime)) {
        const double hours = m_random.uniform(kFirstEpisodeHoursLow, kFirstEpisodeHoursHigh);
        m_nextEpisodeMs = m_driftStartMs + std::llround(hours * static_cast<double>(kHourMs));
    }
}

void SimPricePath::scheduleNextEpisode(TimestampMs after, double meanGapMs) {
    m_nextEpisodeMs = after + std::llround(m_random.exponential(meanGapMs));
}

void SimPricePath::startEpisode() {
    Episode episode;
    double minutes = 0;
    double logMove = 0;
    if (hasEpisodes(m_regime)) {
        const double size = m_random.uniform(kEpisodeLow, kEpisodeHigh);
        minutes = m_random.uniform(kEpisodeMinutesLow, kEpisodeMinutesHigh);
        logMove = m_regime == MarketRegime::Crash ? std::log(1 - size) : std::log(1 + size);
        episode.volatilityMultiple = kEpisodeVolatility;
        episode.movesAnchor = true;
    } else {
        // A pullback runs against the trend and leaves the trend line alone, so the price
        // returns to it afterwards.
        const double size = m_random.uniform(kPullbackLow, kPullbackHigh);
        minutes = m_random.uniform(kPullbackMinutesLow, kPullbackMinutesHigh);
        logMove = m_regime == MarketRegime::TrendUp ? std::log(1 - size) : std::log(1 + size);
        episode.volatilityMultiple = kPullbackVolatility;
        episode.movesAnchor = false;
    }
    episode.ticksLeft = std::max<std::int64_t>(1, std::llround(minutes * 60));
    episode.driftPerTick = logMove / static_cast<double>(episode.ticksLeft);
    m_episode = episode;
}

double SimPricePath::advance(TimestampMs tickEnd, double impactLog) {
    if (m_episode.ticksLeft == 0 && tickEnd >= m_nextEpisodeMs) {
        startEpisode();
    }
    if (m_volatile ? m_random.chance(kVolatileToCalmPerTick)
                   : m_random.chance(kCalmToVolatilePerTick)) {
        m_volatile = !m_volatile;
    }
    const double sigma = m_calmSigma * volatilityMultiple();

    m_logAnchor += kAnchorDailyVolatility / std::sqrt(kTicksPerDay) * m_random.normal();
    if (tickEnd > m_driftStartMs) {
        m_logAnchor += m_trendDrift;
    }
    double drift = 0;
    if (m_episode.ticksLeft > 0) {
        drift = m_episode.driftPerTick;
        if (m_episode.movesAnchor) {
            m_logAnchor += drift;
        }
        if (--m_episode.ticksLeft == 0) {
            scheduleNextEpisode(tickEnd, hasEpisodes(m_regime) ? kEpisodeGapMs : kPullbackGapMs);
        }
    }
    double jump = 0;
    if (m_random.chance(m_volatile ? kVolatileJumpsPerTick : kCalmJumpsPerTick)) {
        jump = kJumpSigma * m_random.normal();
    }
    m_logPrice += m_reversionRate * (m_logAnchor - m_logPrice) + drift + jump +
                  sigma * m_random.normal() + impactLog;
    return price();
}

double SimPricePath::price() const { return std::exp(m_logPrice); }

double SimPricePath::volatilityMultiple() const {
    const double state = m_volatile ? kVolatileMultiple : 1.0;
    return m_episode.ticksLeft > 0 ? std::max(state, m_episode.volatilityMultiple) : state;
}

}  // namespace liqmap::core
