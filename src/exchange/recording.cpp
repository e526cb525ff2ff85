#include "liqmap/exchange/recording.h"

#include <cerrno>     // errno
#include <cstdint>    // std::int64_t
#include <cstring>    // std::strerror
#include <stdexcept>  // std::runtime_error

#include "json_fields.h"

namespace liqmap::exchange {

using detail::Json;

std::string formatRecordingLine(const RecordedInput& input) {
    // nlohmann keeps insertion order only with ordered_json; the field order is part of what a
    // person reads first, so build it in order.
    nlohmann::ordered_json line;
    line["recv"] = input.receiveMs;
    line["exchange"] = input.exchange;
    line["symbol"] = input.symbol;
    switch (input.kind) {
        case RecordedInput::Kind::Frame:
            line["stream"] = input.stream;
            line["frame"] = input.payload;
            break;
        case RecordedInput::Kind::Rest:
            line["rest"] = input.request.name;
            line["method"] = input.request.method;
            line["target"] = input.request.target;
            line["request_body"] = input.request.body;
            if (input.request.windowStartMs != 0) {
                line["window_start"] = input.request.windowStartMs;
            }
            line["status"] = input.status;
            line["body"] = input.payload;
            break;
        case RecordedInput::Kind::BootstrapDone:
            line["marker"] = "bootstrap_done";
            break;
    }
    // Invalid UTF-8 from a venue must not make the recorder throw: replace it; the frame would
    // have failed to parse anyway.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool parseRecordingLine(std::string_view line, RecordedInput& out, std::string& error) {
    const auto json = detail::parseJson(line);
    if (!json) {
        error = "not JSON";
        return false;
    }
    detail::FieldReader fields(*json);
    out = RecordedInput{};
    out.receiveMs = fields.timestamp("recv");
    out.exchange = std::string(fields.text("exchange"));
    out.symbol = std::string(fields.text("symbol"));
    if (fields.optionalMember("frame") != nullptr) {
        out.kind = RecordedInput::Kind::Frame;
        out.stream = std::string(fields.text("stream"));
        out.payload = std::string(fields.text("frame"));
    } else if (fields.optionalMember("rest") != nullptr) {
        out.kind = RecordedInput::Kind::Rest;
        out.request.name = std::string(fields.text("rest"));
        out.request.method = std::string(fields.text("method"));
        out.request.target = std::string(fields.text("target"));
        out.request.body = std::string(fields.text("request_body"));
        if (fields.optionalMember("window_start") != nullptr) {
            out.request.windowStartMs = fields.timestamp("window_start");
        }
        // An HTTP status has three digits. Anything wider is refused rather than cast: 2^32 + 200
        // would wrap to 200 and replay an unknown answer as a success (fuzz finding,
        // tests/data/fuzz-regressions/fuzz_recording).
        constexpr std::int64_t kMaxStatus = 999;
        const std::int64_t status = fields.integer("status");
        if (status < 0 || status > kMaxStatus) {
            fields.fail(core::SkipReason::OutOfRange, "status");
        }
        out.status = static_cast<int>(status);
        out.payload = std::string(fields.text("body"));
    } else if (fields.optionalMember("marker") != nullptr) {
        if (fields.text("marker") != "bootstrap_done") {
            fields.fail(core::SkipReason::InvalidValue, "marker");
        }
        out.kind = RecordedInput::Kind::BootstrapDone;
    } else {
        fields.fail(core::SkipReason::MissingField, "frame");
    }
    if (!fields.ok()) {
        error = std::string(core::toString(fields.reason())) + " at " + fields.field();
        return false;
    }
    return true;
}

RecordingWriter::RecordingWriter(const std::string& path) : m_file(std::fopen(path.c_str(), "wb")) {
    if (m_file == nullptr) {
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
}

RecordingWriter::~RecordingWriter() {
    if (m_file != nullptr) {
        std::fclose(m_file);
    }
}

void RecordingWriter::write(const RecordedInput& input) {
    std::string line = formatRecordingLine(input);
    line += '\n';
    const std::lock_guard lock(m_mutex);
    if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() ||
        std::fflush(m_file) != 0) {
        if (m_error.empty()) {
            m_error = std::string("write failed: ") + std::strerror(errno);
        }
        return;
    }
    ++m_lines;
}

std::uint64_t RecordingWriter::linesWritten() const {
    const std::lock_guard lock(m_mutex);
    return m_lines;
}

std::string RecordingWriter::error() const {
    const std::lock_guard lock(m_mutex);
    return m_error;
}

}  // namespace liqmap::exchange
