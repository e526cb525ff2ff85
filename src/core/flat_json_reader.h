#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::core {

enum class JsonKind : std::uint8_t { String, Number, True, False, Null, Object, Array };

/// One member of the top-level object. Views point into the parsed text (or, for a key with
/// escapes, into the reader) and stay valid until the next call to next().
struct JsonMember {
    std::string_view key;
    JsonKind kind = JsonKind::Null;
    /// String: the raw content between the quotes (escapes not decoded). Otherwise the value's
    /// text as written.
    std::string_view text;
    bool escaped = false;  ///< the string content holds escapes: decode before use
};

/// Walks the members of one JSON object without building a tree — the normalized event format is
/// flat, and a DOM would cost several times the time of the whole estimator (docs/performance.md).
/// The grammar is checked strictly, nested values included (up to 64 nested arrays or objects in
/// a member's value), and every string must be valid UTF-8 with valid escapes, so a line that
/// reads as an event is always valid JSON. Never throws.
class FlatJsonReader {
public:
    explicit FlatJsonReader(std::string_view text) : m_text(text) {}

    /// Moves to the next member. False at the end of the object or on malformed input; failed()
    /// tells which.
    bool next(JsonMember& member);
    bool failed() const { return m_state == State::Failed; }

private:
    enum class State : std::uint8_t { Start, InObject, Done, Failed };

    bool fail();
    void skipWhitespace();
    bool scanString(std::string_view& content, bool& escaped);
    bool scanNumber(std::string_view& literal);
    bool scanLiteral(std::string_view word);
    bool skipValue(int depth);
    bool finishObject();

    std::string_view m_text;
    std::size_t m_pos = 0;
    State m_state = State::Start;
    std::string m_keyScratch;
};

/// Decodes the raw content of a JSON string (escapes, \u with surrogate pairs) into UTF-8 in
/// `out`, also checking that it is valid UTF-8. False for anything invalid.
bool decodeJsonString(std::string_view raw, std::string& out);

}  // namespace liqmap::core
