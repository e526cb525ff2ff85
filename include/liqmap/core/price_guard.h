#pragma once

#include <cstdint>  // std::uint32_t

namespace liqmap::core {

/// Rejects prices too far from the last accepted one, so a single bad print (a low of 0.01 in a
/// BTC candle) cannot wipe out every cohort on one side. A real regime change still gets
/// through: after `confirmations` rejected prices in a row that agree with each other, the
/// guard accepts them and moves its reference.
class PriceGuard {
public:
    /// `maxJump` > 1: accepted prices lie within [reference / maxJump, reference · maxJump].
    explicit PriceGuard(double maxJump, std::uint32_t confirmations = 5);

    /// True when `price` is plausible; then it becomes the reference. The first price is
    /// always accepted.
    bool accept(double price) { return acceptRange(price, price, price); }
    /// Like accept() for a range seen at once (a candle's low and high): both must be plausible;
    /// the reference becomes `last`. Inline: it runs for every price the estimator sees.
    bool acceptRange(double low, double high, double last) {
        if (m_reference == 0 || (plausible(m_reference, low) && plausible(m_reference, high))) {
            m_reference = last;
            m_rejectedInARow = 0;
            return true;
        }
        return acceptAsRegimeChange(last);
    }
    /// Whether `price` would be plausible, without moving the reference (for prices that are not
    /// traded prices, such as a reported bankruptcy price).
    bool isPlausible(double price) const {
        return m_reference == 0 || plausible(m_reference, price);
    }

private:
    bool plausible(double reference, double price) const {
        return price * m_maxJump >= reference && price <= reference * m_maxJump;
    }
    bool acceptAsRegimeChange(double last);

    double m_maxJump;
    std::uint32_t m_confirmations;
    double m_reference = 0;  // 0: nothing accepted yet
    double m_rejectedAnchor = 0;
    std::uint32_t m_rejectedInARow = 0;
};

}  // namespace liqmap::core
