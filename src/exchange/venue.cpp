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

std::optional<std::vector<std::pair<Venue, std::string>>> venueSymbols(std::string_view exchange,
                                                                       std::string_view symbol) {
    std::vector<std::pair<Venue, std::string>> venues;
    if (exchange == "all") {
        for (const Venue venue : kAllVenues) {
            venues.emplace_back(venue, perpetualSymbol(venue, symbol));
        }
    } else if (const auto venue = parseVenue(exchange)) {
        venues.emplace_back(*venue, std::string(symbol));
    } else {
        return std::nullopt;
    }
    return venues;
}

}  // namespace liqmap::exchange
