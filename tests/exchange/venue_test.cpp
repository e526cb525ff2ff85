#include "liqmap/exchange/venue.h"

#include <gtest/gtest.h>

#include <string>   // std::string
#include <utility>  // std::pair
#include <vector>   // std::vector

namespace liqmap::exchange {
namespace {

using VenueSymbols = std::vector<std::pair<Venue, std::string>>;

TEST(VenueSymbols, AllRunsTheBaseAssetOnEveryVenueInItsOwnSpelling) {
    EXPECT_EQ(venueSymbols("all", "BTC"), (VenueSymbols{{Venue::Binance, "BTCUSDT"},
                                                        {Venue::Bybit, "BTCUSDT"},
                                                        {Venue::Okx, "BTC-USDT-SWAP"},
                                                        {Venue::Hyperliquid, "BTC"}}));
}

TEST(VenueSymbols, AVenueTakesTheSymbolAsGivenAndAnythingElseIsNone) {
    EXPECT_EQ(venueSymbols("okx", "ETH-USDT-SWAP"), (VenueSymbols{{Venue::Okx, "ETH-USDT-SWAP"}}));
    EXPECT_FALSE(venueSymbols("kraken", "XBTUSD"));
    EXPECT_FALSE(venueSymbols("demo", "BTCUSDT"));  // not a venue: it speaks Binance's format
}

}  // namespace
}  // namespace liqmap::exchange
