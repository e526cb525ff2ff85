#pragma once

#include <array>    // std::array
#include <cstdint>  // std::uint64_t, std::int64_t

namespace liqmap::core {

/// The independent random streams of the simulated market. Each part of the model draws from its
/// own stream, so that switching one part off (e.g. the published trades) or drawing more from it
/// never shifts the numbers another part sees.
enum class SimStream : std::uint64_t {
    Config = 1,   ///< SimulatorConfig::forSeed
    Price = 2,    ///< volatility regime, jumps, episodes, the random walk
    Agents = 3,   ///< trader arrivals, sides, sizes, leverage, holding times
    Trades = 4,   ///< the anonymous trade tape
    Publish = 5,  ///< index price noise
};

/// Advances a splitmix64 state and returns its next output (Steele, Lea and Flood; the seeding
/// generator the xoshiro authors recommend).
std::uint64_t splitMix64(std::uint64_t& state);

/// A seeded xoshiro256** generator with the distributions the simulator needs. The standard
/// library's distributions are not used because their output is implementation-defined: the
/// same seed must give the same market with any standard library.
class SimRandom {
public:
    /// The four state words are the first four outputs of splitmix64 started at `seed`.
    explicit SimRandom(std::uint64_t seed);
    /// The generator of one stream of the market with `seed`.
    SimRandom(std::uint64_t seed, SimStream stream);
    /// A generator with exactly this state (not all zero), to reproduce published test vectors.
    static SimRandom fromState(const std::array<std::uint64_t, 4>& state);

    /// The next raw 64-bit output.
    std::uint64_t next();

    /// Uniform on [0, 1), 53 random bits.
    double uniform();
    /// Uniform on [low, high).
    double uniform(double low, double high);
    /// Uniform integer in [0, count); count > 0. Rejection keeps it exactly uniform.
    std::uint64_t below(std::uint64_t count);
    /// True with probability `probability`.
    bool chance(double probability);
    /// Standard normal (Marsaglia's polar method; the second value of each pair is kept).
    double normal();
    /// Exponential with mean `mean` (> 0).
    double exponential(double mean);
    /// Poisson with mean `mean` (≥ 0). Knuth's product method, summed over pieces of mean ≤ 16
    /// so that e^-mean never underflows; the cost grows with the mean, which stays small here.
    std::int64_t poisson(double mean);
    /// e^(mu + sigma · N(0, 1)).
    double logNormal(double mu, double sigma);
    /// Gamma with shape `shape` (> 0) and scale 1 (Marsaglia and Tsang; shape < 1 via the
    /// boost gamma(shape + 1) · U^(1 / shape)).
    double gamma(double shape);

private:
    std::array<std::uint64_t, 4> m_state{};
    double m_spareNormal = 0;
    bool m_hasSpareNormal = false;
};

}  // namespace liqmap::core
