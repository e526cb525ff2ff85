#pragma once

#include <array>        // std::array
#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

namespace liqmap::exchange {

/// The exchanges liqmap reads. The simulated exchange speaks Binance's wire format, so it is not
/// a venue of its own here.
enum class Venue : std::uint8_t { Binance, Bybit, Okx, Hyperliquid };

inline constexpr std::array<Venue, 4> kAllVenues = {Venue::Binance, Venue::Bybit, Venue::Okx,
                                                    Venue::Hyperliquid};

/// Stable lowercase name used on the command line, in events and recordings: "binance", "bybit",
/// "okx", "hyperliquid".
std::string_view toString(Venue venue);
/// The inverse of toString; nullopt for anything else.
std::optional<Venue> parseVenue(std::string_view text);

/// The venue's USDT (Hyperliquid: USDC) linear perpetual on `baseAsset`, in the venue's own
/// spelling: "BTC" → BTCUSDT (Binance, Bybit), BTC-USDT-SWAP (OKX), BTC (Hyperliquid). The
/// aggregate "all" source uses it to run one base asset on every venue.
std::string perpetualSymbol(Venue venue, std::string_view baseAsset);

/// The feeds a selection means: `exchange` "all" → every venue with perpetualSymbol(venue,
/// symbol); a venue's name → that venue with `symbol` as given; anything else → nullopt.
std::optional<std::vector<std::pair<Venue, std::string>>> venueSymbols(std::string_view exchange,
                                                                       std::string_view symbol);

}  // namespace liqmap::exchange
