#include "liqmap/core/price_guard.h"

namespace liqmap::core {

PriceGuard::PriceGuard(double maxJump, std::uint32_t confirmations)
    : m_maxJump(maxJump), m_confirmations(confirmations) {}

bool PriceGuard::plausible(double reference, double price) const {
    return price >= reference / m_maxJump && price <= reference * m_maxJump;
}

bool PriceGuard::confirmRegimeChange(double price) {
    if (m_rejectedInARow > 0 && plausible(m_rejectedAnchor, price)) {
        ++m_rejectedInARow;
    } else {
        m_rejectedAnchor = price;
        m_rejectedInARow = 1;
    }
    return m_rejectedInARow >= m_confirmations;
}

bool PriceGuard::accept(double price) { return acceptRange(price, price, price); }

bool PriceGuard::acceptRange(double low, double high, double last) {
    if (m_reference == 0 || (plausible(m_reference, low) && plausible(m_reference, high))) {
        m_reference = last;
        m_rejectedInARow = 0;
        return true;
    }
    // Several implausible prices in a row that agree with each other are a real move (or a
    // relisting), not a bad print: accept the latest and move the reference there.
    if (confirmRegimeChange(last)) {
        m_reference = last;
        m_rejectedInARow = 0;
        return true;
    }
    return false;
}

}  // namespace liqmap::core
