#include "transport/url.h"

#include <boost/asio/ip/address.hpp>  // boost::asio::ip::make_address
#include <charconv>                   // std::from_chars

#include "liqmap/core/config_error.h"

namespace liqmap::exchange::detail {

namespace {

[[noreturn]] void reject(std::string_view text, std::string_view scheme, bool allowPath,
                         std::string_view why) {
    std::string expected = std::string(scheme) + "://host[:port]" + (allowPath ? "/path" : "");
    throw core::ConfigError(
        "url", "\"" + std::string(text) + "\" is not " + expected + " (" + std::string(why) + ")");
}

bool validHostChar(char c) {
    // Registered names and IPv4 literals; anything else (spaces, '@' userinfo, '%') would only
    // ever be a mistake in a configured endpoint.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

}  // namespace

std::string Url::hostHeader() const {
    const bool bracket = host.find(':') != std::string::npos;
    std::string text = bracket ? "[" + host + "]" : host;
    if (port != "443") {
        text += ":" + port;
    }
    return text;
}

bool Url::hostIsIpLiteral() const {
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address(host, ec);
    return !ec;
}

Url parseUrl(std::string_view text, std::string_view scheme, bool allowPath) {
    const std::string prefix = std::string(scheme) + "://";
    if (text.substr(0, prefix.size()) != prefix) {
        reject(text, scheme, allowPath, "scheme");
    }
    std::string_view rest = text.substr(prefix.size());
    const std::size_t pathStart = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, pathStart);
    std::string_view path = pathStart == std::string_view::npos ? "" : rest.substr(pathStart);

    Url url;
    std::string_view portText;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            reject(text, scheme, allowPath, "unclosed IPv6 literal");
        }
        url.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                reject(text, scheme, allowPath, "host");
            }
            portText = after.substr(1);
            if (portText.empty()) {
                reject(text, scheme, allowPath, "port");
            }
        }
        boost::system::error_code ec;
        (void)boost::asio::ip::make_address(url.host, ec);
        if (ec || url.host.find(':') == std::string::npos) {
            reject(text, scheme, allowPath, "IPv6 literal");
        }
    } else {
        const std::size_t colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            portText = authority.substr(colon + 1);
            if (portText.empty()) {
                reject(text, scheme, allowPath, "port");
            }
        }
        for (const char c : url.host) {
            if (!validHostChar(c)) {
                reject(text, scheme, allowPath, "host");
            }
        }
    }
    if (url.host.empty()) {
        reject(text, scheme, allowPath, "no host");
    }

    url.port = "443";
    if (!portText.empty()) {
        unsigned port = 0;
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc{} || end != portText.data() + portText.size() || port == 0 ||
            port > 65535) {
            reject(text, scheme, allowPath, "port");
        }
        url.port = std::to_string(port);
    }

    if (!allowPath && !path.empty() && path != "/") {
        reject(text, scheme, allowPath, "unexpected path");
    }
    if (path.find_first_of(" \t\r\n#") != std::string_view::npos) {
        reject(text, scheme, allowPath, "path");
    }
    // "wss://host?x=1" has a query but no path; HTTP needs the target to start with '/'.
    // (Built with push_back and append: GCC 12 at -O3 warns falsely, -Wrestrict, about
    // assigning or inserting a literal here.)
    std::string target;
    if (path.empty() || path.front() == '?') {
        target.push_back('/');
    }
    target.append(path);
    url.target = std::move(target);
    return url;
}

}  // namespace liqmap::exchange::detail
