// libFuzzer target: core::parseEventLine, the reader of the normalized event files. An accepted
// line must be a valid event, and appendEventLine must write it back as a line that reads as the
// same event (the CLI writes files that it and the app read again).

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "fuzz_check.h"
#include "liqmap/core/event_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace liqmap;
    constexpr std::string_view kTarget = "fuzz_event_line";
    const std::string_view line(reinterpret_cast<const char*>(data), size);

    core::EventRecord record;
    if (!core::parseEventLine(line, record).ok) {
        return 0;
    }
    const core::EventParseStatus valid = core::validateEvent(record.event);
    if (!valid.ok || record.exchange.empty() || record.symbol.empty()) {
        fuzz::fail(kTarget, "an accepted line is not a valid event");
    }
    std::string written;
    core::appendEventLine(record, written);
    core::EventRecord again;
    const core::EventParseStatus reread = core::parseEventLine(written, again);
    if (!reread.ok) {
        fuzz::fail(kTarget, "a written line does not read back (" +
                                std::string(core::toString(reread.reason)) + " at " +
                                std::string(reread.field) + "): " + written);
    }
    if (again.exchange != record.exchange || again.symbol != record.symbol ||
        !(again.event == record.event)) {
        fuzz::fail(kTarget, "a written line reads back as another event: " + written);
    }
    return 0;
}
