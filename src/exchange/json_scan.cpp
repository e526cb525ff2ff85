#include "json_scan.h"

#include <algorithm>     // std::min
#include <array>         // std::array
#include <charconv>      // std::from_chars
#include <cstddef>       // std::size_t, std::ptrdiff_t
#include <cstdint>       // std::uint64_t, std::int64_t
#include <cstring>       // std::memcpy
#include <limits>        // std::numeric_limits
#include <system_error>  // std::errc

#include "liqmap/core/number_text.h"  // core::parseDecimal

namespace liqmap::exchange::detail {

namespace {

using Type = JsonScan::Type;
using Token = JsonScan::Token;

// Bytes that stand for themselves inside a string: printable ASCII but the quote and the
// backslash. Anything else needs a closer look (end, escape, control byte, UTF-8 sequence).
constexpr std::array<bool, 256> kPlainStringByte = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) {
        plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    }
    return plain;
}();

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Whether any of the 8 bytes in `word` is not a plain string byte: a quote, a backslash, a
// control byte (< 0x20) or a byte ≥ 0x80 (the usual "has a zero byte" bit tricks).
bool hasSpecialByte(std::uint64_t word) {
    const auto hasZero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighBits; };
    const std::uint64_t control = (word - 0x20 * kOnes) & ~word & kHighBits;
    return ((hasZero(word ^ ('"' * kOnes)) | hasZero(word ^ ('\\' * kOnes)) | control |
             (word & kHighBits)) != 0);
}

bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

