#include "liqmap/exchange/venue.h"

namespace liqmap::exchange {

std::string_view toString(Venue venue) {
    switch (venue) {
        case Venue::Binance:
            return "binance";
        case Venue::Bybit:
            return "bybit";
        case Venue::Okx:
            return "okx";
        case Venue::Hyperliquid:
            return "hyperliquid";
    }
    return "unknown";
}

std::optional<Venue> parseVenue(std::string_view text) {
    for (const Venue venue : kAllVenues) {
        if (toString(venue) == text) {
            return venue;
        }
    }
    return std::nullopt;
}

}  // namespace liqmap::exchange
