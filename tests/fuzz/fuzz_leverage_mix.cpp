// libFuzzer target: core::LeverageMix::parse, the --leverage option and the saved setting. Text
// it refuses must be refused with ConfigError (anything else escaping is a finding); a mix it
// accepts must survive toString() → parse() unchanged, or a saved mix would not load again.

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "fuzz_check.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/leverage_mix.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace liqmap;
    constexpr std::string_view kTarget = "fuzz_leverage_mix";
    const std::string_view spec(reinterpret_cast<const char*>(data), size);

    std::optional<core::LeverageMix> mix;
    try {
        mix = core::LeverageMix::parse(spec);
    } catch (const core::ConfigError&) {
        return 0;
    }
    const std::string text = mix->toString();
    std::optional<core::LeverageMix> again;
    try {
        again = core::LeverageMix::parse(text);
    } catch (const core::ConfigError& error) {
        fuzz::fail(kTarget, "toString() \"" + text + "\" does not parse back: " + error.what());
    }
    bool same = again->size() == mix->size();
    for (std::size_t i = 0; same && i < mix->size(); ++i) {
        same = again->tiers()[i].leverage == mix->tiers()[i].leverage &&
               again->tiers()[i].weight == mix->tiers()[i].weight;
    }
    if (!same) {
        fuzz::fail(kTarget, "toString() \"" + text + "\" parses back as another mix");
    }
    return 0;
}