int hexValue(unsigned char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Whether a number that std::from_chars found out of a double's range is too large (nlohmann
// refuses it: "number overflow") rather than too small (nlohmann reads 0 or a subnormal). Out of
// range means a magnitude beyond DBL_MAX ≈ 1.8e308 or below DBL_MIN ≈ 2.2e-308, so the sign of
// the decimal exponent of the first significant digit (123.4e5 → 7, 0.05 → -2) tells them apart.
bool overflows(std::string_view number) {
    if (number.front() == '-') {
        number.remove_prefix(1);
    }
    const std::size_t mantissaEnd = std::min(number.find_first_of("eE"), number.size());
    const std::string_view mantissa = number.substr(0, mantissaEnd);
    const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
    const std::size_t first = mantissa.find_first_not_of("0.");
    if (first == std::string_view::npos) {
        return false;  // zero
    }
    const auto position = first < point ? static_cast<std::int64_t>(point - first - 1)
                                        : -static_cast<std::int64_t>(first - point);
    std::int64_t exponent = 0;
    if (mantissaEnd < number.size()) {
        std::string_view digits = number.substr(mantissaEnd + 1);
        const bool negative = digits.front() == '-';
        if (digits.front() == '-' || digits.front() == '+') {
            digits.remove_prefix(1);
        }
        // Saturated far beyond any exponent that matters, and far below int64 overflow.
        constexpr std::int64_t kSaturated = 1'000'000'000'000'000;
        for (const char c : digits) {
            exponent = std::min(exponent * 10 + (c - '0'), kSaturated);
        }
        exponent = negative ? -exponent : exponent;
    }
    return position + exponent >= 0;
}

// The scanning state: a cursor over the text and the tokens found so far.
class Cursor {
public:
    Cursor(std::string_view text, std::vector<Token>& tokens)
        : m_begin(reinterpret_cast<const unsigned char*>(text.data())),
          m_at(m_begin),
          m_end(m_begin + text.size()),
          m_tokens(tokens) {}

    JsonScan::Status document() {
        // nlohmann skips a UTF-8 byte order mark at the very start.
        if (m_end - m_at >= 3 && m_at[0] == 0xEF && m_at[1] == 0xBB && m_at[2] == 0xBF) {
            m_at += 3;
        }
        if (!value(0)) {
            return m_tooDeep ? JsonScan::Status::TooDeep : JsonScan::Status::Malformed;
        }
        skipSpace();
        // nlohmann's lexer takes a NUL byte between tokens for the end of the input (a C
        // string's end), so whatever follows one after the value is never read.
        return m_at == m_end || *m_at == '\0' ? JsonScan::Status::Ok : JsonScan::Status::Malformed;
    }

private:
    void skipSpace() {
        while (m_at != m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t')) {
            ++m_at;
        }
    }

    std::uint32_t offset(const unsigned char* at) const {
        return static_cast<std::uint32_t>(at - m_begin);
    }

    std::uint32_t push(Type type, const unsigned char* start, const unsigned char* stop,
                       bool escaped = false) {
        const auto index = static_cast<std::uint32_t>(m_tokens.size());
        m_tokens.push_back(
            Token{type, escaped, offset(start), offset(stop) - offset(start), index + 1});
        return index;
    }

    bool value(std::size_t depth) {
        skipSpace();
        if (m_at == m_end) {
            return false;
        }
        switch (*m_at) {
            case '{':
                return container(depth + 1, Type::Object, '}');
            case '[':
                return container(depth + 1, Type::Array, ']');
            case '"':
                return string();
            case 't':
                return literal("true", Type::True);
            case 'f':
                return literal("false", Type::False);
            case 'n':
                return literal("null", Type::Null);
            default:
                return number();
        }
    }

    // An object (members "key": value) or an array, the cursor on its opening bracket.
    bool container(std::size_t depth, Type type, unsigned char close) {
        if (depth > JsonScan::kMaxDepth) {
            m_tooDeep = true;
            return false;
        }
        const unsigned char* start = m_at;
        const std::uint32_t index = push(type, start, start);
        ++m_at;
        skipSpace();
        if (m_at != m_end && *m_at == close) {
            ++m_at;
        } else {
            while (true) {
                if (type == Type::Object) {
                    skipSpace();
                    if (m_at == m_end || *m_at != '"' || !string()) {
                        return false;
                    }
                    skipSpace();
                    if (m_at == m_end || *m_at != ':') {
                        return false;
                    }
                    ++m_at;
                }
                if (!value(depth)) {
                    return false;
                }
                skipSpace();
                if (m_at == m_end) {
                    return false;
                }
                if (*m_at == ',') {
                    ++m_at;
                    continue;
                }
                if (*m_at != close) {
                    return false;
                }
                ++m_at;
                break;
            }
        }
        Token& token = m_tokens[index];
        token.length = offset(m_at) - token.offset;
        token.next = static_cast<std::uint32_t>(m_tokens.size());
        return true;
    }

    bool literal(std::string_view word, Type type) {
        if (static_cast<std::size_t>(m_end - m_at) < word.size() ||
            std::string_view(reinterpret_cast<const char*>(m_at), word.size()) != word) {
            return false;
        }
        push(type, m_at, m_at + word.size());
        m_at += word.size();
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and not beyond a double's range.
    bool number() {
        const unsigned char* start = m_at;
        if (*m_at == '-') {
            ++m_at;
        }
        const unsigned char* integerStart = m_at;
        if (m_at == m_end || !isDigit(*m_at)) {
            return false;
        }
        if (*m_at++ != '0') {
            while (m_at != m_end && isDigit(*m_at)) {
                ++m_at;
            }
        }
        const auto integerDigits = m_at - integerStart;
        if (m_at != m_end && *m_at == '.') {
            ++m_at;
            if (m_at == m_end || !isDigit(*m_at)) {
                return false;
            }
            while (m_at != m_end && isDigit(*m_at)) {
                ++m_at;
            }
        }
        bool exponent = false;
        if (m_at != m_end && (*m_at == 'e' || *m_at == 'E')) {
            exponent = true;
            ++m_at;
            if (m_at != m_end && (*m_at == '+' || *m_at == '-')) {
                ++m_at;
            }
            if (m_at == m_end || !isDigit(*m_at)) {
                return false;
            }
            while (m_at != m_end && isDigit(*m_at)) {
                ++m_at;
            }
        }
        // Only an exponent or more than 308 integer digits can reach DBL_MAX ≈ 1.8e308.
        if (exponent || integerDigits > std::numeric_limits<double>::max_exponent10) {
            const char* first = reinterpret_cast<const char*>(start);
            const char* last = reinterpret_cast<const char*>(m_at);
            double parsed = 0;
            const auto result = std::from_chars(first, last, parsed);
            if (result.ec == std::errc::result_out_of_range &&
                overflows(std::string_view(first, static_cast<std::size_t>(last - first)))) {
                return false;
            }
        }
        push(Type::Number, start, m_at);
        return true;
    }

    // A string, the cursor on its opening quote; leaves the cursor after the closing one.
    bool string() {
        const unsigned char* start = ++m_at;
        bool escaped = false;
        while (true) {
            while (m_end - m_at >= 8) {
                std::uint64_t word = 0;
                std::memcpy(&word, m_at, sizeof word);
                if (hasSpecialByte(word)) {
                    break;
                }
                m_at += 8;
            }
            while (m_at != m_end && kPlainStringByte[*m_at]) {
                ++m_at;
            }
            if (m_at == m_end) {
                return false;
            }
            const unsigned char c = *m_at;
            if (c == '"') {
                push(Type::String, start, m_at, escaped);
                ++m_at;
                return true;
            }
            if (c == '\\') {
                escaped = true;
                if (!escape()) {
                    return false;
                }
            } else if (c < 0x20 || !utf8()) {
                return false;  // a control byte must be escaped
            }
        }
    }

    // \uXXXX, the cursor on the backslash; nlohmann's rules for surrogates.
    int codeUnit() {
        if (m_end - m_at < 6 || m_at[0] != '\\' || m_at[1] != 'u') {
            return -1;
        }
        int unit = 0;
        for (int i = 2; i < 6; ++i) {
            const int digit = hexValue(m_at[i]);
            if (digit < 0) {
                return -1;
            }
            unit = unit * 16 + digit;
        }
        m_at += 6;
        return unit;
    }

    bool escape() {
        if (m_end - m_at < 2) {
            return false;
        }
        switch (m_at[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                m_at += 2;
                return true;
            case 'u':
                break;
            default:
                return false;
        }
        const int unit = codeUnit();
        if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) {
            return false;  // a low surrogate must follow a high one
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            const int low = codeUnit();
            return low >= 0xDC00 && low <= 0xDFFF;
        }
        return true;
    }

    // One multi-byte UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF).
    bool utf8() {
        const unsigned char lead = *m_at;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        std::ptrdiff_t continuation = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuation = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuation = 2;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuation = 3;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (m_end - m_at <= continuation || m_at[1] < low || m_at[1] > high) {
            return false;
        }
        for (std::ptrdiff_t i = 2; i <= continuation; ++i) {
            if (m_at[i] < 0x80 || m_at[i] > 0xBF) {
                return false;
            }
        }
        m_at += continuation + 1;
        return true;
    }

    const unsigned char* m_begin;
    const unsigned char* m_at;
    const unsigned char* m_end;
    std::vector<Token>& m_tokens;
    bool m_tooDeep = false;
};

}  // namespace

JsonScan::Status JsonScan::scan(std::string_view text) {
    m_text = text;
    m_tokens.clear();
    // Offsets are 32-bit; frames are far smaller.
    if (text.size() >= kNone) {
        return Status::Malformed;
    }
    return Cursor(text, m_tokens).document();
}

JsonScan::Lookup JsonScan::member(std::uint32_t object, std::string_view key) const {
    Lookup lookup;
    if (object >= m_tokens.size() || m_tokens[object].type != Type::Object) {
        return lookup;
    }
    const std::uint32_t end = m_tokens[object].next;
    for (std::uint32_t k = object + 1; k < end; k = m_tokens[k + 1].next) {
        const Token& name = m_tokens[k];
        if (name.escaped) {
            lookup.ambiguous = true;
        } else if (name.length == key.size() && raw(name) == key) {
            if (lookup.value != kNone) {
                lookup.ambiguous = true;
            }
            lookup.value = k + 1;
        }
    }
    return lookup;
}

std::optional<std::int64_t> JsonScan::integer(const Token& token) const {
    if (token.type != Type::Number) {
        return std::nullopt;
    }
    const std::string_view text = raw(token);
    std::int64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    // A fraction or an exponent stops from_chars early: not an integer token.
    if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> JsonScan::decimal(const Token& token) const {
    const auto value = text(token);
    return value ? core::parseDecimal(*value) : std::nullopt;
}

std::optional<std::string_view> JsonScan::text(const Token& token) const {
    if (token.type != Type::String || token.escaped) {
        return std::nullopt;
    }
    return raw(token);
}

}  // namespace liqmap::exchange::detail
