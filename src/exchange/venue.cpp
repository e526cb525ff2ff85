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

std::string perpetualSymbol(Venue venue, std::string_view baseAsset) {
    const std::string base(baseAsset);
    switch (venue) {
        case Venue::Binance:
        case Venue::Bybit:
            return base + "USDT";
        case Venue::Okx:
            return base + "-USDT-SWAP";
        case Venue::Hyperliquid:
            return base;
    }
    return base;
}

}  // namespace liqmap::exchange
