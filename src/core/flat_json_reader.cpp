#include "flat_json_reader.h"

#include <array>  // std::array

#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

constexpr int kMaxDepth = 64;

bool isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

int hexValue(char c) {
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

bool readHex4(std::string_view raw, std::size_t at, std::uint32_t& value) {
    if (at + 4 > raw.size()) {
        return false;
    }
    value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const int digit = hexValue(raw[i]);
        if (digit < 0) {
            return false;
        }
        value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
}

void appendUtf8(std::string& out, std::uint32_t codePoint) {
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

// Length of the valid UTF-8 sequence starting at raw[at], or 0 (overlong forms, surrogates and
// code points above U+10FFFF are invalid).
std::size_t utf8SequenceLength(std::string_view raw, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(raw[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    std::uint32_t codePoint = 0;
    if (lead < 0x80) {
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        codePoint = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        codePoint = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        codePoint = lead & 0x07u;
    } else {
        return 0;
    }
    if (at + length > raw.size()) {
        return 0;
    }
    for (std::size_t i = at + 1; i < at + length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) {
            return 0;
        }
        codePoint = (codePoint << 6) | (byte(i) & 0x3Fu);
    }
    static constexpr std::array<std::uint32_t, 5> kSmallest{0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < kSmallest[length] || codePoint > 0x10FFFF ||
        (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        return 0;
    }
    return length;
}

// Length of the valid escape sequence starting at the backslash raw[at], or 0. A \\u high
// surrogate must be followed by an escaped low surrogate; a lone low surrogate is invalid.
std::size_t escapeLength(std::string_view raw, std::size_t at) {
    if (at + 1 >= raw.size()) {
        return 0;
    }
    switch (raw[at + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            return 2;
        case 'u':
            break;
        default:
            return 0;
    }
    std::uint32_t codePoint = 0;
    if (!readHex4(raw, at + 2, codePoint)) {
        return 0;
    }
    if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
        return 0;
    }
    if (codePoint < 0xD800 || codePoint > 0xDBFF) {
        return 6;
    }
    std::uint32_t low = 0;
    if (at + 8 > raw.size() || raw[at + 6] != '\\' || raw[at + 7] != 'u' ||
        !readHex4(raw, at + 8, low) || low < 0xDC00 || low > 0xDFFF) {
        return 0;
    }
    return 12;
}

}  // namespace

bool FlatJsonReader::fail() {
    m_state = State::Failed;
    return false;
}

void FlatJsonReader::skipWhitespace() {
    while (m_pos < m_text.size() && isWhitespace(m_text[m_pos])) {
        ++m_pos;
    }
}

bool FlatJsonReader::scanString(std::string_view& content, bool& escaped) {
    // At the opening quote. Escapes and UTF-8 are checked here, for every string (keys and
    // ignored values included), so that only valid JSON text reads as an event.
    const std::size_t start = ++m_pos;
    escaped = false;
    while (m_pos < m_text.size()) {
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        std::size_t length = 1;
        if (c == '"') {
            content = m_text.substr(start, m_pos - start);
            ++m_pos;
            return true;
        }
        if (c < 0x20) {
            return false;  // control characters must be escaped
        }
        if (c == '\\') {
            escaped = true;
            length = escapeLength(m_text, m_pos);
        } else if (c >= 0x80) {
            length = utf8SequenceLength(m_text, m_pos);
        }
        if (length == 0) {
            return false;
        }
        m_pos += length;
    }
    return false;
}

bool FlatJsonReader::scanNumber(std::string_view& literal) {
    const std::size_t start = m_pos;
    while (m_pos < m_text.size() && isNumberChar(m_text[m_pos])) {
        ++m_pos;
    }
    literal = m_text.substr(start, m_pos - start);
    return isJsonNumber(literal);
}

bool FlatJsonReader::scanLiteral(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) {
        return false;
    }
    m_pos += word.size();
    return true;
}

bool FlatJsonReader::skipValue(int depth) {
    skipWhitespace();
    if (m_pos >= m_text.size()) {
        return false;
    }
    std::string_view ignored;
    bool escaped = false;
    switch (m_text[m_pos]) {
        case '"':
            return scanString(ignored, escaped);
        case 't':
            return scanLiteral("true");
        case 'f':
            return scanLiteral("false");
        case 'n':
            return scanLiteral("null");
        case '[': {
            if (depth > kMaxDepth) {
                return false;  // the depth counts containers: a scalar adds no recursion
            }
            ++m_pos;
            skipWhitespace();
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return true;
            }
            while (true) {
                if (!skipValue(depth + 1)) {
                    return false;
                }
                skipWhitespace();
                if (m_pos >= m_text.size()) {
                    return false;
                }
                if (m_text[m_pos] == ']') {
                    ++m_pos;
                    return true;
                }
                if (m_text[m_pos++] != ',') {
                    return false;
                }
            }
        }
        case '{': {
            if (depth > kMaxDepth) {
                return false;
            }
            ++m_pos;
            skipWhitespace();
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return true;
            }
            while (true) {
                skipWhitespace();
                if (m_pos >= m_text.size() || m_text[m_pos] != '"' ||
                    !scanString(ignored, escaped)) {
                    return false;
                }
                skipWhitespace();
                if (m_pos >= m_text.size() || m_text[m_pos++] != ':') {
                    return false;
                }
                if (!skipValue(depth + 1)) {
                    return false;
                }
                skipWhitespace();
                if (m_pos >= m_text.size()) {
                    return false;
                }
                if (m_text[m_pos] == '}') {
                    ++m_pos;
                    return true;
                }
                if (m_text[m_pos++] != ',') {
                    return false;
                }
            }
        }
        default:
            return scanNumber(ignored);
    }
}

