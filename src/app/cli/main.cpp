// liqmap-cli: the headless tool (ARCHITECTURE.md "Command-line contract").
// Exit codes: 0 success, 1 no result from valid input, 2 bad usage (one line on stderr).

#include <cstdio>       // std::fprintf, std::fputs
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "arguments.h"
#include "commands.h"
#include "liqmap/core/config_error.h"

namespace {

constexpr const char* kUsage =
    "usage: liqmap-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  liqprice --exchange binance|bybit|okx|hyperliquid --side long|short --entry E\n"
    "           --leverage L [--mmr R] [--cum C] [--qty Q] [--fee F]\n"
    "      prints the liquidation price of one isolated position\n"
    "  map --events FILE [--exchange X] [--symbol S] [map options]\n"
    "      builds the liquidation map from a file of normalized events (JSON lines)\n"
    "  map --replay FILE [--exchange X|all] [--symbol S] [map options]\n"
    "      builds it from a recording, through the same adapters as live\n"
    "  map --exchange binance|bybit|okx|hyperliquid|all --symbol S [--seconds T]\n"
    "      [--record FILE] [endpoint options] [map options]\n"
    "      loads the history, listens live for T seconds (default 10), prints the map;\n"
    "      with all, S is the base asset (BTC) and the venues' maps are added up\n"
    "    map options: [--bins N] [--range PCT] [--leverage 10:0.5,25:0.5] [--mmr R]\n"
    "      [--lookback 1d|7d|30d] [--format csv|json|table]\n"
    "  parse --exchange X [--instruments FILE] [--receive-time MS] [FILE|-]\n"
    "      raw frames (one per line, or a recording) in, normalized events out\n"
    "  record --exchange X|all --symbol S --out FILE --seconds T [--lookback 1d|7d|30d]\n"
    "      [endpoint options]\n"
    "      records the REST history and live frames as JSON lines, flushed as they arrive\n"
    "    endpoint options (testnets, loopback tests): [--rest-url https://host[:port]]\n"
    "      [--ws-url wss://host[:port]] [--ca-file PEM]  (certificates are always verified)\n"
    "\n"
    "See README.md and docs/estimator.md.\n";

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string_view command = args.front();
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
    try {
        if (command == "liqprice") {
            return liqmap::cli::runLiqprice(rest);
        }
        if (command == "map") {
            return liqmap::cli::runMap(rest);
        }
        if (command == "parse") {
            return liqmap::cli::runParse(rest);
        }
        if (command == "record") {
            return liqmap::cli::runRecord(rest);
        }
        std::fprintf(stderr, "liqmap-cli: unknown command '%s' (try liqmap-cli --help)\n",
                     std::string(command).c_str());
        return 2;
    } catch (const liqmap::cli::UsageError& error) {
        std::fprintf(stderr, "liqmap-cli %s: %s\n", std::string(command).c_str(), error.what());
        return 2;
    } catch (const liqmap::core::ConfigError& error) {
        std::fprintf(stderr, "liqmap-cli %s: %s\n", std::string(command).c_str(), error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "liqmap-cli %s: internal error: %s\n", std::string(command).c_str(),
                     error.what());
        return 1;
    }
}
