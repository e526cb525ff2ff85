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
    "  map --exchange demo [demo options] [--seconds T] [--refresh S] [--record FILE]\n"
    "      [map options]\n"
    "      the same on the built-in simulated exchange (BTCUSDT, no internet needed); with\n"
    "      none of --seconds, --format, --refresh: the live text map, redrawn every second\n"
    "      until Ctrl-C\n"
    "    map options: [--bins N] [--range PCT] [--leverage 10:0.5,25:0.5] [--mmr R]\n"
    "      [--lookback 1d|7d|30d] [--format csv|json|table|text] [--refresh S]\n"
    "      [model options]\n"
    "      text is a terminal chart; --refresh (live maps) redraws it every S seconds until\n"
    "      --seconds T (default: until Ctrl-C)\n"
    "    model options: [--turnover HOURS] half-life of position turnover, 0 = off\n"
    "      (default 3) [--initial-share S] share of the first open interest placed at the\n"
    "      price of that moment, 0 to 1 (default 1) (docs/estimator.md)\n"
    "  parse --exchange X [--instruments FILE] [--receive-time MS] [FILE|-]\n"
    "      raw frames (one per line, or a recording) in, normalized events out\n"
    "  record --exchange X|all|demo --symbol S --out FILE --seconds T [--lookback 1d|7d|30d]\n"
    "      [endpoint options] [demo options]\n"
    "      records the REST history and live frames as JSON lines, flushed as they arrive\n"
    "    endpoint options (testnets, loopback tests): [--rest-url https://host[:port]]\n"
    "      [--ws-url wss://host[:port]] [--ca-file PEM]  (certificates are always verified)\n"
    "  serve-demo --port P [demo options] [--cert-out FILE] [--seconds T]\n"
    "      serves the simulated exchange alone (Binance USD-M format, TLS on 127.0.0.1; port 0\n"
    "      picks a free one) until Ctrl-C or T seconds; prints its URLs, the certificate file\n"
    "      (default liqmap-demo-<port>.pem in the temporary directory) and a client command\n"
    "    demo options: [--seed N] (default 1) [--regime range|trend-up|trend-down|crash|\n"
    "      squeeze] (default range) [--speed X] market seconds per second, at most 10000\n"
    "      (default 10; 1 for serve-demo, so any client's clock agrees with the market)\n"
    "      [--history-hours H] history made at start, 1 to 720 (default 48; caps --lookback)\n"
    "  eval --seed N --hours H [--regime range|trend-up|trend-down|crash|squeeze]\n"
    "      [--format table|json] [--warmup H] [--horizon H] [--checkpoints K] [--bins N]\n"
    "      [--range PCT] [--leverage MIX] [model options]\n"
    "      runs the simulated market and compares the estimated map with the true one and\n"
    "      with a naive baseline (docs/accuracy.md)\n"
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
        if (command == "serve-demo") {
            return liqmap::cli::runServeDemo(rest);
        }
        if (command == "eval") {
            return liqmap::cli::runEval(rest);
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