bool FlatJsonReader::finishObject() {
    // Only whitespace may follow the closing brace.
    skipWhitespace();
    if (m_pos != m_text.size()) {
        return fail();
    }
    m_state = State::Done;
    return false;
}

bool FlatJsonReader::next(JsonMember& member) {
    if (m_state == State::Done || m_state == State::Failed) {
        return false;
    }
    skipWhitespace();
    if (m_state == State::Start) {
        if (m_pos >= m_text.size() || m_text[m_pos] != '{') {
            return fail();
        }
        ++m_pos;
        skipWhitespace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return finishObject();
        }
        m_state = State::InObject;
    } else {
        // After a member: a comma and the next one, or the end of the object.
        if (m_pos >= m_text.size()) {
            return fail();
        }
        if (m_text[m_pos] == '}') {
            ++m_pos;
            return finishObject();
        }
        if (m_text[m_pos] != ',') {
            return fail();
        }
        ++m_pos;
        skipWhitespace();
    }

    bool keyEscaped = false;
    if (m_pos >= m_text.size() || m_text[m_pos] != '"' || !scanString(member.key, keyEscaped)) {
        return fail();
    }
    if (keyEscaped) {
        if (!decodeJsonString(member.key, m_keyScratch)) {
            return fail();
        }
        member.key = m_keyScratch;
    }
    skipWhitespace();
    if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
        return fail();
    }
    ++m_pos;
    skipWhitespace();
    if (m_pos >= m_text.size()) {
        return fail();
    }

    member.escaped = false;
    const std::size_t valueStart = m_pos;
    bool ok = false;
    switch (m_text[m_pos]) {
        case '"':
            member.kind = JsonKind::String;
            ok = scanString(member.text, member.escaped);
            return ok ? true : fail();
        case 't':
            member.kind = JsonKind::True;
            ok = scanLiteral("true");
            break;
        case 'f':
            member.kind = JsonKind::False;
            ok = scanLiteral("false");
            break;
        case 'n':
            member.kind = JsonKind::Null;
            ok = scanLiteral("null");
            break;
        case '{':
            member.kind = JsonKind::Object;
            ok = skipValue(1);
            break;
        case '[':
            member.kind = JsonKind::Array;
            ok = skipValue(1);
            break;
        default:
            member.kind = JsonKind::Number;
            ok = scanNumber(member.text);
            return ok ? true : fail();
    }
    if (!ok) {
        return fail();
    }
    member.text = m_text.substr(valueStart, m_pos - valueStart);
    return true;
}

bool decodeJsonString(std::string_view raw, std::string& out) {
    out.clear();
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (c != '\\') {
            const std::size_t length = utf8SequenceLength(raw, i);
            if (length == 0) {
                return false;
            }
            out.append(raw.substr(i, length));
            i += length;
            continue;
        }
        if (i + 1 >= raw.size()) {
            return false;
        }
        const char escape = raw[i + 1];
        i += 2;
        switch (escape) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t codePoint = 0;
                if (!readHex4(raw, i, codePoint)) {
                    return false;
                }
                i += 4;
                if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    std::uint32_t low = 0;
                    if (i + 2 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u' ||
                        !readHex4(raw, i + 2, low) || low < 0xDC00 || low > 0xDFFF) {
                        return false;
                    }
                    i += 6;
                    codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
                } else if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
                    return false;  // a lone low surrogate
                }
                appendUtf8(out, codePoint);
                break;
            }
            default:
                return false;
        }
    }
    return true;
}

}  // namespace liqmap::core
