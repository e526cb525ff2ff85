#pragma once

#include <openssl/err.h>  // ERR_get_error
#include <openssl/ssl.h>  // SSL, SSL_set_tlsext_host_name

#include <boost/asio/ssl/context.hpp>         // boost::asio::ssl::context
#include <boost/asio/ssl/error.hpp>           // boost::asio::error::get_ssl_category
#include <boost/asio/ssl/verify_context.hpp>  // boost::asio::ssl::verify_context
#include <boost/system/error_code.hpp>        // boost::system::error_code
#include <memory>                             // std::shared_ptr
#include <string>                             // std::string

#include "liqmap/exchange/tls_settings.h"
#include "transport/url.h"

namespace liqmap::exchange::detail {

/// A TLS client context: TLS 1.2 minimum, verify_peer, trust = the system CA store plus
/// `settings.extraCaPem`. There is no way to turn verification off. Throws core::ConfigError
/// ("tls.extraCaPem", …) when the extra PEM cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> makeClientTlsContext(const TlsSettings& settings);

/// Verify callback: Asio's host_name_verification (DNS name or IP literal against the SANs), plus
/// recording a mismatch in the store context so the error text can say "hostname mismatch"
/// instead of only "certificate verify failed".
class HostVerifier {
public:
    explicit HostVerifier(std::string host) : m_host(std::move(host)) {}
    bool operator()(bool preverified, boost::asio::ssl::verify_context& context) const;

private:
    std::string m_host;
};

/// Prepares a fresh TLS stream for its client handshake with `url`: SNI when the host is a name
/// (an IP literal must not be sent as SNI), and host-name verification.
template <class SslStream>
boost::system::error_code prepareClientStream(SslStream& stream, const Url& url) {
    boost::system::error_code ec;
    if (!url.hostIsIpLiteral() &&
        SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1) {
        return {static_cast<int>(::ERR_get_error()), boost::asio::error::get_ssl_category()};
    }
    stream.set_verify_callback(HostVerifier(url.host), ec);
    return ec;
}

/// The text for a failed TLS handshake: Asio's message ("certificate verify failed (SSL
/// routines)") followed by OpenSSL's verify result when there is one ("self-signed
/// certificate", "hostname mismatch").
std::string describeTlsFailure(const boost::system::error_code& ec, SSL* ssl);

}  // namespace liqmap::exchange::detail
