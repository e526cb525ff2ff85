#pragma once

#include <mutex>        // std::mutex, std::lock_guard
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/market_event.h"  // core::TimestampMs
#include "liqmap/exchange/websocket_session.h"

namespace liqmap::test {

/// Collects the text frames of one raw WebSocket connection (the network thread writes, the
/// test reads).
class FrameLog {
public:
    exchange::WebSocketSession::Callbacks callbacks() {
        return {[this](std::string_view frame, core::TimestampMs /*receiveMs*/) {
                    const std::lock_guard lock(m_mutex);
                    m_frames.emplace_back(frame);
                },
                {}};
    }
    std::vector<std::string> frames() const {
        const std::lock_guard lock(m_mutex);
        return m_frames;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::string> m_frames;
};

}  // namespace liqmap::test
