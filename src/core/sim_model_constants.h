#pragma once

namespace liqmap::core {

/// Position sizes in the simulated market are log-normal with this log standard deviation
/// around SimulatorConfig::medianNotional: the mean is e^(1.6² / 2) ≈ 3.6 times the median, a
/// heavy tail like real books, where a few large traders hold much of the open interest.
inline constexpr double kSimNotionalLogSigma = 1.6;
/// No single position is larger (quote currency), so none leaves the fourth maintenance bracket.
inline constexpr double kSimMaxNotional = 5'000'000;

}  // namespace liqmap::core
