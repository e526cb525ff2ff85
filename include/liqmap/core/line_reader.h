#pragma once

#include <cstddef>      // std::size_t
#include <string_view>  // std::string_view

namespace liqmap::core {

/// Walks the lines of a whole text (an event file, raw frames, a recording) without copying:
///
///     LineReader lines(content);
///     for (std::string_view line; lines.next(line);) { … lines.number() … }
///
/// A line comes without its "\n" and without a trailing "\r"; blank lines are returned too, so
/// line numbers match an editor's.
class LineReader {
public:
    explicit LineReader(std::string_view text) : m_text(text) {}

    /// The next line; false once the text is used up.
    bool next(std::string_view& line) {
        if (m_start >= m_text.size()) {
            return false;
        }
        std::size_t end = m_text.find('\n', m_start);
        m_unterminated = end == std::string_view::npos;
        if (m_unterminated) {
            end = m_text.size();
        }
        line = m_text.substr(m_start, end - m_start);
        m_start = end + 1;
        ++m_number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        return true;
    }

    /// 1-based number of the line next() returned last.
    std::size_t number() const { return m_number; }
    /// The line returned last had no newline after it: the text ends inside it (a file cut off
    /// mid-write, or one simply without a final newline).
    bool unterminated() const { return m_unterminated; }

private:
    std::string_view m_text;
    std::size_t m_start = 0;
    std::size_t m_number = 0;
    bool m_unterminated = false;
};

}  // namespace liqmap::core
