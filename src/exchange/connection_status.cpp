#include "liqmap/exchange/connection_status.h"

namespace liqmap::exchange {

std::string_view toString(ConnectionState state) {
    switch (state) {
        case ConnectionState::Idle:
            return "idle";
        case ConnectionState::Connecting:
            return "connecting";
        case ConnectionState::Live:
            return "live";
        case ConnectionState::Stale:
            return "stale";
        case ConnectionState::Reconnecting:
            return "reconnecting";
        case ConnectionState::Error:
            return "error";
        case ConnectionState::Stopped:
            return "stopped";
    }
    return "unknown";
}

}  // namespace liqmap::exchange
