// liqmap-synth-events: the deterministic synthetic market (tests/support/synthetic_market.h) as
// normalized JSON lines, for the benchmarks, the sample file and anyone feeding liqmap-cli.
// Exit codes: 0 success, 1 cannot write, 2 bad usage (one line on stderr).

#include <charconv>     // std::from_chars
#include <cstdint>      // std::uint64_t
#include <cstdio>       // std::fopen, std::fwrite, std::fprintf
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"
#include "support/synthetic_market.h"

namespace {

constexpr const char* kUsage =
    "usage: liqmap-synth-events [--days N] [--seed S] [--liquidations] [--marks] [--out FILE]\n"
    "  Prints a synthetic market (1-minute candles, 5-minute open interest; optional\n"
    "  liquidation bursts and 3-second mark prices) as normalized event JSON lines.\n"
    "  Defaults: --days 30 --seed 1, to stdout. The same options always give the same bytes.\n";

class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

template <class Integer>
Integer parseWhole(std::string_view option, std::string_view text) {
    Integer value{};
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
        throw UsageError(std::string(option) + ": expected a whole number, got '" +
                         std::string(text) + "'");
    }
    return value;
}

struct Request {
    liqmap::synthetic::MarketOptions market;
    std::optional<std::string> out;
};

Request parseArguments(const std::vector<std::string_view>& args) {
    Request request;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= args.size()) {
                throw UsageError(std::string(arg) + ": missing value");
            }
            return args[++i];
        };
        if (arg == "--days") {
            request.market.days = parseWhole<int>(arg, value());
        } else if (arg == "--seed") {
            request.market.seed = parseWhole<std::uint64_t>(arg, value());
        } else if (arg == "--liquidations") {
            request.market.liquidations = true;
        } else if (arg == "--marks") {
            request.market.marks = true;
        } else if (arg == "--out") {
            request.out = std::string(value());
        } else {
            throw UsageError("unknown option '" + std::string(arg) + "'");
        }
    }
    return request;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    Request request;
    std::vector<liqmap::core::EventRecord> records;
    try {
        request = parseArguments(args);
        records = liqmap::synthetic::generateMarket(request.market);
    } catch (const std::invalid_argument& error) {
        std::fprintf(stderr, "liqmap-synth-events: %s\n", error.what());
        return 2;
    }

    std::FILE* file = request.out ? std::fopen(request.out->c_str(), "wb") : stdout;
    if (file == nullptr) {
        std::perror(("liqmap-synth-events: " + *request.out).c_str());
        return 1;
    }
    std::string chunk;
    bool ok = true;
    for (std::size_t i = 0; i < records.size() && ok; ++i) {
        liqmap::core::appendEventLine(records[i], chunk);
        chunk += '\n';
        if (chunk.size() >= (1u << 20) || i + 1 == records.size()) {
            ok = std::fwrite(chunk.data(), 1, chunk.size(), file) == chunk.size();
            chunk.clear();
        }
    }
    ok = std::fflush(file) == 0 && ok;
    if (file != stdout) {
        ok = std::fclose(file) == 0 && ok;
    }
    if (!ok) {
        std::fprintf(stderr, "liqmap-synth-events: write failed\n");
        return 1;
    }
    return 0;
}
