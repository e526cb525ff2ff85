#include "sim_random.h"

#include <cmath>  // std::exp, std::log, std::pow, std::sqrt

namespace liqmap::core {

namespace {

constexpr std::uint64_t rotateLeft(std::uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
}

/// The largest Poisson mean drawn in one piece: e^-16 ≈ 1.1e-7 is far from underflow, and the
/// product method needs about mean + 1 uniforms per piece.
constexpr double kPoissonPieceMean = 16;

}  // namespace

std::uint64_t splitMix64(std::uint64_t& state) {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

SimRandom::SimRandom(std::uint64_t seed) {
    std::uint64_t seeder = seed;
    for (std::uint64_t& word : m_state) {
        word = splitMix64(seeder);
    }
}

SimRandom::SimRandom(std::uint64_t seed, SimStream stream)
    // The stream number is scrambled by one splitmix64 step before it is mixed into the seed, so
    // that nearby seeds and nearby streams do not give nearby (overlapping) splitmix64 sequences.
    : SimRandom([&] {
          std::uint64_t streamState = static_cast<std::uint64_t>(stream) << 32;
          return seed ^ splitMix64(streamState);
      }()) {}

SimRandom SimRandom::fromState(const std::array<std::uint64_t, 4>& state) {
    SimRandom random(0);
    random.m_state = state;
    return random;
}

std::uint64_t SimRandom::next() {
    // xoshiro256** (Blackman and Vigna, 2018).
    const std::uint64_t result = rotateLeft(m_state[1] * 5, 7) * 9;
    const std::uint64_t shifted = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= shifted;
    m_state[3] = rotateLeft(m_state[3], 45);
    return result;
}

double SimRandom::uniform() {
    // The top 53 bits are the best ones of xoshiro256** and fill a double's mantissa exactly.
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double SimRandom::uniform(double low, double high) { return low + (high - low) * uniform(); }

std::uint64_t SimRandom::below(std::uint64_t count) {
    // Reject the top partial copy of [0, count) so that every value is equally likely.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % count);
    std::uint64_t value = next();
    while (value >= limit) {
        value = next();
    }
    return value % count;
}

bool SimRandom::chance(double probability) { return uniform() < probability; }

double SimRandom::normal() {
    if (m_hasSpareNormal) {
        m_hasSpareNormal = false;
        return m_spareNormal;
    }
    double u = 0;
    double v = 0;
    double s = 0;
    do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double factor = std::sqrt(-2 * std::log(s) / s);
    m_spareNormal = v * factor;
    m_hasSpareNormal = true;
    return u * factor;
}

double SimRandom::exponential(double mean) {
    // 1 − U is in (0, 1], so the logarithm is finite.
    return -mean * std::log(1 - uniform());
}

std::int64_t SimRandom::poisson(double mean) {
    std::int64_t total = 0;
    double remaining = mean;
    while (remaining > 0) {
        const double piece = remaining > kPoissonPieceMean ? kPoissonPieceMean : remaining;
        remaining -= piece;
        // A sum of independent Poisson variables is Poisson with the sum of the means.
        const double threshold = std::exp(-piece);
        double product = uniform();
        while (product > threshold) {
            ++total;
            product *= uniform();
        }
    }
    return total;
}

double SimRandom::logNormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

double SimRandom::gamma(double shape) {
    if (shape < 1) {
        // Gamma(a) = Gamma(a + 1) · U^(1/a) for a < 1 (U in (0, 1]).
        const double boosted = gamma(shape + 1);
        return boosted * std::pow(1 - uniform(), 1 / shape);
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1 / std::sqrt(9 * d);
    while (true) {
        const double x = normal();
        double v = 1 + c * x;
        if (v <= 0) {
            continue;
        }
        v = v * v * v;
        const double u = 1 - uniform();  // (0, 1]: the logarithm below is finite
        const double xSquared = x * x;
        if (u < 1 - 0.0331 * xSquared * xSquared) {
            return d * v;
        }
        if (std::log(u) < 0.5 * xSquared + d * (1 - v + std::log(v))) {
            return d * v;
        }
    }
}

}  // namespace liqmap::core
