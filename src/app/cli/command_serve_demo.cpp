// liqmap-cli serve-demo: the simulated exchange on its own, for any Binance client (liqmap-cli
// map --exchange binance with --rest-url, --ws-url and --ca-file; later the desktop app).

#include <chrono>      // std::chrono::milliseconds
#include <cstdio>      // std::printf, std::fprintf, std::fflush
#include <filesystem>  // std::filesystem::temp_directory_path, read_symlink
#include <fstream>     // std::ofstream
#include <optional>    // std::optional
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string

#include "arguments.h"
#include "commands.h"
#include "demo_arguments.h"
#include "liqmap/core/market_regime.h"
#include "liqmap/core/number_text.h"
#include "liqmap/exchange/demo_exchange.h"
#include "stop_signal.h"

namespace liqmap::cli {

namespace {

constexpr long long kMaxPort = 65'535;

unsigned short parsePort(const Arguments& arguments) {
    const std::string_view text = arguments.requiredText("port");
    const auto port = core::parseInteger(text);
    if (!port || *port < 0 || *port > kMaxPort) {
        throw UsageError(
            std::string("--port: expected 0 to 65535, got '").append(text).append("'"));
    }
    return static_cast<unsigned short>(*port);
}

// This program's own path, so the printed client command runs from any directory.
std::string selfPath() {
    std::error_code error;
    const std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string("liqmap-cli") : path.string();
}

void writeCertificate(const std::string& path, const std::string& pem) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << pem;
    file.close();
    if (!file) {
        throw UsageError(std::string("--cert-out: cannot write ").append(path));
    }
}

}  // namespace

int runServeDemo(std::span<const std::string_view> args) {
    const Arguments arguments(
        args, {"port", "seed", "regime", "speed", "history-hours", "cert-out", "seconds"});
    exchange::DemoOptions options =
        demoOptionsFrom(arguments, 1);  // real time: any client's own clock agrees with it
    options.port = parsePort(arguments);
    std::optional<double> seconds = arguments.number("seconds");
    if (seconds && !(*seconds >= 0 && *seconds <= 7 * 24 * 3600)) {
        throw UsageError("--seconds: expected 0 to 604800");
    }
    const std::optional<std::string_view> certOut = arguments.text("cert-out");

    const StopSignal stop;
    exchange::DemoExchange demo(options);
    try {
        demo.start();
    } catch (const std::runtime_error& error) {
        // "demo exchange: cannot listen on 127.0.0.1:9443: Address already in use"
        std::fprintf(stderr, "liqmap-cli serve-demo: %s\n", error.what());
        return 1;
    }
    if (stop.requested()) {
        return 0;  // interrupted while the history was generated
    }
    const auto started = std::chrono::steady_clock::now();
    const std::string certPath =
        certOut ? std::string(*certOut)
                : (std::filesystem::temp_directory_path() /
                   std::string("liqmap-demo-").append(std::to_string(demo.port())).append(".pem"))
                      .string();
    writeCertificate(certPath, demo.certificatePem());

    const exchange::Endpoints endpoints = demo.endpoints();
    std::string client = selfPath();
    client.append(" map --exchange binance --symbol BTCUSDT --lookback ")
        .append(std::to_string(options.history.count()))
        .append("h --refresh 1 --rest-url ")
        .append(endpoints.restBaseUrl)
        .append(" --ws-url ")
        .append(endpoints.webSocketBaseUrl)
        .append(" --ca-file ")
        .append(certPath);
    std::printf("rest %s\nwebsocket %s\ncertificate %s\nclient %s\n", endpoints.restBaseUrl.c_str(),
                endpoints.webSocketBaseUrl.c_str(), certPath.c_str(), client.c_str());
    std::fflush(stdout);
    std::fprintf(stderr,
                 "liqmap-cli serve-demo: simulated BTCUSDT, seed %llu, %s, speed %sx, %lld h of "
                 "history; %s\n",
                 static_cast<unsigned long long>(options.seed),
                 std::string(core::toString(options.regime)).c_str(),
                 core::formatNumber(options.speed).c_str(),
                 static_cast<long long>(options.history.count()),
                 seconds ? "stops after --seconds" : "Ctrl-C stops it");

    const auto deadline =
        seconds ? started + std::chrono::milliseconds(static_cast<long long>(*seconds * 1000))
                : std::chrono::steady_clock::time_point::max();
    stop.waitUntil(deadline);
    demo.stop();
    return 0;
}

}  // namespace liqmap::cli
