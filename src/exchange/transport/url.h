#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::exchange::detail {

/// The parts of a wss:// or https:// URL the transport needs.
struct Url {
    /// Name or IP literal, without the brackets of an IPv6 literal.
    std::string host;
    /// Decimal port, "443" when the URL names none.
    std::string port;
    /// Path and query, at least "/".
    std::string target;

    /// What the Host header carries: host, with ":port" unless it is the default 443.
    std::string hostHeader() const;
    /// True when `host` is an IP literal (no SNI then; the certificate needs an IP SAN).
    bool hostIsIpLiteral() const;
};

/// Parses "<scheme>://host[:port][/path[?query]]". With `allowPath` false only an empty path or
/// "/" is accepted (REST base URLs). Throws core::ConfigError("url", …) naming the text.
Url parseUrl(std::string_view text, std::string_view scheme, bool allowPath);

}  // namespace liqmap::exchange::detail
