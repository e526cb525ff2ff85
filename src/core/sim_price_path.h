#pragma once

#include <cstdint>  // std::int64_t

#include "liqmap/core/market_event.h"  // TimestampMs
#include "liqmap/core/simulator_config.h"
#include "sim_random.h"

namespace liqmap::core {

/// The exogenous price process of the simulated market, in log price, one step per second:
/// mean reversion (Ornstein–Uhlenbeck) towards a slowly wandering anchor, Markov-switching calm and
/// volatile states, Poisson jumps, and the regime's drift and episodes. Order-flow impact comes
/// from outside (MarketSimulator) and is mean-reverted like any other displacement.
class SimPricePath {
public:
    explicit SimPricePath(const SimulatorConfig& config);

    /// Advances one tick that ends at `tickEnd`, adding `impactLog` (the log-price impact of the
    /// previous tick's order flow), and returns the new price.
    double advance(TimestampMs tickEnd, double impactLog);

    double price() const;
    /// How lively the market is now, 1 when calm: the volatility multiple of the current state
    /// or episode. Traders' activity follows it.
    double volatilityMultiple() const;
    /// Whether a crash, squeeze or pullback episode is running.
    bool inEpisode() const { return m_episode.ticksLeft > 0; }

private:
    /// A sustained move: a sell-off, a squeeze or a pullback against the trend.
    struct Episode {
        std::int64_t ticksLeft = 0;
        double driftPerTick = 0;  ///< log price per tick
        double volatilityMultiple = 1;
        bool movesAnchor = false;  ///< crashes and squeezes move the range; pullbacks do not
    };

    void startEpisode();
    void scheduleNextEpisode(TimestampMs after, double meanGapMs);

    SimRandom m_random;
    MarketRegime m_regime;
    double m_logPrice;
    double m_logAnchor;
    double m_calmSigma;      ///< per tick
    double m_reversionRate;  ///< per tick, ln 2 / half-life
    double m_trendDrift;     ///< log price per tick, signed; 0 outside trends
    TimestampMs m_driftStartMs;
    bool m_volatile = false;
    Episode m_episode;
    TimestampMs m_nextEpisodeMs;
};

}  // namespace liqmap::core
