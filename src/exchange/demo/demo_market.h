#pragma once

#include <cstddef>  // std::size_t
#include <string>   // std::string
#include <vector>   // std::vector

#include "demo/frame_encoder.h"
#include "demo/market_store.h"
#include "liqmap/core/market_event.h"
#include "liqmap/core/market_simulator.h"
#include "liqmap/core/simulator_config.h"

namespace liqmap::exchange::demo {

/// The demo exchange's market: a core::MarketSimulator whose published events are kept for the
/// REST endpoints (MarketStore) and, once live, encoded as Binance payloads (FrameEncoder). No
/// I/O and no clock: the caller says how far to go. Not thread-safe.
class DemoMarket {
public:
    /// Kept REST history reaches `retentionMs` back from the newest row.
    DemoMarket(core::SimulatorConfig config, core::TimestampMs retentionMs);

    /// Steps the market up to `endMs` keeping the REST history only (no frames: nobody listens
    /// yet).
    void generateHistory(core::TimestampMs endMs);
    /// Steps whole ticks up to `endMs` — never past it, so no frame is stamped after the market
    /// time the clients are told — at most `maxTicks` of them, appending every payload.
    /// Returns the number of ticks made.
    std::size_t advance(core::TimestampMs endMs, std::size_t maxTicks,
                        std::vector<EncodedFrame>& frames);

    /// The end of the last tick.
    core::TimestampMs now() const { return m_simulator.now(); }
    const MarketStore& store() const { return m_store; }
    const core::Instrument& instrument() const { return m_simulator.instrument(); }

private:
    void keep(const core::MarketEvent& event);

    core::MarketSimulator m_simulator;
    FrameEncoder m_encoder;
    MarketStore m_store;
    /// One tick's events, reused.
    std::vector<core::MarketEvent> m_published;
};

}  // namespace liqmap::exchange::demo
