#include "liqmap/core/price_guard.h"

namespace liqmap::core {

PriceGuard::PriceGuard(double maxJump, std::uint32_t confirmations)
    : m_maxJump(maxJump), m_confirmations(confirmations) {}

bool PriceGuard::acceptAsRegimeChange(double last) {
    // Several implausible prices in a row that agree with each other are a real move (or a
    // relisting), not a bad print: accept the latest and move the reference there.
    if (m_rejectedInARow > 0 && plausible(m_rejectedAnchor, last)) {
        ++m_rejectedInARow;
    } else {
        m_rejectedAnchor = last;
        m_rejectedInARow = 1;
    }
    if (m_rejectedInARow < m_confirmations) {
        return false;
    }
    m_reference = last;
    m_rejectedInARow = 0;
    return true;
}

}  // namespace liqmap::core
