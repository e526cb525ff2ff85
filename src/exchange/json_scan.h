#pragma once

// A strict, validating, single-pass JSON tokenizer for one frame (internal to the exchange
// layer). It accepts exactly the texts nlohmann::json::parse accepts (strict RFC 8259, a leading
// UTF-8 BOM allowed, no comments, numbers that overflow a double refused, UTF-8 and escapes
// checked) up to a nesting depth of kMaxDepth, and builds no tree: a flat token vector, kept
// between calls, so scanning allocates nothing after warm-up. The trade fast paths read their
// few fields from it and fall back to the DOM path for anything they cannot read exactly.
//
//     JsonScan scan;
//     if (scan.scan(frame) != JsonScan::Status::Ok) { return std::nullopt; }
//     const JsonScan::Lookup price = scan.member(JsonScan::kRoot, "p");

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t, std::uint32_t, std::int64_t
#include <optional>     // std::optional
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace liqmap::exchange::detail {

/// Tokenizes one JSON text; not thread-safe (one owner reuses it frame after frame).
class JsonScan {
public:
    enum class Type : std::uint8_t { Object, Array, String, Number, True, False, Null };
    enum class Status : std::uint8_t {
        Ok,
        Malformed,  ///< not JSON (nlohmann::json::parse refuses it too)
        /// More than kMaxDepth nested containers before any error (nlohmann has no limit; the
        /// rest of the text is not looked at).
        TooDeep,
    };

    /// One value, or one object key. An object's members follow it as key token, value token
    /// pairs; an array's elements follow it in order.
    struct Token {
        Type type = Type::Null;
        /// Strings: the raw text holds a backslash, so it differs from the decoded value.
        bool escaped = false;
        /// The raw text in the scanned string: strings without their quotes (still escaped),
        /// containers from the bracket to the closing bracket.
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        /// The index of the first token after this value's subtree (a sibling, or the end).
        std::uint32_t next = 0;
    };

    /// Where a member of an object is.
    struct Lookup {
        /// The value token, or kNone when the key is absent.
        std::uint32_t value = kNone;
        /// The key occurs more than once, or some key of the object has an escape (and could
        /// decode to this one): the raw text alone cannot say which value the DOM would keep.
        bool ambiguous = false;
    };

    static constexpr std::uint32_t kNone = 0xFFFFFFFF;
    static constexpr std::uint32_t kRoot = 0;
    static constexpr std::size_t kMaxDepth = 64;

    /// Tokenizes `text`, which must outlive the tokens. On anything but Ok the tokens are
    /// unusable.
    Status scan(std::string_view text);

    std::size_t size() const { return m_tokens.size(); }
    const Token& operator[](std::uint32_t index) const { return m_tokens[index]; }
    /// The raw text of a token (see Token::offset).
    std::string_view raw(const Token& token) const {
        return m_text.substr(token.offset, token.length);
    }

    /// Member `key` of the object token `object` (kNone when `object` is not an object).
    Lookup member(std::uint32_t object, std::string_view key) const;

    /// The element tokens of an array token, in order: `for (std::uint32_t e : scan.elements(a))`.
    class Elements {
    public:
        class Iterator {
        public:
            Iterator(const JsonScan& scan, std::uint32_t index) : m_scan(&scan), m_index(index) {}
            std::uint32_t operator*() const { return m_index; }
            Iterator& operator++() {
                m_index = (*m_scan)[m_index].next;
                return *this;
            }
            bool operator!=(const Iterator& other) const { return m_index != other.m_index; }

        private:
            const JsonScan* m_scan;
            std::uint32_t m_index;
        };

        Elements(const JsonScan& scan, std::uint32_t array) : m_scan(scan), m_array(array) {}
        Iterator begin() const { return {m_scan, m_array + 1}; }
        Iterator end() const { return {m_scan, m_scan[m_array].next}; }

    private:
        const JsonScan& m_scan;
        std::uint32_t m_array;
    };
    /// `array` must be an array token.
    Elements elements(std::uint32_t array) const { return {*this, array}; }

    /// A number token without fraction or exponent that fits an int64, read exactly.
    std::optional<std::int64_t> integer(const Token& token) const;
    /// A string token without escapes holding a finite decimal in JSON's grammar
    /// (core::parseDecimal), as FieldReader::decimal reads a "str-dec".
    std::optional<double> decimal(const Token& token) const;
    /// A string token without escapes: its raw text is its value.
    std::optional<std::string_view> text(const Token& token) const;

private:
    std::string_view m_text;
    std::vector<Token> m_tokens;
};

}  // namespace liqmap::exchange::detail
