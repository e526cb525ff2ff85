#pragma once

#include <cstdint>      // std::uint64_t
#include <cstdio>       // std::FILE
#include <mutex>        // std::mutex
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "liqmap/core/market_event.h"  // core::TimestampMs
#include "liqmap/exchange/rest_request.h"

namespace liqmap::exchange {

/// One line of a recording: something a feed received, with its receive time, exactly as it
/// arrived. Replaying the lines through the same adapter and pipeline reproduces the live run.
struct RecordedInput {
    enum class Kind : std::uint8_t {
        Frame,          ///< a WebSocket text frame from stream `stream`
        Rest,           ///< the body of a REST response to `request`
        BootstrapDone,  ///< the history requests finished; live data follows
    };
    Kind kind = Kind::Frame;
    core::TimestampMs receiveMs = 0;
    std::string exchange;
    std::string symbol;   ///< the symbol the recording feed was for
    std::string stream;   ///< Frame only
    RestRequest request;  ///< Rest only
    int status = 0;       ///< Rest only: the HTTP status
    std::string payload;  ///< the frame text or the response body, byte for byte
};

/// The JSON line for `input` (no newline):
///   {"recv":…,"exchange":"binance","symbol":"BTCUSDT","stream":"market","frame":"<text>"}
///   {"recv":…,"exchange":"binance","symbol":"BTCUSDT","rest":"klines","method":"GET",
///    "target":"/fapi/…","request_body":"","status":200,"body":"<text>"}
///   {"recv":…,"exchange":"binance","symbol":"BTCUSDT","marker":"bootstrap_done"}
std::string formatRecordingLine(const RecordedInput& input);

/// Reads one line; false (with `error` set to a short reason) when it is not a recording line.
bool parseRecordingLine(std::string_view line, RecordedInput& out, std::string& error);

/// Appends recording lines to a file, each one written and flushed as it arrives, so a crash
/// loses at most the line in flight. Thread-safe.
class RecordingWriter {
public:
    /// Opens (truncates) `path`; throws std::runtime_error naming it when that fails.
    explicit RecordingWriter(const std::string& path);
    ~RecordingWriter();
    RecordingWriter(const RecordingWriter&) = delete;
    RecordingWriter& operator=(const RecordingWriter&) = delete;

    void write(const RecordedInput& input);
    std::uint64_t linesWritten() const;
    /// The first write error, empty while all is well.
    std::string error() const;

private:
    mutable std::mutex m_mutex;
    std::FILE* m_file = nullptr;
    std::uint64_t m_lines = 0;
    std::string m_error;
};

}  // namespace liqmap::exchange
