#include "demo/demo_market.h"

#include <optional>  // std::optional
#include <utility>   // std::move
#include <variant>   // std::get_if

namespace liqmap::exchange::demo {

DemoMarket::DemoMarket(core::SimulatorConfig config, core::TimestampMs retentionMs)
    : m_simulator(std::move(config)),
      m_encoder(m_simulator.instrument().symbol(), m_simulator.instrument().tickSize()),
      m_store(retentionMs) {}

void DemoMarket::keep(const core::MarketEvent& event) {
    if (std::get_if<core::Candle>(&event) != nullptr) {
        m_store.addCandle(m_encoder.lastKline());
    } else if (const auto* oi = std::get_if<core::OpenInterest>(&event)) {
        m_store.addOpenInterest(*oi);
    } else if (const auto* mark = std::get_if<core::MarkPrice>(&event)) {
        m_store.setMark(*mark);
    }
}

void DemoMarket::generateHistory(core::TimestampMs endMs) {
    while (m_simulator.now() + core::MarketSimulator::kTickMs <= endMs) {
        m_published.clear();
        m_simulator.step(m_published);
        for (const core::MarketEvent& event : m_published) {
            m_encoder.account(event);
            keep(event);
        }
    }
    m_store.setNow(m_simulator.now(), m_simulator.openInterest());
}

std::size_t DemoMarket::advance(core::TimestampMs endMs, std::size_t maxTicks,
                                std::vector<EncodedFrame>& frames) {
    std::size_t ticks = 0;
    while (ticks < maxTicks && m_simulator.now() + core::MarketSimulator::kTickMs <= endMs) {
        m_published.clear();
        m_simulator.step(m_published);
        for (const core::MarketEvent& event : m_published) {
            if (std::optional<EncodedFrame> frame = m_encoder.encode(event)) {
                frames.push_back(std::move(*frame));
            }
            keep(event);
        }
        ++ticks;
    }
    m_store.setNow(m_simulator.now(), m_simulator.openInterest());
    return ticks;
}

}  // namespace liqmap::exchange::demo
