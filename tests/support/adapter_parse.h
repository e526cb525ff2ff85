#pragma once

#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"  // core::EventRecord
#include "liqmap/exchange/adapter.h"

namespace liqmap::test {

/// One frame through an adapter: the outcome and the events it appended.
struct ParsedFrame {
    exchange::FrameOutcome outcome;
    std::vector<core::EventRecord> events;
};

/// One REST body through an adapter: the outcome and the events it appended.
struct ParsedRest {
    exchange::RestOutcome outcome;
    std::vector<core::EventRecord> events;
};

inline ParsedFrame parseFrameAt(exchange::Adapter& adapter, std::string_view frame,
                                core::TimestampMs receiveMs) {
    ParsedFrame parsed;
    parsed.outcome = adapter.parseFrame(frame, receiveMs, parsed.events);
    return parsed;
}

inline ParsedRest parseRestAt(exchange::Adapter& adapter, const exchange::RestRequest& request,
                              std::string_view body, core::TimestampMs receiveMs) {
    ParsedRest parsed;
    parsed.outcome = adapter.parseRest(request, body, receiveMs, parsed.events);
    return parsed;
}

}  // namespace liqmap::test
